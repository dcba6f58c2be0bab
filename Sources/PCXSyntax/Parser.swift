import PCXSource

/// The outcome of parsing: the program (with `.invalid` statements where recovery happened),
/// the diagnostics of lexing and parsing, and whether the input merely stopped early.
public struct ParseResult: Sendable {
  /// The parsed program.
  public let program: Program
  /// Lexical and syntax diagnostics.
  public let diagnostics: DiagnosticSet
  /// True when the input ended inside an open bracket, block or after a trailing operator:
  /// a REPL should read a continuation line instead of reporting the errors.
  public let isIncomplete: Bool
  /// The tokens the parser read.
  public let tokens: [Token]
}

/// Thrown inside the parser to unwind to the statement loop (panic mode); the diagnostic has
/// already been recorded.
struct ParseAbort: Error {}

/// A recursive-descent parser: one function per production of `grammar/pcx.ebnf`, the
/// production as its comment; binary precedence lives in one table (`ParserExpressions.swift`).
public struct Parser {
  var tokens: [Token]
  var position = 0
  var diagnostics = DiagnosticSet()
  var errorCount = 0
  /// Open `(` and `[` around the current token: newlines inside them do not end statements.
  var bracketDepth = 0
  /// Current recursion depth, bounded by `Limits.maxNestingDepth`.
  var depth = 0
  /// Open sweep blocks: recovery stops before their closing brace.
  var blockDepth = 0
  var reachedEndUnexpectedly = false
  /// The name the statement being parsed declares, once read (for `.invalid`).
  var pendingName: Identifier?
  /// Byte offset where the current statement starts.
  var statementStart = 0
  /// Start offsets of lexical errors, ascending: a syntax error on the same statement is almost
  /// always their consequence (a dropped `$`, a broken string) and is not reported again.
  var lexicalErrors: [Int] = []
  let file: SourceFile

  /// Lexes and parses a source file.
  public static func parse(_ file: SourceFile) -> ParseResult {
    let (tokens, lexical) = Lexer.tokenize(file)
    var parser = Parser(tokens: tokens, file: file)
    parser.diagnostics = lexical
    parser.errorCount = lexical.errorCount
    parser.lexicalErrors = lexical.sorted.map(\.span.start)
    let statements = parser.parseProgram()
    return ParseResult(
      program: Program(file: file, statements: statements), diagnostics: parser.diagnostics,
      isIncomplete: parser.reachedEndUnexpectedly, tokens: tokens)
  }

  init(tokens: [Token], file: SourceFile) {
    self.tokens = tokens
    self.file = file
  }

  // MARK: Token stream

  /// The current token; inside brackets, newlines are skipped.
  mutating func current() -> Token {
    if bracketDepth > 0 { while tokens[position].kind == .newline { position += 1 } }
    return tokens[position]
  }

  /// The kind of the token `ahead` places after the current one (newlines skipped in brackets).
  mutating func peekKind(ahead: Int) -> TokenKind {
    _ = current()
    var index = position
    var remaining = ahead
    while remaining > 0, index < tokens.count - 1 {
      index += 1
      if !(bracketDepth > 0 && tokens[index].kind == .newline) { remaining -= 1 }
    }
    return tokens[index].kind
  }

  /// Consumes and returns the current token (never moves past end of input).
  @discardableResult
  mutating func advance() -> Token {
    let token = current()
    if token.kind != .endOfFile { position += 1 }
    return token
  }

  /// True if the current token has the given kind.
  mutating func check(_ kind: TokenKind) -> Bool { current().kind == kind }

  /// True if the current token is the contextual word `word`.
  mutating func checkWord(_ word: String) -> Bool {
    let token = current()
    return token.kind == .identifier && token.text == word
  }

  /// Consumes the current token if it has the given kind.
  mutating func accept(_ kind: TokenKind) -> Token? { check(kind) ? advance() : nil }

  /// Skips newlines: a statement continues after a trailing operator or comma.
  mutating func skipNewlines() {
    while tokens[position].kind == .newline { position += 1 }
  }

  /// Consumes a token of the given kind, or fails with `otherwise(found)` (a factory of
  /// `Syntax+Diagnostics.swift` naming what was expected there).
  mutating func expect(
    _ kind: TokenKind, otherwise: (_ found: Token) -> Diagnostic
  ) throws(ParseAbort) -> Token {
    if let token = accept(kind) { return token }
    throw fail(otherwise(current()))
  }

  /// Consumes an identifier, or fails with `otherwise(found)`.
  mutating func expectIdentifier(otherwise: (_ found: Token) -> Diagnostic) throws(ParseAbort) -> Identifier {
    let token = try expect(.identifier, otherwise: otherwise)
    return Identifier(token.text, token.span)
  }

  /// Records a syntax error (unless a lexical error on the same statement explains it) and
  /// returns the abort to throw.
  mutating func fail(_ diagnostic: Diagnostic) -> ParseAbort {
    if tokens[position].kind == .endOfFile {
      reachedEndUnexpectedly = true
    }
    let span = diagnostic.span
    let line = file.line(containing: min(span.start, max(0, file.bytes.count - 1)))
    let lineEnd = line < file.lineCount ? file.lineStarts[line] : file.bytes.count
    if !lexicalErrors.contains(where: { $0 >= statementStart && $0 <= lineEnd }) {
      report(diagnostic)
    }
    return ParseAbort()
  }

  /// Adds a diagnostic unless the per-file limit has been reached.
  mutating func report(_ diagnostic: Diagnostic) {
    errorCount += 1
    if errorCount <= Limits.maxErrors {
      diagnostics.insert(diagnostic)
    } else if errorCount == Limits.maxErrors + 1 {
      diagnostics.insert(.tooManyErrors(at: diagnostic.span))
    }
  }

  /// Enters one nesting level, failing past `Limits.maxNestingDepth`.
  mutating func enter() throws(ParseAbort) {
    depth += 1
    if depth > Limits.maxNestingDepth {
      throw fail(.nestingTooDeep(at: current().span))
    }
  }

  /// Builds an expression node, failing if its tree is deeper than the limit (long operator
  /// chains nest without recursion in the parser but would recurse in every later pass).
  mutating func make(_ kind: ExprKind, _ span: SourceSpan) throws(ParseAbort) -> Expr {
    let expr = Expr(kind, span)
    if expr.depth > Limits.maxNestingDepth {
      throw fail(.expressionTooDeep(at: span.startPoint))
    }
    return expr
  }

  /// Panic-mode recovery: skip to the first token of a line that can start a statement, i.e. at
  /// bracket depth zero, or a declaration word (an unclosed bracket must not swallow the file).
  mutating func synchronize() {
    var open = bracketDepth
    var braces = 0  // a block opened by the broken statement is skipped whole
    bracketDepth = 0
    while tokens[position].kind != .endOfFile {
      let token = tokens[position]
      if braces == 0, token.atLineStart, open <= 0 || Parser.startsStatement(token) || token.kind == .rightBrace,
        position > 0, tokens[position - 1].kind == .newline
      {
        return
      }
      switch token.kind {
      case .leftParen, .leftBracket: open += 1
      case .rightParen, .rightBracket: open -= 1
      case .leftBrace: braces += 1
      case .rightBrace:
        if braces == 0, blockDepth > 0, open <= 0 { return }
        braces = max(0, braces - 1)
      default: break
      }
      position += 1
    }
  }

  /// True for a declaration word.
  static func startsStatement(_ token: Token) -> Bool {
    token.kind == .identifier && statementWords.contains(token.text)
  }

  /// Every word that begins a statement.
  public static let statementWords: [String] = [
    "seed", "let", "param", "data", "model", "loss", "objective", "train", "certify", "sweep",
    "report", "plot",
  ]

  /// Words that are keywords only where the grammar expects them: `sweep w in`, `param x on`,
  /// `plot y vs x to`, `run every k` (elsewhere they are names).
  public static let contextualWords = ["in", "on", "to", "vs", "every"]

  /// Every word the grammar gives a meaning: statement words, contextual words and the reserved
  /// words of `TokenKind` (what a REPL completes as keywords).
  public static let keywords = statementWords + contextualWords + TokenKind.reservedWords.keys.sorted()
}
