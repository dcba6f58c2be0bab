import PCXSource
import PCXSyntax

extension Checker {
  /// Checks one argument value against what its parameter accepts. An argument written as a
  /// catalog call (`standardize(take(D, 10))`) returns what that call learned; `rowWidth` is the
  /// width of `x` in a `labels:` expression.
  mutating func checkArgument(
    _ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry, _ context: Context, rowWidth: Dim?
  ) -> Checked {
    switch parameter.kind {
    case .choice(let category, let options): return Checked(checkChoice(value, category, options, parameter, entry))
    case .realOr(let options):
      if case .name(let name) = value.kind {
        if options.contains(name) { return Checked(TExpr(.choice(name), .choice(name), value.span)) }
        if lookup(name) == nil {
          error(.unknownRealOption(name, parameter.name, of: entry.name, options: options, at: value.span))
          return Checked(TExpr(.invalid, .error, value.span))
        }
      }
      return Checked(expectType(checkExpr(value, context), parameter, entry, .realOr(options)) { $0.isScalar })
    case .stopRule:
      return Checked(expectType(checkExpr(value, .stopRule), parameter, entry, .condition) { $0 == .bool })
    case .set: return Checked(checkSet(value, parameter, entry))
    case .labels: return Checked(checkLabels(value, parameter, entry, rowWidth: rowWidth))
    case .initializer: return Checked(checkInitializer(value, parameter, entry))
    default: break
    }
    if case .call(let callee, let arguments) = value.kind, let kind = Self.nestedCallKind(parameter.kind) {
      let call = checkCall(callee, arguments, value.span, context, expected: kind)
      return Checked(checkValue(call.expr, value, parameter, entry), facts: call.facts)
    }
    return Checked(checkValue(checkExpr(value, context), value, parameter, entry))
  }

  /// Checks a typed argument `typed` (written as `value`) against its parameter's type.
  private mutating func checkValue(_ typed: TExpr, _ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    switch parameter.kind {
    case .int: return expectType(typed, parameter, entry, .int) { $0 == .int }
    case .real: return expectType(typed, parameter, entry, .real) { $0.isScalar }
    case .bool: return expectType(typed, parameter, entry, .bool) { $0 == .bool }
    case .string: return expectType(typed, parameter, entry, .string) { $0 == .string }
    case .numeric, .point: return expectType(typed, parameter, entry, .numeric) { $0.shape != nil || $0 == .trace || $0.isTuple }
    case .vector: return expectType(typed, parameter, entry, .vector) { if case .vector = $0 { return true } else { return false } }
    case .matrix: return expectType(typed, parameter, entry, .matrix) { if case .matrix = $0 { return true } else { return false } }
    case .dataset: return expectType(typed, parameter, entry, .dataset) { if case .dataset = $0 { return true } else { return false } }
    case .model: return expectType(typed, parameter, entry, .model) { if case .model = $0 { return true } else { return false } }
    case .objective: return expectType(typed, parameter, entry, .objective) { $0 == .objective }
    case .run: return expectType(typed, parameter, entry, .run) { $0 == .run }
    case .intList:
      let isList: Bool = { if case .list(let items)? = typed.constant { return items.allSatisfy { $0.intValue != nil } } else { return false } }()
      return expectType(typed, parameter, entry, .intList) { _ in isList }
    case .valueList:
      return expectType(typed, parameter, entry, .valueList) { ($0.shape?.first?.value ?? 1) > 0 && $0.shape?.isEmpty == false }
    case .dataLoss:
      let typedLoss = expectType(typed, parameter, entry, .dataLoss) { $0 == .objective }
      if typedLoss.type == .objective, case .reference(let name, _) = typed.kind, let symbol = lookup(name), !symbol.isDataLoss {
        error(.needsDataLoss(entry.name, found: name, at: value.span, declared: symbol.span))
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
  private mutating func expectType(
    _ typed: TExpr, _ parameter: ParamSpec, _ entry: CatalogEntry, _ wanted: ExpectedArgument, _ test: (PType) -> Bool
  ) -> TExpr {
    guard typed.type != .error else { return typed }
    if test(typed.type) { return typed }
    error(.argumentType(parameter.name, of: entry.name, must: wanted, found: typed.type, constant: typed.constant,
      at: typed.span, notes: [declarationNote(typed)].compactMap { $0 }))
    return TExpr(.invalid, .error, typed.span)
  }

  private mutating func checkChoice(_ value: Expr, _ category: String, _ options: [String], _ parameter: ParamSpec, _ entry: CatalogEntry) -> TExpr {
    guard case .name(let name) = value.kind else {
      error(.choiceNotName(parameter.name, of: entry.name, category: category, example: options[0], at: value.span))
      return TExpr(.invalid, .error, value.span)
    }
    guard options.contains(name) else {
      error(.unknownChoice(name, category: category, options: options, at: value.span))
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
        error(.everyNeedsRun(found: run.type, at: base.span))
        return TExpr(.invalid, .error, value.span)
      }
      guard let step = k.constant?.intValue, step > 0 else {
        error(.everyNeedsPositiveStride(at: stride.span))
        return TExpr(.invalid, .error, value.span)
      }
      _ = step
      return TExpr(.every(run, k), .pointSet, value.span)
    case .name("sphere") where lookup("sphere") == nil:
      return TExpr(.choice("sphere"), .pointSet, value.span)
    case .call(let callee, let arguments) where catalog.entries(named: callee.name).contains { $0.kind == .set }:
      return checkCall(callee, arguments, value.span, .value, expected: .set).expr
    default:
      let typed = checkExpr(value, .value)
      if typed.type == .run || typed.type == .error { return typed }
      error(.notASet(parameter.name, of: entry.name, found: typed.type, at: value.span))
      return TExpr(.invalid, .error, value.span)
    }
  }

  /// `labels:` random, teacher(net), glm(...), halfspace(...), or an expression of the row `x`.
  private mutating func checkLabels(_ value: Expr, _ parameter: ParamSpec, _ entry: CatalogEntry, rowWidth: Dim?) -> TExpr {
    if case .name("random") = value.kind { return TExpr(.choice("random"), .labels, value.span) }
    if case .call(let callee, let arguments) = value.kind, catalog.entries(named: callee.name).contains(where: { $0.kind == .labels }) {
      return checkCall(callee, arguments, value.span, .value, expected: .labels).expr
    }
    let d: Dim = rowWidth ?? .symbol("d")
    let typed = checkExpr(value, .row(d))
    guard typed.type != .error else { return typed }
    guard typed.type.isScalar else {
      error(.labelNotScalar(typed.type, at: value.span))
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
