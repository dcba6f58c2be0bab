import PCXSource
import PCXSyntax

extension Checker {
  /// `let/data/model/loss/objective/train name = value`.
  mutating func checkBinding(_ keyword: DeclKeyword, _ name: Identifier, _ value: Expr, _ span: SourceSpan) -> TStmt? {
    declaring = name.name
    let kind: SymbolKind
    let checked: Checked
    switch keyword {
    case .let:
      kind = .let
      checked = Checked(checkLetValue(value))
    case .data:
      kind = .data
      checked = checkDeclaredCall(value, expected: .data, keyword: "data")
    case .model:
      kind = .model
      checked = checkDeclaredCall(value, expected: .model, keyword: "model")
    case .loss:
      kind = .loss
      checked = checkDeclaredCall(value, expected: .loss, keyword: "loss")
    case .objective:
      kind = .objective
      checked = checkObjective(name, value)
    case .train:
      kind = .train
      checked = checkDeclaredCall(value, expected: .optimizer, keyword: "train")
    }
    let typed = checked.expr
    declare(Symbol(name: name.name, kind: kind, type: typed.type, span: name.span, constant: typed.constant, facts: checked.facts))
    return TStmt(kind: .declaration(kind, name: name.name, value: typed), span: span)
  }

  private mutating func checkLetValue(_ value: Expr) -> TExpr {
    var typed = checkExpr(value, .letValue)
    if let text = overrides[declaring], let replaced = Self.override(text, typed) { typed = replaced }
    switch typed.type {
    case .int, .real, .bool, .string, .vector, .matrix, .tensor, .tuple, .error: return typed
    default:
      error(.letNotValue(typed.type, at: value.span))
      return TExpr(.invalid, .error, value.span)
    }
  }

  /// A `--set` value in place of a let's own (the same reading as the runtime's): an int for an
  /// int let given an integer, a real for a numeric let, the text for a string let; nil keeps
  /// the script's value (the runtime then reports the mismatch).
  static func override(_ text: String, _ typed: TExpr) -> TExpr? {
    let span = typed.span
    if typed.type == .int, let i = Int(text) { return TExpr(.literal(.int(i)), .int, span, constant: .int(i)) }
    if typed.type == .int || typed.type == .real, let x = Double(text) {
      return TExpr(.literal(.real(x)), .real, span, constant: .real(x))
    }
    if typed.type == .string {
      let s = text.trimmingCharacters(in: ["\""])
      return TExpr(.literal(.string(s)), .string, span, constant: .string(s))
    }
    return nil
  }

  /// `objective f = expr`: a scalar expression of params, and the params it uses.
  private mutating func checkObjective(_ name: Identifier, _ value: Expr) -> Checked {
    usedParams = []
    let typed = checkExpr(value, .objective)
    let used = Facts(params: usedParams.sorted { (paramIndex[$0] ?? 0) < (paramIndex[$1] ?? 0) })
    guard typed.type != .error else { return Checked(typed, facts: used) }
    guard typed.type.isScalar else {
      error(.objectiveNotScalar(typed.type, at: value.span))
      return Checked(TExpr(.invalid, .error, value.span), facts: used)
    }
    if used.params.isEmpty {
      error(.objectiveWithoutParams(name.name, at: value.span))
      return Checked(TExpr(.invalid, .error, value.span), facts: used)
    }
    return Checked(TExpr(typed.kind, .objective, typed.span), facts: used)
  }

  /// The value of a declaration that must come from the catalog with the given kind (or be a
  /// name of that type, as in `data D2 = D`, which shares the facts of `D`).
  mutating func checkDeclaredCall(_ value: Expr, expected: EntryKind, keyword: String) -> Checked {
    let wanted: PType = expected == .data ? .dataset(n: .symbol("n"), d: .symbol("d"), k: .symbol("k"))
      : expected == .model ? .model(d: .symbol("d"), k: .symbol("k"), p: .symbol("p"))
      : expected == .loss ? .objective : expected == .optimizer ? .run : .certificate
    if case .call(let callee, let arguments) = value.kind {
      return checkCall(callee, arguments, value.span, .value, expected: expected)
    }
    let typed = checkExpr(value, .value)
    if typed.type == .error || sameKind(typed.type, wanted) {
      if case .reference(let name, _) = typed.kind, let symbol = lookup(name) { return Checked(typed, facts: symbol.facts) }
      return Checked(typed)
    }
    error(.declarationKind(keyword, needs: expected, found: typed.type, at: value.span))
    return Checked(TExpr(.invalid, .error, value.span))
  }

  func sameKind(_ a: PType, _ b: PType) -> Bool {
    switch (a, b) {
    case (.dataset, .dataset), (.model, .model): return true
    default: return a == b
    }
  }

  /// `sweep v in [a, b, c] { ... }`: the body is checked once per value, in its own scope.
  mutating func checkSweep(_ variable: Identifier, _ values: Expr, _ body: [Stmt], _ span: SourceSpan) -> TStmt? {
    let typed = checkExpr(values, .letValue)
    guard case .list(let items)? = typed.constant, !items.isEmpty,
      items.allSatisfy({ if case .list = $0 { return false } else { return true } })
    else {
      if typed.type != .error {
        error(.sweepValuesNotConstant(at: values.span))
      }
      return nil
    }
    let outer = diagnostics
    let outerCount = errorCount
    var perValue: [(ConstValue, [Diagnostic])] = []
    var bodies: [[TStmt]] = []
    for item in items {
      diagnostics = DiagnosticSet()
      let type: PType = item.intValue != nil ? .int : item.realValue != nil ? .real : .string
      scopes.append([:])
      declare(Symbol(name: variable.name, kind: .sweepVariable, type: type, span: variable.span, constant: item))
      bodies.append(checkBlock(body))
      scopes.removeLast()
      perValue.append((item, diagnostics.sorted))
    }
    diagnostics = outer
    errorCount = outerCount
    mergeSweepDiagnostics(perValue, variable: variable.name, total: items.count)
    return TStmt(kind: .sweep(variable: variable.name, values: items, bodies: bodies), span: span)
  }

  /// One diagnostic per distinct message and span; a note names the sweep values that cause it
  /// unless every value does.
  private mutating func mergeSweepDiagnostics(_ perValue: [(ConstValue, [Diagnostic])], variable: String, total: Int) {
    var order: [Diagnostic] = []
    var values: [Diagnostic: [ConstValue]] = [:]
    for (value, list) in perValue {
      for diagnostic in list {
        if values[diagnostic] == nil { order.append(diagnostic) }
        values[diagnostic, default: []].append(value)
      }
    }
    for diagnostic in order {
      let causes = values[diagnostic] ?? []
      error(causes.count == total ? diagnostic : diagnostic.adding(notes: [.sweepValues(variable, causes)]))
    }
  }
}
