import PCXSource
import PCXSyntax

/// Walks the AST once, in the checker's order, and records declarations and occurrences for
/// `SymbolIndex`. Reads the typed program only through `TypedFacts`.
struct SymbolIndexBuilder {
  let facts: TypedFacts
  let file: SourceFile
  var declarations: [SymbolIndex.Declaration] = []
  var occurrences: [SymbolIndex.Occurrence] = []
  /// Visible names per scope (the top level, then one per enclosing sweep body).
  var scopes: [[String: Int]] = [[:]]
  /// Declarations reserved but not yet appended (a sweep variable while its body is walked).
  var pending = 0

  init(facts: TypedFacts, file: SourceFile) {
    self.facts = facts
    self.file = file
  }

  mutating func walk(_ statements: [Stmt], scopeEnd: Int) {
    for statement in statements { self.statement(statement, scopeEnd: scopeEnd) }
  }

  // MARK: Statements

  private mutating func statement(_ statement: Stmt, scopeEnd: Int) {
    let typed = facts.statements[SpanKey(statement.span)] ?? []
    let visible = min(statement.span.end, scopeEnd)..<scopeEnd
    switch statement.kind {
    case .seed(let value):
      keyword(statement, "seed")
      expr(value)
    case .binding(let word, let name, let value):
      keyword(statement, word.rawValue)
      let declaration = reserve(name)
      expr(value)
      let values = typed.compactMap { fact -> (PType, ConstValue?)? in
        if case .value(let type, let constant) = fact { return (type, constant) } else { return nil }
      }
      declare(declaration, name, SymbolKind(word), statement.span, visible, types: values.map(\.0),
              constants: values.compactMap(\.1), entry: calleeName(value))
    case .param(let param):
      self.param(param, statement, typed, visible)
    case .certify(let name, let value):
      keyword(statement, "certify")
      var declaration: Int?
      if let name { declaration = reserve(name) }
      expr(value)
      if let name, let declaration {
        declare(declaration, name, .certificate, statement.span, visible, types: typed.map { _ in .certificate }, entry: calleeName(value))
      }
    case .sweep(let variable, let values, let body):
      sweep(statement, variable, values, body, typed)
    case .report(let values):
      keyword(statement, "report")
      values.forEach { expr($0) }
    case .plot(let y, let x, let path):
      keyword(statement, "plot")
      expr(y)
      if let x { expr(x) }
      expr(path)
    case .invalid(let name):
      if let name, lookup(name.name) == nil {
        declare(reserve(name), name, .let, statement.span, visible, types: [], partial: true)
      }
    }
  }

  private mutating func param(_ param: ParamDecl, _ statement: Stmt, _ typed: [TypedFacts.Declared], _ visible: Range<Int>) {
    keyword(statement, "param")
    let declaration = reserve(param.name)
    record(param.type.name.span, .typeName)
    param.type.dimensions.forEach { expr($0) }
    if let manifold = param.manifold { record(manifold.span, .choice(callee: nil, label: "on")) }
    if let initial = param.initial { expr(initial) }
    let types = typed.compactMap { fact -> PType? in
      if case .param(let type) = fact { return type } else { return nil }
    }
    declare(declaration, param.name, .param, statement.span, visible, types: types, entry: param.initial.flatMap(calleeName))
  }

  /// `sweep v in values { body }`: the values in the outer scope, then a scope holding `v` and
  /// the body's names (the checker's order).
  private mutating func sweep(_ statement: Stmt, _ variable: Identifier, _ values: Expr, _ body: [Stmt], _ typed: [TypedFacts.Declared]) {
    keyword(statement, "sweep")
    let declaration = reserve(variable)
    expr(values)
    var items: [ConstValue] = []
    for fact in typed {
      if case .sweep(let list) = fact { items += list }
    }
    let types: [PType] = items.map { $0.intValue != nil ? .int : $0.realValue != nil ? .real : .string }
    scopes.append([:])
    let inside = min(variable.span.end, statement.span.end)..<statement.span.end
    declare(declaration, variable, .sweepVariable, statement.span, inside, types: types, constants: items)
    walk(body, scopeEnd: statement.span.end)
    scopes.removeLast()
  }

  // MARK: Expressions

  /// Records the names of an expression; `callee` and `label` say which argument it is.
  private mutating func expr(_ expr: Expr, callee: String? = nil, label: String? = nil) {
    switch expr.kind {
    case .name(let name):
      let key = SpanKey(expr.span)
      let span = nameSpan(name, in: expr.span)
      if facts.choices.contains(key) {
        record(span, .choice(callee: callee, label: label))
      } else if let type = facts.implicits[key] {
        record(span, .implicit(type))
      } else if let index = lookup(name) {
        record(span, .reference(index))
      } else {
        record(span, .unresolved)
      }
    case .call(let function, let arguments):
      record(function.span, .callee)
      for argument in arguments {
        if let name = argument.label { record(name.span, .argumentLabel(callee: function.name)) }
        self.expr(argument.value, callee: function.name, label: argument.label?.name)
      }
    case .member(let base, let member):
      self.expr(base)
      record(member.span, .member(facts.memberTypes[expr.span.end]))
    default:
      for child in expr.kind.children { self.expr(child, callee: callee, label: label) }
    }
  }

  /// The span of the name itself inside a parenthesised `(x)` (whose expression span has the
  /// parentheses): skip brackets, blanks and comments from the start.
  private func nameSpan(_ name: String, in span: SourceSpan) -> SourceSpan {
    guard span.end - span.start != name.utf8.count else { return span }
    var offset = span.start
    let bytes = file.bytes
    while offset < span.end {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "#") {
        while offset < span.end, bytes[offset] != 0x0A { offset += 1 }
      } else if byte == UInt8(ascii: "(") || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        offset += 1
      } else {
        break
      }
    }
    let end = min(offset + name.utf8.count, span.end)
    return SourceSpan(file: span.file, start: offset, end: end, line: file.line(containing: offset),
                      column: file.column(ofOffset: offset))
  }

  // MARK: Recording

  private mutating func record(_ span: SourceSpan, _ role: SymbolIndex.Role) {
    occurrences.append(SymbolIndex.Occurrence(span: span, role: role))
  }

  private mutating func keyword(_ statement: Stmt, _ word: String) {
    let start = statement.span.start
    let span = SourceSpan(file: statement.span.file, start: start, end: start + word.utf8.count,
                          line: statement.span.line, column: statement.span.column)
    record(span, .keyword)
  }

  private func lookup(_ name: String) -> Int? {
    for scope in scopes.reversed() { if let index = scope[name] { return index } }
    return nil
  }

  /// Records a declared name's occurrence where it is written (before its value, so
  /// occurrences stay in source order) and returns the index its declaration will have.
  private mutating func reserve(_ name: Identifier) -> Int {
    let index = declarations.count + pending
    pending += 1
    record(name.span, .declaration(index))
    return index
  }

  /// Declares a name reserved with `reserve` in the innermost scope, after its value was walked,
  /// unless a visible one has it (the checker's order and rule).
  private mutating func declare(
    _ index: Int, _ name: Identifier, _ kind: SymbolKind, _ statement: SourceSpan, _ visible: Range<Int>, types: [PType],
    constants: [ConstValue] = [], entry: String? = nil, partial: Bool = false
  ) {
    let duplicate = lookup(name.name) != nil
    pending -= 1
    declarations.append(SymbolIndex.Declaration(
      name: name.name, kind: kind, nameSpan: name.span, statementSpan: statement, types: types,
      constants: constants, entry: entry, visibleRange: visible, isPartial: partial, isDuplicate: duplicate))
    if !duplicate { scopes[scopes.count - 1][name.name] = index }
  }

  private func calleeName(_ expr: Expr) -> String? {
    if case .call(let function, _) = expr.kind { return function.name }
    return nil
  }
}

extension SymbolKind {
  /// The kind a declaration keyword makes.
  init(_ keyword: DeclKeyword) {
    switch keyword {
    case .let: self = .let
    case .data: self = .data
    case .model: self = .model
    case .loss: self = .loss
    case .objective: self = .objective
    case .train: self = .train
    }
  }
}
