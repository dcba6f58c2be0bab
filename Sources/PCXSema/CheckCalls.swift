import PCXSource
import PCXSyntax

/// A call's arguments bound to its entry's parameters.
struct BoundCall {
  let entry: CatalogEntry
  let span: SourceSpan
  var values: [String: TExpr] = [:]
  var spans: [String: SourceSpan] = [:]

  func value(_ name: String) -> TExpr? { values[name] }
  /// An int argument's value, or its default when that is a number.
  func int(_ name: String) -> Int? {
    if let value = values[name] { return value.constant?.intValue }
    return entry.parameter(named: name)?.defaultText.flatMap { Int($0) }
  }
  /// A real argument's value, or its default when that is a number.
  func real(_ name: String) -> Double? {
    if let value = values[name] { return value.constant?.realValue }
    return entry.parameter(named: name)?.defaultText.flatMap { Double($0) }
  }
  func string(_ name: String) -> String? {
    if case .string(let s)? = values[name]?.constant { return s } else { return nil }
  }
  func ints(_ name: String) -> [Int]? {
    guard case .list(let items)? = values[name]?.constant else { return nil }
    let ints = items.compactMap(\.intValue)
    return ints.count == items.count ? ints : nil
  }
  /// A size argument as a dimension: known when constant, else a symbol.
  func dim(_ name: String, symbol: String) -> Dim { int(name).map { .known($0) } ?? .symbol(symbol) }
  func origin(_ name: String) -> Origin? {
    guard let span = spans[name], let value = values[name] else { return nil }
    return Origin(text: "fixed by '\(name): \(value.constant?.description ?? "...")'", span: span)
  }
}

extension Checker {
  /// Checks a call: resolves the catalog entry (preferring `expected`), binds positional and
  /// named arguments, checks each against its parameter, then applies the entry's shape rule.
  mutating func checkCall(_ callee: Identifier, _ arguments: [Argument], _ span: SourceSpan, _ context: Context, expected: EntryKind?) -> TExpr {
    let candidates = catalog.entries(named: callee.name)
    guard !candidates.isEmpty else { return unknownFunction(callee, arguments, context, expected) }
    let entry = candidates.first { $0.kind == expected } ?? candidates.first { $0.kind != .labels } ?? candidates[0]
    if let expected, entry.kind != expected {
      error("'\(callee.name)' is \(entry.kind.phrase), but this needs \(expected.phrase) such as \(Self.example(expected))", at: callee.span)
      return TExpr(.invalid, .error, span)
    }
    if expected == nil, [.data, .model, .loss, .optimizer, .certificate].contains(entry.kind) {
      let keyword = [EntryKind.data: "data", .model: "model", .loss: "loss", .optimizer: "train", .certificate: "certify"][entry.kind] ?? ""
      error("'\(callee.name)' makes \(entry.kind.phrase); declare it with '\(keyword)'", at: callee.span)
      return TExpr(.invalid, .error, span)
    }
    guard var bound = bind(entry, arguments, span, context) else { return TExpr(.invalid, nominalType(entry.kind), span) }
    let type = apply(entry.rule, &bound) ?? nominalType(entry.kind)
    let typedArguments = entry.parameters.map { TArgument(name: $0.name, value: bound.values[$0.name]) }
    return TExpr(.call(name: entry.name, kind: entry.kind, arguments: typedArguments), type, span)
  }

  /// The type a call of this kind has even when its arguments are wrong, so that one bad
  /// argument does not make every later use of the declaration an error too (sizes stay
  /// symbolic, which every shape check accepts).
  func nominalType(_ kind: EntryKind) -> PType {
    let d = declaring
    switch kind {
    case .data: return .dataset(n: .symbol("\(d).n"), d: .symbol("\(d).d"), k: .symbol("\(d).k"))
    case .model: return .model(d: .symbol("\(d).in"), k: .symbol("\(d).out"), p: .symbol("\(d).params"))
    case .loss: return .objective
    case .optimizer: return .run
    case .certificate: return .certificate
    case .set: return .pointSet
    case .labels: return .labels
    case .builtin: return .error
    }
  }

  private mutating func unknownFunction(_ callee: Identifier, _ arguments: [Argument], _ context: Context, _ expected: EntryKind?) -> TExpr {
    if let symbol = lookup(callee.name) {
      if symbol.type != .error {
        error("'\(callee.name)' is \(symbol.kind == .let ? "a value" : "\(symbol.type)"), not a function", at: callee.span,
          notes: [Note("'\(callee.name)' is declared here", at: symbol.span)])
      }
    } else {
      let pool = expected.map { kind in catalog.names(of: kind) } ?? catalog.names
      let hint = Suggestions.didYouMean(callee.name, among: pool).isEmpty
        ? Suggestions.didYouMean(callee.name, among: catalog.names) : Suggestions.didYouMean(callee.name, among: pool)
      error("unknown function '\(callee.name)'\(hint)", at: callee.span)
    }
    for argument in arguments where !(argument.value.kind.isBareName) { _ = checkExpr(argument.value, context) }
    return TExpr(.invalid, .error, callee.span)
  }

  /// Matches arguments to parameters and checks each value; nil if binding failed.
  private mutating func bind(_ entry: CatalogEntry, _ arguments: [Argument], _ span: SourceSpan, _ context: Context) -> BoundCall? {
    var bound = BoundCall(entry: entry, span: span)
    var ok = true
    if entry.kind == .data { pendingDataWidth = nil }
    for (position, argument) in arguments.enumerated() {
      let parameter: ParamSpec
      if let label = argument.label {
        guard let named = entry.parameter(named: label.name) else {
          let names = entry.parameters.map(\.name)
          error("\(entry.name) has no argument '\(label.name)'\(Suggestions.didYouMean(label.name, among: names)) (arguments: \(names.joined(separator: ", ")))", at: label.span)
          ok = false
          continue
        }
        parameter = named
      } else {
        guard position < entry.parameters.count else {
          error("too many arguments: \(entry.name) takes at most \(entry.parameters.count) (\(entry.parameters.map(\.name).joined(separator: ", ")))", at: argument.span)
          ok = false
          continue
        }
        parameter = entry.parameters[position]
      }
      if bound.spans[parameter.name] != nil {
        error("argument '\(parameter.name)' of \(entry.name) is given twice", at: argument.span)
        ok = false
        continue
      }
      bound.spans[parameter.name] = argument.span
      let typed = checkArgument(argument.value, parameter, entry, context)
      if typed.type == .error { ok = false }
      bound.values[parameter.name] = typed
      if entry.kind == .data, parameter.name == "d", let width = typed.constant?.intValue { pendingDataWidth = .known(width) }
    }
    let missing = entry.parameters.filter { $0.isRequired && bound.spans[$0.name] == nil }.map(\.name)
    if ok, !missing.isEmpty {
      let list = missing.map { "'\($0)'" }.joined(separator: ", ")
      error("\(entry.name) needs argument\(missing.count == 1 ? "" : "s") \(list)", at: span)
      ok = false
    }
    return ok ? bound : nil
  }
}

extension ExprKind {
  /// True for a bare name (which may be an enumerator that only its parameter can resolve).
  var isBareName: Bool { if case .name = self { return true } else { return false } }
}
