import PCXSource
import PCXSyntax

/// A call's arguments bound to its entry's parameters.
struct BoundCall {
  let entry: CatalogEntry
  let span: SourceSpan
  var values: [String: TExpr] = [:]
  var spans: [String: SourceSpan] = [:]
  /// What arguments written as catalog calls learned (`take(standardize(D), 10)`), by parameter.
  var facts: [String: Facts] = [:]

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
    return .argument(name, value.constant, at: span)
  }
}

extension Checker {
  /// Checks a call: resolves the catalog entry (preferring `expected`), binds positional and
  /// named arguments, checks each against its parameter, then applies the entry's shape rule,
  /// which also says what the call taught about the name it declares.
  mutating func checkCall(_ callee: Identifier, _ arguments: [Argument], _ span: SourceSpan, _ context: Context, expected: EntryKind?) -> Checked {
    let candidates = catalog.entries(named: callee.name)
    guard !candidates.isEmpty else { return Checked(unknownFunction(callee, arguments, context, expected)) }
    let entry = candidates.first { $0.kind == expected } ?? candidates.first { $0.kind != .labels } ?? candidates[0]
    if let expected, entry.kind != expected {
      error(.wrongEntryKind(callee.name, is: entry.kind, needs: expected, at: callee.span))
      return Checked(TExpr(.invalid, .error, span))
    }
    if expected == nil, [.data, .model, .loss, .optimizer, .certificate].contains(entry.kind) {
      error(.callNeedsKeyword(callee.name, makes: entry.kind, at: callee.span))
      return Checked(TExpr(.invalid, .error, span))
    }
    guard var bound = bind(entry, arguments, span, context) else { return Checked(TExpr(.invalid, nominalType(entry.kind), span)) }
    let ruled = apply(entry.rule, &bound)
    let typedArguments = entry.parameters.map { p in
      bound.values[p.name].map { TArgument(name: p.name, value: $0) } ?? Self.defaultArgument(p, at: span)
    }
    let call = TExpr(.call(name: entry.name, kind: entry.kind, arguments: typedArguments), ruled?.type ?? nominalType(entry.kind), span)
    return Checked(call, facts: ruled?.facts ?? Facts())
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
        error(.notAFunction(callee.name, kind: symbol.kind, type: symbol.type, at: callee.span, declared: symbol.span))
      }
    } else {
      let pool = expected.map { kind in catalog.names(of: kind) } ?? catalog.names
      error(.unknownFunction(callee.name, preferring: pool, among: catalog.names, at: callee.span))
    }
    for argument in arguments where !(argument.value.kind.isBareName) { _ = checkExpr(argument.value, context) }
    return TExpr(.invalid, .error, callee.span)
  }

  /// Matches arguments to parameters and checks each value; nil if binding failed. A dataset's
  /// `d:`, once read, is the width of the row `x` in a later `labels:` expression.
  private mutating func bind(_ entry: CatalogEntry, _ arguments: [Argument], _ span: SourceSpan, _ context: Context) -> BoundCall? {
    var bound = BoundCall(entry: entry, span: span)
    var ok = true
    var rowWidth: Dim?
    for (position, argument) in arguments.enumerated() {
      guard let parameter = parameter(of: entry, for: argument, at: position) else {
        ok = false
        continue
      }
      if bound.spans[parameter.name] != nil {
        error(.duplicateArgument(parameter.name, of: entry.name, at: argument.span))
        ok = false
        continue
      }
      bound.spans[parameter.name] = argument.span
      let checked = checkArgument(argument.value, parameter, entry, context, rowWidth: rowWidth)
      if checked.expr.type == .error { ok = false }
      bound.values[parameter.name] = checked.expr
      bound.facts[parameter.name] = checked.facts
      if entry.kind == .data, parameter.name == "d", let width = checked.expr.constant?.intValue { rowWidth = .known(width) }
    }
    let missing = entry.parameters.filter { $0.isRequired && bound.spans[$0.name] == nil }.map(\.name)
    if ok, !missing.isEmpty {
      error(.missingArguments(missing, of: entry.name, at: span))
      ok = false
    }
    return ok ? bound : nil
  }

  /// The parameter an argument binds to (by label, else by position), or nil after reporting an
  /// unknown label or one argument too many.
  private mutating func parameter(of entry: CatalogEntry, for argument: Argument, at position: Int) -> ParamSpec? {
    let names = entry.parameters.map(\.name)
    if let label = argument.label {
      guard let named = entry.parameter(named: label.name) else {
        error(.unknownArgument(label.name, of: entry.name, arguments: names, at: label.span))
        return nil
      }
      return named
    }
    guard position < entry.parameters.count else {
      error(.tooManyArguments(entry.name, parameters: names, at: argument.span))
      return nil
    }
    return entry.parameters[position]
  }
}

extension ExprKind {
  /// True for a bare name (which may be an enumerator that only its parameter can resolve).
  var isBareName: Bool { if case .name = self { return true } else { return false } }
}

extension Checker {
  /// A parameter the call left out, with the catalog's default as a constant expression (at the
  /// call's span), so the typed call the runtime receives is complete; nil value for a contextual
  /// default.
  static func defaultArgument(_ p: ParamSpec, at span: SourceSpan) -> TArgument {
    switch p.defaultValue {
    case .value(let c): return TArgument(name: p.name, value: TExpr(.literal(c), constantType(c), span, constant: c), isDefault: true)
    case .choice(let name): return TArgument(name: p.name, value: TExpr(.choice(name), .choice(name), span), isDefault: true)
    case .contextual, .required: return TArgument(name: p.name, value: nil, isDefault: true)
    }
  }

  /// The type of a catalog default.
  static func constantType(_ c: ConstValue) -> PType {
    switch c {
    case .int: return .int
    case .real: return .real
    case .bool: return .bool
    case .string: return .string
    case .list(let items): return .vector(.known(items.count))
    }
  }
}
