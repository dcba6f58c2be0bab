import PCXSource

/// Turns a source file into tokens. Works on raw bytes so invalid UTF-8 and binary input give
/// diagnostics, never a crash; every run of unexpected bytes is reported once.
public struct Lexer {
  let file: SourceFile
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var column = 1
  var atLineStart = true
  private var tokens: [Token] = []
  private var diagnostics = DiagnosticSet()
  private var errorCount = 0

  /// Lexes a whole file: the tokens (ending with `endOfFile`) and the lexical diagnostics.
  public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: DiagnosticSet) {
    var lexer = Lexer(file: file)
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  private init(file: SourceFile) {
    self.file = file
    self.bytes = file.bytes
    tokens.reserveCapacity(bytes.count / 3 + 1)
  }

  // MARK: Cursor

  func peek(_ ahead: Int = 0) -> UInt8 {
    index + ahead < bytes.count ? bytes[index + ahead] : 0
  }

  mutating func bump() {
    let byte = bytes[index]
    index += 1
    if byte == 0x0A {
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {
      column += 1
    }
  }

  func span(from start: (offset: Int, line: Int, column: Int)) -> SourceSpan {
    SourceSpan(file: file.name, start: start.offset, end: index, line: start.line, column: start.column)
  }

  var mark: (offset: Int, line: Int, column: Int) { (index, line, column) }

  mutating func emit(_ kind: TokenKind, _ text: String, from start: (offset: Int, line: Int, column: Int)) {
    tokens.append(Token(kind, text, span(from: start), atLineStart: atLineStart))
    atLineStart = false
  }

  mutating func report(_ diagnostic: Diagnostic) {
    errorCount += 1
    if errorCount <= Limits.maxErrors { diagnostics.insert(diagnostic) }
  }

  // MARK: Main loop

  private mutating func run() {
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case 0x20, 0x09, 0x0D, 0x0C: bump()
      case 0x0A: newline()
      case UInt8(ascii: "#"): while index < bytes.count, bytes[index] != 0x0A { bump() }
      case UInt8(ascii: "0")...UInt8(ascii: "9"): number()
      case UInt8(ascii: "\""): string()
      default:
        if Lexer.isIdentifierStart(byte) { identifier() } else if !punctuation() { unexpected() }
      }
    }
    let end = mark
    if !(tokens.last.map { $0.kind == .newline } ?? true) {
      tokens.append(Token(.newline, "", span(from: end), atLineStart: false))
    }
    tokens.append(Token(.endOfFile, "", span(from: end), atLineStart: true))
  }

  /// One `newline` token per run of line ends (blank and comment lines collapse).
  private mutating func newline() {
    let start = mark
    bump()
    if let last = tokens.last, last.kind != .newline {
      tokens.append(Token(.newline, "", span(from: start), atLineStart: false))
    }
    atLineStart = true
  }

  static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private mutating func identifier() {
    let start = mark
    while index < bytes.count, Lexer.isIdentifierStart(bytes[index]) || Lexer.isDigit(bytes[index]) {
      bump()
    }
    let text = file.text(start.offset..<index)
    emit(TokenKind.reservedWords[text] ?? .identifier, text, from: start)
  }

  // number -> digits [ '.' digits ] [ ('e'|'E') ['+'|'-'] digits ]
  private mutating func number() {
    let start = mark
    var isReal = false
    while Lexer.isDigit(peek()) { bump() }
    if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
      isReal = true
      bump()
      while Lexer.isDigit(peek()) { bump() }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
      if Lexer.isDigit(peek(1 + sign)) {
        isReal = true
        bump()
        if sign == 1 { bump() }
        while Lexer.isDigit(peek()) { bump() }
      } else {
        bump()
        report(.exponentWithoutDigits(at: span(from: start)))
        emit(.real, "0", from: start)  // a placeholder, so the parser does not report again
        return
      }
    }
    if index < bytes.count, Lexer.isIdentifierStart(bytes[index]) {
      while index < bytes.count, Lexer.isIdentifierStart(bytes[index]) || Lexer.isDigit(bytes[index]) { bump() }
      report(.invalidNumber(file.text(start.offset..<index), at: span(from: start)))
      emit(.integer, "0", from: start)  // a placeholder, so the parser does not report again
      return
    }
    let text = file.text(start.offset..<index)
    if text.utf8.count > Limits.maxNumberLength {
      report(.numberTooLong(at: span(from: start)))
      emit(isReal ? .real : .integer, "0", from: start)
    } else {
      emit(isReal ? .real : .integer, text, from: start)
    }
  }
}
