import PCXSource

// The catalog of lexical and syntax errors: one factory per error, each making the whole
// message (lowercase, no final period, naming what was expected) with its span and notes, as
// stanc3's `Semantic_error` and Hylo's `Parser+Diagnostics` do. The lexer and parser never
// spell a message themselves. `docs/language.md` §6.1 shows each with a script from the corpus.

// MARK: Lexical errors

extension Diagnostic {
  /// `1e` or `2e+`: an exponent marker with no digits after it.
  static func exponentWithoutDigits(at span: SourceSpan) -> Diagnostic { .catalogError("exponent needs digits, as in 1e-3", at: span) }

  /// `12abc`: a number running into letters.
  static func invalidNumber(_ spelling: String, at span: SourceSpan) -> Diagnostic { .catalogError("invalid number '\(spelling)'", at: span) }

  /// A number literal longer than `Limits.maxNumberLength`.
  static func numberTooLong(at span: SourceSpan) -> Diagnostic { .catalogError("number literal is too long", at: span) }

  /// A backslash escape the language does not define (`"a\qb"`).
  static func invalidEscape(at span: SourceSpan) -> Diagnostic { .catalogError("invalid escape sequence in string (use \\\\, \\\", \\n, \\t, \\r, \\0 or \\u{...})", at: span) }

  /// A string with no closing quote on its line.
  static func unterminatedString(at span: SourceSpan) -> Diagnostic { .catalogError("unterminated string (a string ends on its line with '\"')", at: span) }

  /// A string literal whose bytes (after escapes) are not valid UTF-8.
  static func stringNotUTF8(at span: SourceSpan) -> Diagnostic { .catalogError("string is not valid UTF-8", at: span) }

  /// A lone `!`, which other languages use for negation.
  static func exclamationMark(at span: SourceSpan) -> Diagnostic { .catalogError("unexpected character '!'; write 'not' for negation and '!=' for inequality", at: span) }

  /// A control character outside a string (a stray form feed, a NUL).
  static func controlCharacter(_ scalar: Unicode.Scalar, at span: SourceSpan) -> Diagnostic { .catalogError("unexpected control character U+\(String(scalar.value, radix: 16, uppercase: true))", at: span) }

  /// One character that starts no token (`$`).
  static func unexpectedCharacter(_ scalar: Unicode.Scalar, at span: SourceSpan) -> Diagnostic { .catalogError("unexpected character '\(Character(scalar))'", at: span) }

  /// A run of characters that start no token (`$$`, `λμ`).
  static func unexpectedCharacters(_ text: String, at span: SourceSpan) -> Diagnostic { .catalogError("unexpected characters '\(text)'", at: span) }

  /// One byte that is not UTF-8.
  static func invalidUTF8Byte(_ byte: UInt8, at span: SourceSpan) -> Diagnostic { .catalogError("invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))", at: span) }

  /// A run of `count` characters and invalid bytes: most likely not a script at all.
  static func binaryInput(count: Int, at span: SourceSpan) -> Diagnostic { .catalogError("\(count) unexpected characters (including invalid UTF-8); is this a pcx script?", at: span) }
}

// MARK: Limits

extension Diagnostic {
  /// The error after the last one reported, once `Limits.maxErrors` have been.
  static func tooManyErrors(at span: SourceSpan) -> Diagnostic { .catalogError("too many errors (\(Limits.maxErrors)); stopping here", at: span) }

  /// Brackets, operators or blocks nested past `Limits.maxNestingDepth`.
  static func nestingTooDeep(at span: SourceSpan) -> Diagnostic { .catalogError("nesting is deeper than \(Limits.maxNestingDepth) levels; split the expression with 'let'", at: span) }

  /// An operator chain whose tree is deeper than `Limits.maxNestingDepth`.
  static func expressionTooDeep(at span: SourceSpan) -> Diagnostic { .catalogError("expression is nested deeper than \(Limits.maxNestingDepth) levels; split it with 'let'", at: span) }

  /// An integer literal beyond `Int.max`.
  static func integerTooLarge(_ spelling: String, at span: SourceSpan) -> Diagnostic { .catalogError("integer \(spelling) is too large (the limit is \(Int.max))", at: span) }

  /// A real literal beyond the float64 range (`1e400`).
  static func realOutOfRange(_ spelling: String, at span: SourceSpan) -> Diagnostic { .catalogError("number \(spelling) is out of the float64 range", at: span) }
}

// MARK: Expressions

extension Diagnostic {
  /// A token that cannot start an expression where one is needed.
  static func expectedExpression(found token: Token) -> Diagnostic { .catalogError("expected an expression, found \(token.quoted)", at: token.span) }

  /// A binary operator at the end of a line followed by a new statement.
  static func missingOperand(after op: Token) -> Diagnostic { .catalogError("expected an expression after \(op.kind)", at: op.span) }

  /// `0 < x < 1`.
  static func chainedComparison(at span: SourceSpan) -> Diagnostic { .catalogError("comparisons do not chain; write 'a < b and b < c'", at: span) }

  /// `[1](2)`: a call of something that is not a name.
  static func callOfNonName(at span: SourceSpan) -> Diagnostic { .catalogError("only catalog functions can be called, as in 'zeros(3)'", at: span) }

  /// `v[]`.
  static func emptyIndex(at span: SourceSpan) -> Diagnostic { .catalogError("an index needs at least one value, as in 'v[0]'", at: span) }

  /// `()`.
  static func emptyParentheses(at span: SourceSpan) -> Diagnostic { .catalogError("empty parentheses: write a value or a tuple such as (x, y)", at: span) }

  /// `f(a: 1, 2)`.
  static func positionalAfterNamed(at span: SourceSpan) -> Diagnostic { .catalogError("positional argument after a named one; put positional arguments first", at: span) }

  /// `x.` with no member name after the dot.
  static func expectedMemberName(found token: Token) -> Diagnostic { .catalogError("expected name after '.' (a member such as 'loss'), found \(token.quoted)", at: token.span) }

  /// A bracket still open when the next statement (or the end of input) begins.
  static func unclosedBracket(_ opener: Token, expected closing: TokenKind) -> Diagnostic { .catalogError("unclosed \(opener.kind): expected \(closing) before the end of the statement", at: opener.span) }

  /// Something other than a comma or the closing bracket inside brackets.
  static func expectedClosing(_ closing: TokenKind, found token: Token, opener: Token) -> Diagnostic { .catalogError("expected \(closing) or ',', found \(token.quoted)", at: token.span, notes: [Note("to match this \(opener.kind)", at: opener.span)]) }
}

// MARK: Statements

extension Diagnostic {
  /// A line that starts with something other than a declaration word; a misspelt word gets a
  /// suggestion.
  static func expectedDeclaration(found token: Token) -> Diagnostic {
    let hint = token.kind == .identifier ? Suggestions.didYouMean(token.text, among: Parser.statementWords) : ""
    let words = Parser.statementWords.joined(separator: ", ")
    return .catalogError("expected a declaration (\(words)), found \(token.quoted)\(hint)", at: token.span)
  }

  /// `x = 3`.
  static func missingDeclarationKeyword(_ name: Token) -> Diagnostic { .catalogError("a declaration needs a keyword: write 'let \(name.text) = ...' (or data, model, loss, objective, train)", at: name.span) }

  /// More tokens after a complete statement.
  static func expectedEndOfStatement(found token: Token) -> Diagnostic { .catalogError("expected end of line after the statement, found \(token.quoted)", at: token.span) }

  /// A `}` outside any sweep block.
  static func strayClosingBrace(at span: SourceSpan) -> Diagnostic { .catalogError("unexpected '}' with no open sweep block", at: span) }

  /// `let`, `param`, `sweep` ... not followed by the name they declare.
  static func expectedName(after keyword: String, found token: Token) -> Diagnostic { .catalogError("expected name after '\(keyword)', found \(token.quoted)", at: token.span) }

  /// `let x 3`.
  static func expectedEquals(after keyword: String, _ name: String, found token: Token) -> Diagnostic { .catalogError("expected '=' after '\(keyword) \(name)', found \(token.quoted)", at: token.span) }

  /// `param w = 1.0`: a param without its type.
  static func expectedParamType(_ name: String, found token: Token) -> Diagnostic { .catalogError("expected ':' and a type after 'param \(name)' (as in 'param \(name): real'), found \(token.quoted)", at: token.span) }

  /// `param w: vector[3] on "sphere"`.
  static func expectedManifold(found token: Token) -> Diagnostic { .catalogError("expected name after 'on' (a manifold such as 'sphere'), found \(token.quoted)", at: token.span) }

  /// `param w: 3`.
  static func expectedTypeName(found token: Token) -> Diagnostic { .catalogError("expected name for the type (int, real, bool, string, vector[n], matrix[m, n], tensor[...]), found \(token.quoted)", at: token.span) }

  /// `sweep w [1, 2] { ... }`.
  static func expectedSweepIn(_ variable: String, found token: Token) -> Diagnostic { .catalogError("expected 'in' after 'sweep \(variable)', found \(token.quoted)", at: token.span) }

  /// `sweep w in [1, 2]` with no block.
  static func expectedSweepBlock(found token: Token) -> Diagnostic { .catalogError("expected '{' to open the sweep block, found \(token.quoted)", at: token.span) }

  /// A sweep block still open at the end of input.
  static func unclosedSweepBlock(at span: SourceSpan, opening: SourceSpan) -> Diagnostic { .catalogError("expected '}' to close the sweep block", at: span, notes: [Note("the block opens here", at: opening)]) }

  /// `plot x into "a.svg"`.
  static func expectedPlotTarget(found token: Token) -> Diagnostic { .catalogError("expected 'to \"file.svg\"' after the plotted value, found \(token.quoted)", at: token.span) }
}
