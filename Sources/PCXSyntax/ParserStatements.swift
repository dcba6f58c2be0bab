import PCXSource

extension Parser {
  // program -> { newline } { statement ( newline | EOF ) } EOF
  mutating func parseProgram() -> [Stmt] {
    var statements: [Stmt] = []
    while true {
      skipNewlines()
      if check(.endOfFile) { return statements }
      if check(.rightBrace) {
        let brace = advance()
        report(.strayClosingBrace(at: brace.span))
        continue
      }
      statements.append(parseStatementRecovering())
    }
  }

  /// Parses one statement and its terminator; on a syntax error records it, skips to the next
  /// statement and returns `.invalid` carrying the declared name if it was read.
  mutating func parseStatementRecovering() -> Stmt {
    let start = position
    let savedDepth = depth
    let savedBrackets = bracketDepth
    let first = current()
    pendingName = nil
    statementStart = first.span.start
    do {
      let statement = try parseStatement()
      try expectEndOfStatement()
      return statement
    } catch {
      let declared = pendingName
      if position == start { position += 1 }
      synchronize()
      depth = savedDepth
      bracketDepth = savedBrackets
      let last = tokens[max(start, position - 1)]
      return Stmt(.invalid(declares: declared), first.span.through(last.span))
    }
  }

  // terminator -> newline | EOF | (before) '}'
  mutating func expectEndOfStatement() throws(ParseAbort) {
    let token = current()
    switch token.kind {
    case .newline: advance()
    case .endOfFile, .rightBrace: return
    default: throw fail(.expectedEndOfStatement(found: token))
    }
  }

  // statement -> seed | let | param | data | model | loss | objective | train | certify
  //            | sweep | report | plot
  mutating func parseStatement() throws(ParseAbort) -> Stmt {
    let token = current()
    guard token.kind == .identifier else {
      throw fail(.expectedDeclaration(found: token))
    }
    if let keyword = DeclKeyword(rawValue: token.text) { return try parseBinding(keyword) }
    switch token.text {
    case "seed": return try parseSeed()
    case "param": return try parseParam()
    case "certify": return try parseCertify()
    case "sweep": return try parseSweep()
    case "report": return try parseReport()
    case "plot": return try parsePlot()
    default: throw unknownStatement(token)
    }
  }

  private mutating func unknownStatement(_ token: Token) -> ParseAbort {
    if peekKind(ahead: 1) == .equal { return fail(.missingDeclarationKeyword(token)) }
    return fail(.expectedDeclaration(found: token))
  }

  // seed -> 'seed' expression
  private mutating func parseSeed() throws(ParseAbort) -> Stmt {
    let keyword = advance()
    let value = try parseExpression()
    return Stmt(.seed(value), keyword.span.through(value.span))
  }

  // binding -> ('let' | 'data' | 'model' | 'loss' | 'objective' | 'train') NAME '=' expression
  private mutating func parseBinding(_ keyword: DeclKeyword) throws(ParseAbort) -> Stmt {
    let start = advance()
    let name = try expectIdentifier { .expectedName(after: keyword.rawValue, found: $0) }
    pendingName = name
    _ = try expect(.equal) { .expectedEquals(after: keyword.rawValue, name.name, found: $0) }
    skipNewlines()
    let value = try parseExpression()
    return Stmt(.binding(keyword, name, value), start.span.through(value.span))
  }

  // param -> 'param' NAME ':' type [ 'on' NAME ] [ '=' expression ]
  private mutating func parseParam() throws(ParseAbort) -> Stmt {
    let start = advance()
    let name = try expectIdentifier { .expectedName(after: "param", found: $0) }
    pendingName = name
    _ = try expect(.colon) { .expectedParamType(name.name, found: $0) }
    let type = try parseType()
    var end = type.span
    var manifold: Identifier?
    if checkWord("on") {
      advance()
      let space = try expectIdentifier(otherwise: Diagnostic.expectedManifold)
      manifold = space
      end = space.span
    }
    var initial: Expr?
    if accept(.equal) != nil {
      skipNewlines()
      let value = try parseExpression()
      initial = value
      end = value.span
    }
    let declaration = ParamDecl(name: name, type: type, manifold: manifold, initial: initial)
    return Stmt(.param(declaration), start.span.through(end))
  }

  // type -> NAME [ '[' expression { ',' expression } ']' ]
  mutating func parseType() throws(ParseAbort) -> TypeExpr {
    let name = try expectIdentifier(otherwise: Diagnostic.expectedTypeName)
    guard let open = accept(.leftBracket) else {
      return TypeExpr(name: name, dimensions: [], span: name.span)
    }
    bracketDepth += 1
    let dimensions = try parseExpressionList(closing: .rightBracket)
    let close = try expectClose(.rightBracket, opener: open)
    return TypeExpr(name: name, dimensions: dimensions, span: name.span.through(close.span))
  }

  // certify -> 'certify' [ NAME '=' ] expression
  private mutating func parseCertify() throws(ParseAbort) -> Stmt {
    let start = advance()
    var name: Identifier?
    if check(.identifier), peekKind(ahead: 1) == .equal {
      let token = advance()
      let bound = Identifier(token.text, token.span)
      name = bound
      pendingName = bound
      advance()
      skipNewlines()
    }
    let value = try parseExpression()
    return Stmt(.certify(name, value), start.span.through(value.span))
  }

  // sweep -> 'sweep' NAME 'in' expression '{' { newline } { statement terminator } '}'
  private mutating func parseSweep() throws(ParseAbort) -> Stmt {
    let start = advance()
    let variable = try expectIdentifier { .expectedName(after: "sweep", found: $0) }
    guard checkWord("in") else { throw fail(.expectedSweepIn(variable.name, found: current())) }
    advance()
    let values = try parseExpression()
    let open = try expect(.leftBrace, otherwise: Diagnostic.expectedSweepBlock)
    try enter()
    blockDepth += 1
    defer {
      depth -= 1
      blockDepth -= 1
    }
    var body: [Stmt] = []
    while true {
      skipNewlines()
      if let close = accept(.rightBrace) {
        return Stmt(.sweep(variable, values, body), start.span.through(close.span))
      }
      if check(.endOfFile) {
        throw fail(.unclosedSweepBlock(at: current().span, opening: open.span))
      }
      body.append(parseStatementRecovering())
    }
  }

  // report -> 'report' expression { ',' expression }
  private mutating func parseReport() throws(ParseAbort) -> Stmt {
    let start = advance()
    var values = [try parseExpression()]
    while accept(.comma) != nil {
      skipNewlines()
      values.append(try parseExpression())
    }
    return Stmt(.report(values), start.span.through(values[values.count - 1].span))
  }

  // plot -> 'plot' expression [ 'vs' expression ] 'to' expression
  private mutating func parsePlot() throws(ParseAbort) -> Stmt {
    let start = advance()
    let y = try parseExpression()
    var x: Expr?
    if checkWord("vs") {
      advance()
      x = try parseExpression()
    }
    guard checkWord("to") else {
      throw fail(.expectedPlotTarget(found: current()))
    }
    advance()
    let path = try parseExpression()
    return Stmt(.plot(y, versus: x, to: path), start.span.through(path.span))
  }
}
