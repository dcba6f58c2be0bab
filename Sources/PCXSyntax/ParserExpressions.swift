import PCXSource

/// Binding strength of each binary operator, as in Lua's `priority` table: an operator is taken
/// while its left priority exceeds the current limit, and its right operand is parsed with the
/// right priority (right < left makes it right-associative, as `^` is).
let binaryPriority: [TokenKind: (left: Int, right: Int, op: BinaryOperator)] = [
  .kwOr: (1, 1, .or),
  .kwAnd: (2, 2, .and),
  .less: (3, 3, .less), .lessEqual: (3, 3, .lessEqual), .greater: (3, 3, .greater),
  .greaterEqual: (3, 3, .greaterEqual), .equalEqual: (3, 3, .equal), .notEqual: (3, 3, .notEqual),
  .plus: (4, 4, .add), .minus: (4, 4, .subtract),
  .star: (5, 5, .multiply), .slash: (5, 5, .divide), .at: (5, 5, .matmul),
  .otimes: (6, 6, .tensor),
  .caret: (9, 8, .power),
]
/// `not a < b` is `not (a < b)`; `not a and b` is `(not a) and b`.
let notPriority = 2
/// `-x^2` is `-(x^2)`; `-a * b` is `(-a) * b`.
let negatePriority = 7

extension Parser {
  // expression -> subexpr(0)
  mutating func parseExpression() throws(ParseAbort) -> Expr { try parseSubexpression(limit: 0) }

  // subexpr -> ( 'not' subexpr(notPriority) | '-' subexpr(negatePriority) | postfix )
  //            { binop subexpr(right priority of binop) }      while left priority > limit
  mutating func parseSubexpression(limit: Int) throws(ParseAbort) -> Expr {
    try enter()
    defer { depth -= 1 }
    var left = try parseUnaryOrPostfix()
    while let entry = binaryPriority[current().kind], entry.left > limit {
      let opToken = advance()
      skipNewlines()
      if current().atLineStart, Parser.startsStatement(current()) {
        throw fail(.missingOperand(after: opToken))
      }
      let right = try parseSubexpression(limit: entry.right)
      if entry.op.isComparison, case .binary(let inner, let innerLeft, _) = left.kind, inner.isComparison,
        innerLeft.span.start == left.span.start
      {
        throw fail(.chainedComparison(at: opToken.span))
      }
      left = try make(.binary(entry.op, left, right), left.span.through(right.span))
    }
    return left
  }

  private mutating func parseUnaryOrPostfix() throws(ParseAbort) -> Expr {
    let token = current()
    switch token.kind {
    case .kwNot, .minus:
      advance()
      let operand = try parseSubexpression(limit: token.kind == .kwNot ? notPriority : negatePriority)
      return try make(.unary(token.kind == .kwNot ? .not : .negate, operand), token.span.through(operand.span))
    default:
      return try parsePostfix()
    }
  }

  // postfix -> primary { '(' arguments ')' | '.' NAME | '[' expression { ',' expression } ']' | "'" }
  mutating func parsePostfix() throws(ParseAbort) -> Expr {
    var expr = try parsePrimary()
    while true {
      let token = current()
      switch token.kind {
      case .leftParen:
        guard case .name(let callee) = expr.kind else {
          throw fail(.callOfNonName(at: token.span))
        }
        let (arguments, close) = try parseArguments()
        expr = try make(.call(Identifier(callee, expr.span), arguments), expr.span.through(close.span))
      case .dot:
        advance()
        let member = try expectIdentifier(otherwise: Diagnostic.expectedMemberName)
        expr = try make(.member(expr, member), expr.span.through(member.span))
      case .leftBracket:
        advance()
        bracketDepth += 1
        let indices = try parseExpressionList(closing: .rightBracket)
        if indices.isEmpty { throw fail(.emptyIndex(at: current().span)) }
        let close = try expectClose(.rightBracket, opener: token)
        expr = try make(.index(expr, indices), expr.span.through(close.span))
      case .prime:
        advance()
        expr = try make(.transpose(expr), expr.span.through(token.span))
      default:
        return expr
      }
    }
  }

  // primary -> INTEGER | REAL | STRING | 'true' | 'false' | NAME
  //          | '(' expression ')' | '(' expression ',' expression { ',' expression } ')'
  //          | '[' [ expression { ',' expression } [','] ] ']'
  mutating func parsePrimary() throws(ParseAbort) -> Expr {
    let token = current()
    switch token.kind {
    case .integer:
      advance()
      guard let value = Int(token.text) else {
        throw fail(.integerTooLarge(token.text, at: token.span))
      }
      return Expr(.integer(value), token.span)
    case .real:
      advance()
      guard let value = Double(token.text), value.isFinite else {
        throw fail(.realOutOfRange(token.text, at: token.span))
      }
      return Expr(.real(value), token.span)
    case .string: advance(); return Expr(.string(token.text), token.span)
    case .kwTrue, .kwFalse: advance(); return Expr(.boolean(token.kind == .kwTrue), token.span)
    case .identifier: advance(); return Expr(.name(token.text), token.span)
    case .leftParen: return try parseParenthesised()
    case .leftBracket: return try parseVector()
    default:
      throw fail(.expectedExpression(found: token))
    }
  }

  private mutating func parseParenthesised() throws(ParseAbort) -> Expr {
    let open = advance()
    try enter()
    defer { depth -= 1 }
    bracketDepth += 1
    let items = try parseExpressionList(closing: .rightParen)
    let close = try expectClose(.rightParen, opener: open)
    let span = open.span.through(close.span)
    switch items.count {
    case 0: throw fail(.emptyParentheses(at: span))
    case 1 where tokens[position - 2].kind != .comma:
      return Expr(items[0].kind, span)
    default: return try make(.tuple(items), span)
    }
  }

  private mutating func parseVector() throws(ParseAbort) -> Expr {
    let open = advance()
    try enter()
    defer { depth -= 1 }
    bracketDepth += 1
    let items = try parseExpressionList(closing: .rightBracket)
    let close = try expectClose(.rightBracket, opener: open)
    return try make(.vector(items), open.span.through(close.span))
  }

  // list -> [ expression { ',' expression } [ ',' ] ]      (up to the closing bracket)
  mutating func parseExpressionList(closing: TokenKind) throws(ParseAbort) -> [Expr] {
    var items: [Expr] = []
    while !check(closing), !atStatementStartInBrackets() {
      items.append(try parseExpression())
      if accept(.comma) == nil { break }
    }
    return items
  }

  // arguments -> '(' [ argument { ',' argument } [','] ] ')'
  // argument  -> [ NAME ':' ] expression [ 'every' expression ]
  mutating func parseArguments() throws(ParseAbort) -> ([Argument], Token) {
    let open = advance()
    bracketDepth += 1
    var arguments: [Argument] = []
    var sawNamed = false
    while !check(.rightParen), !atStatementStartInBrackets() {
      let argument = try parseArgument()
      if argument.label != nil {
        sawNamed = true
      } else if sawNamed {
        throw fail(.positionalAfterNamed(at: argument.span))
      }
      arguments.append(argument)
      if accept(.comma) == nil { break }
    }
    let close = try expectClose(.rightParen, opener: open)
    return (arguments, close)
  }

  private mutating func parseArgument() throws(ParseAbort) -> Argument {
    var label: Identifier?
    if check(.identifier), peekKind(ahead: 1) == .colon {
      let name = advance()
      label = Identifier(name.text, name.span)
      advance()
    }
    var value = try parseExpression()
    if checkWord("every") {
      advance()
      let stride = try parseExpression()
      value = try make(.every(value, stride), value.span.through(stride.span))
    }
    let span = label.map { $0.span.through(value.span) } ?? value.span
    return Argument(label: label, value: value, span: span)
  }

  /// True when, inside brackets, the next line starts with a declaration word: the bracket was
  /// almost certainly left open, and the next line should not be swallowed.
  mutating func atStatementStartInBrackets() -> Bool {
    let token = current()
    return token.atLineStart && Parser.startsStatement(token) && peekKind(ahead: 1) != .colon
  }

  /// Consumes the closing bracket matching `opener`, or explains which bracket is unclosed.
  mutating func expectClose(_ kind: TokenKind, opener: Token) throws(ParseAbort) -> Token {
    let token = current()
    if token.kind == kind {
      bracketDepth -= 1
      return advance()
    }
    if token.atLineStart, Parser.startsStatement(token) || token.kind == .endOfFile {
      if token.kind == .endOfFile { reachedEndUnexpectedly = true }
      report(.unclosedBracket(opener, expected: kind))
      throw ParseAbort()
    }
    throw fail(.expectedClosing(kind, found: token, opener: opener))
  }
}
