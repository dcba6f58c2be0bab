import PCXSource
import PCXSyntax

extension Checker {
  /// `let/data/model/loss/objective/train name = value`.
  mutating func checkBinding(_ keyword: DeclKeyword, _ name: Identifier, _ value: Expr, _ span: SourceSpan) -> TStmt? {
    declaring = name.name
    pendingFacts = Symbol(name: name.name, kind: .let, type: .error, span: name.span)
    let kind: SymbolKind
    let typed: TExpr
    switch keyword {
    case .let:
      kind = .let
      typed = checkLetValue(value)
    case .data:
      kind = .data
      typed = checkDeclaredCall(value, expected: .data, keyword: "data")
    case .model:
      kind = .model
      typed = checkDeclaredCall(value, expected: .model, keyword: "model")
    case .loss:
      kind = .loss
      typed = checkDeclaredCall(value, expected: .loss, keyword: "loss")
    case .objective:
      kind = .objective
      typed = checkObjective(name, value)
    case .train:
      kind = .train
      typed = checkDeclaredCall(value, expected: .optimizer, keyword: "train")
    }
    var symbol = pendingFacts
    symbol = Symbol(name: name.name, kind: kind, type: typed.type, span: name.span, constant: typed.constant,
      entry: symbol.entry, origins: symbol.origins, params: symbol.params, isDataLoss: symbol.isDataLoss)
    declare(symbol)
    return TStmt(kind: .declaration(kind, name: name.name, value: typed), span: span)
  }

  private mutating func checkLetValue(_ value: Expr) -> TExpr {
    var typed = checkExpr(value, .letValue)
    if let text = overrides[declaring], let replaced = Self.override(text, typed) { typed = replaced }
    switch typed.type {
    case .int, .real, .bool, .string, .vector, .matrix, .tensor, .tuple, .error: return typed
    default:
      error("'let' binds numbers, vectors, matrices and strings; this is \(typed.type) (use data, model, loss, train or certify)", at: value.span)
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

  /// `objective f = expr`: a scalar expression of params.
  private mutating func checkObjective(_ name: Identifier, _ value: Expr) -> TExpr {
    usedParams = []
    let typed = checkExpr(value, .objective)
    let used = usedParams.sorted { (paramIndex[$0] ?? 0) < (paramIndex[$1] ?? 0) }
    pendingFacts.params = used
    guard typed.type != .error else { return typed }
    guard typed.type.isScalar else {
      error("an objective must be a scalar, but this expression is \(typed.type)", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
    if used.isEmpty {
      error("objective '\(name.name)' does not depend on any param; declare one, as in 'param x: real = 1.0'", at: value.span)
      return TExpr(.invalid, .error, value.span)
    }
    return TExpr(typed.kind, .objective, typed.span)
  }

  /// The value of a declaration that must come from the catalog with the given kind (or be a
  /// name of that type, as in `data D2 = D`).
  mutating func checkDeclaredCall(_ value: Expr, expected: EntryKind, keyword: String) -> TExpr {
    let wanted: PType = expected == .data ? .dataset(n: .symbol("n"), d: .symbol("d"), k: .symbol("k"))
      : expected == .model ? .model(d: .symbol("d"), k: .symbol("k"), p: .symbol("p"))
      : expected == .loss ? .objective : expected == .optimizer ? .run : .certificate
    if case .call(let callee, let arguments) = value.kind {
      return checkCall(callee, arguments, value.span, .value, expected: expected)
    }
    let typed = checkExpr(value, .value)
    if typed.type == .error || sameKind(typed.type, wanted) {
      if case .reference(let name, _) = typed.kind, let symbol = lookup(name) { inheritFacts(symbol) }
      return typed
    }
    error("'\(keyword)' needs \(expected.phrase) such as \(Self.example(expected)), found \(typed.type)", at: value.span)
    return TExpr(.invalid, .error, value.span)
  }

  private mutating func inheritFacts(_ symbol: Symbol) {
    pendingFacts.entry = symbol.entry
    pendingFacts.origins = symbol.origins
    pendingFacts.params = symbol.params
    pendingFacts.isDataLoss = symbol.isDataLoss
  }

  func sameKind(_ a: PType, _ b: PType) -> Bool {
    switch (a, b) {
    case (.dataset, .dataset), (.model, .model): return true
    default: return a == b
    }
  }

  static func example(_ kind: EntryKind) -> String {
    switch kind {
    case .data: return "gaussian(n: 512, d: 64) or csv(\"train.csv\", label: \"y\")"
    case .model: return "mlp(in: 8, hidden: [16], out: 1)"
    case .loss: return "mse(net, D) (use 'objective' for an expression of params)"
    case .optimizer: return "gd(L, lr: 0.1, steps: 100)"
    case .certificate: return "pl_star(L, on: run)"
    case .labels: return "teacher(net)"
    case .set: return "points([p1, p2])"
    case .builtin: return "zeros(3)"
    }
  }

  /// `sweep v in [a, b, c] { ... }`: the body is checked once per value, in its own scope.
  mutating func checkSweep(_ variable: Identifier, _ values: Expr, _ body: [Stmt], _ span: SourceSpan) -> TStmt? {
    let typed = checkExpr(values, .letValue)
    guard case .list(let items)? = typed.constant, !items.isEmpty,
      items.allSatisfy({ if case .list = $0 { return false } else { return true } })
    else {
      if typed.type != .error {
        error("sweep values must be a non-empty list of constants, as in [64, 128, 256]", at: values.span)
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
      if causes.count == total {
        error(diagnostic.message, at: diagnostic.span, notes: diagnostic.notes)
      } else {
        let list = causes.map(\.description).joined(separator: ", ")
        error(diagnostic.message, at: diagnostic.span, notes: diagnostic.notes + [Note("when \(variable) = \(list)")])
      }
    }
  }
}
