import PCXSource
import PCXSyntax

extension Checker {
  /// Checks one argument value against what its parameter accepts.
  mutating func checkArgument(_ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry, _ context: Context) -> TExpr {
    let inner = context
    switch parameter.kind {
    case .choice(let category, let options): return checkChoice(value, category, options, parameter, entry)
    case .realOr(let options):
      if case .name(let name) = value.kind {
        if options.contains(name) { return TExpr(.choice(name), .choice(name), value.span) }
        if lookup(name) == nil {
          error("argument '\(parameter.name)' of \(entry.name) must be a real number or \(options.joined(separator: ", ")), found '\(name)'\(Suggestions.didYouMean(name, among: options))", at: value.span)
          return TExpr(.invalid, .error, value.span)
        }
      }
      return expectType(checkExpr(value, inner), parameter, entry, "a real number or \(options.joined(separator: ", "))") { $0.isScalar }
    case .stopRule:
      return expectType(checkExpr(value, .stopRule), parameter, entry, "a condition such as 'loss < 1e-3'") { $0 == .bool }
    case .set: return checkSet(value, parameter, entry)
    case .labels: return checkLabels(value, parameter, entry)
    case .initializer: return checkInitializer(value, parameter, entry)
    default: break
    }
    let typed: TExpr
    if case .call(let callee, let arguments) = value.kind, let kind = Self.nestedCallKind(parameter.kind) {
      typed = checkCall(callee, arguments, value.span, inner, expected: kind)
    } else {
      typed = checkExpr(value, inner)
    }
    switch parameter.kind {
    case .int: return expectType(typed, parameter, entry, "an int") { $0 == .int }
    case .real: return expectType(typed, parameter, entry, "a real number") { $0.isScalar }
    case .bool: return expectType(typed, parameter, entry, "a bool") { $0 == .bool }
    case .string: return expectType(typed, parameter, entry, "a string") { $0 == .string }
    case .numeric, .point: return expectType(typed, parameter, entry, "a number, vector or matrix") { $0.shape != nil || $0 == .trace || $0.isTuple }
    case .vector: return expectType(typed, parameter, entry, "a vector") { if case .vector = $0 { return true } else { return false } }
    case .matrix: return expectType(typed, parameter, entry, "a matrix") { if case .matrix = $0 { return true } else { return false } }
    case .dataset: return expectType(typed, parameter, entry, "a dataset") { if case .dataset = $0 { return true } else { return false } }
    case .model: return expectType(typed, parameter, entry, "a model") { if case .model = $0 { return true } else { return false } }
    case .objective: return expectType(typed, parameter, entry, "a loss or objective") { $0 == .objective }
    case .run: return expectType(typed, parameter, entry, "a run (a 'train' result)") { $0 == .run }
    case .intList:
      let isList: Bool = { if case .list(let items)? = typed.constant { return items.allSatisfy { $0.intValue != nil } } else { return false } }()
      return expectType(typed, parameter, entry, "a list of integer constants such as [256, 256]") { _ in isList }
    case .valueList:
      return expectType(typed, parameter, entry, "a non-empty list such as [p1, p2]") { ($0.shape?.first?.value ?? 1) > 0 && $0.shape?.isEmpty == false }
    case .dataLoss:
      let typedLoss = expectType(typed, parameter, entry, "a loss on data") { $0 == .objective }
      if typedLoss.type == .objective, case .reference(let name, _) = typed.kind, let symbol = lookup(name), !symbol.isDataLoss {
        error("\(entry.name) samples rows of data, so it needs a loss on data such as mse(net, D); '\(name)' is an objective expression", at: value.span,
          notes: [Note("'\(name)' is declared here", at: symbol.span)])
        return TExpr(.invalid, .error, value.span)
      }
      return typedLoss
    default: return typed
    }
  }

  /// The catalog kind a call written directly as this argument must have (`standardize(take(D, 10))`).
  static func nestedCallKind(_ kind: ArgKind) -> EntryKind? {
    switch kind {
    case .dataset: return .data
    case .model: return .model
    case .objective, .dataLoss: return .loss
    default: return nil
    }
  }

  /// Accepts `typed` if its type passes `test`, else reports "argument 'x' of f must be ...".
  private mutating func expectType(_ typed: TExpr, _ parameter: ParamSpec, _ entry: CatalogEntry, _ wanted: String, _ test: (PType) -> Bool) -> TExpr {
    guard typed.type != .error else { return typed }
    if test(typed.type) { return typed }
    let found = typed.constant.map { "\(typed.type) \($0)" } ?? "\(typed.type)"
    error("argument '\(parameter.name)' of \(entry.name) must be \(wanted), found \(found)", at: typed.span,
      notes: [declarationNote(typed)].compactMap { $0 })
    return TExpr(.invalid, .error, typed.span)
  }

  private mutating func checkChoice(_ value: Expr, _ category: String, _ options: [String], _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    guard case .name(let name) = value.kind else {
      error("argument '\(parameter.name)' of \(entry.name) must be \(category == "activation" ? "an" : "a") \(category) name such as \(options[0])", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
    guard options.contains(name) else {
      error("unknown \(category) '\(name)'\(Suggestions.didYouMean(name, among: options)) (one of \(options.joined(separator: ", ")))", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
    return TExpr(.choice(name), .choice(name), value.span)
  }

  /// `on:` sets: a run, `run every k`, a set call, or `sphere`.
  private mutating func checkSet(_ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    switch value.kind {
    case .every(let base, let stride):
      let run = checkExpr(base, .value)
      let k = checkExpr(stride, .letValue)
      guard run.type != .error, k.type != .error else { return TExpr(.invalid, .error, value.span) }
      if run.type != .run {
        error("'every' selects iterates of a run, found \(run.type)", at: base.span)
        return TExpr(.invalid, .error, value.span)
      }
      guard let step = k.constant?.intValue, step > 0 else {
        error("'every' needs a positive integer constant, as in 'run every 10'", at: stride.span)
        return TExpr(.invalid, .error, value.span)
      }
      _ = step
      return TExpr(.every(run, k), .pointSet, value.span)
    case .name("sphere") where lookup("sphere") == nil:
      return TExpr(.choice("sphere"), .pointSet, value.span)
    case .call(let callee, let arguments) where catalog.entries(named: callee.name).contains { $0.kind == .set }:
      return checkCall(callee, arguments, value.span, .value, expected: .set)
    default:
      let typed = checkExpr(value, .value)
      if typed.type == .run || typed.type == .error { return typed }
      error("argument '\(parameter.name)' of \(entry.name) must be a set: a run, 'run every k', points([...]), ball(center, radius, samples), spectral_ball(...), sphere or grid(...); found \(typed.type)", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
  }

  /// `labels:` random, teacher(net), glm(...), halfspace(...), or an expression of the row `x`.
  private mutating func checkLabels(_ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    if case .name("random") = value.kind { return TExpr(.choice("random"), .labels, value.span) }
    if case .call(let callee, let arguments) = value.kind, catalog.entries(named: callee.name).contains(where: { $0.kind == .labels }) {
      return checkCall(callee, arguments, value.span, .value, expected: .labels)
    }
    let d: Dim = pendingDataWidth ?? .symbol("d")
    let typed = checkExpr(value, .row(d))
    guard typed.type != .error else { return typed }
    guard typed.type.isScalar else {
      error("a label expression must be a scalar function of the row x, found \(typed.type)", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
    return TExpr(typed.kind, .labels, typed.span)
  }

  /// `init:` a named scheme or `load("theta.npy")`.
  private mutating func checkInitializer(_ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    if case .call(let callee, _) = value.kind, callee.name == "load" {
      return checkExpr(value, .value)
    }
    return checkChoice(value, "init", catalog.initNames, parameter, entry)
  }
}

extension PType {
  var isTuple: Bool { if case .tuple = self { return true } else { return false } }
}
