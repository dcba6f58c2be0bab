import PCXSource

extension Lexer {
  // string -> '"' { char | '\' escape } '"'      (on one line)
  mutating func string() {
    let start = mark
    bump()
    var value = [UInt8]()
    var valid = true
    while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != 0x0A {
      if bytes[index] == UInt8(ascii: "\\") {
        let escapeStart = mark
        bump()
        if let decoded = escape() {
          value.append(contentsOf: decoded)
        } else {
          valid = false
          report(.invalidEscape(at: span(from: escapeStart)))
        }
      } else {
        value.append(bytes[index])
        bump()
      }
    }
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
      report(.unterminatedString(at: span(from: start)))
      return
    }
    bump()
    guard let text = String(validating: value, as: UTF8.self) else {
      report(.stringNotUTF8(at: span(from: start)))
      emit(.string, "", from: start)
      return
    }
    emit(.string, valid ? text : "", from: start)
  }

  /// Decodes the escape after a backslash, or nil if invalid (the bad character is consumed).
  private mutating func escape() -> [UInt8]? {
    guard index < bytes.count, bytes[index] != 0x0A else { return nil }
    let byte = bytes[index]
    bump()
    switch byte {
    case UInt8(ascii: "n"): return [0x0A]
    case UInt8(ascii: "t"): return [0x09]
    case UInt8(ascii: "r"): return [0x0D]
    case UInt8(ascii: "0"): return [0x00]
    case UInt8(ascii: "\\"), UInt8(ascii: "\""): return [byte]
    case UInt8(ascii: "u"): return unicodeEscape()
    default: return nil
    }
  }

  // unicode-escape -> 'u{' hex-digit{1,8} '}'
  private mutating func unicodeEscape() -> [UInt8]? {
    guard peek() == UInt8(ascii: "{") else { return nil }
    bump()
    var digits = ""
    while index < bytes.count, let scalar = Optional(Unicode.Scalar(bytes[index])),
      scalar.properties.isASCIIHexDigit, digits.count < 8
    {
      digits.unicodeScalars.append(scalar)
      bump()
    }
    guard peek() == UInt8(ascii: "}") else { return nil }
    bump()
    guard let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
    return Array(String(Character(scalar)).utf8)
  }

  /// Operators and punctuation; false when the byte starts none.
  mutating func punctuation() -> Bool {
    let start = mark
    let pair: TokenKind?
    switch (peek(), peek(1)) {
    case (UInt8(ascii: "<"), UInt8(ascii: "=")): pair = .lessEqual
    case (UInt8(ascii: ">"), UInt8(ascii: "=")): pair = .greaterEqual
    case (UInt8(ascii: "="), UInt8(ascii: "=")): pair = .equalEqual
    case (UInt8(ascii: "!"), UInt8(ascii: "=")): pair = .notEqual
    default: pair = nil
    }
    if let pair {
      bump(); bump()
      emit(pair, "", from: start)
      return true
    }
    // ⊗ is E2 8A 97; `%o%` is its ASCII spelling (after R's outer-product operator).
    if peek() == 0xE2, peek(1) == 0x8A, peek(2) == 0x97 {
      bump(); bump(); bump()
      emit(.otimes, "⊗", from: start)
      return true
    }
    if peek() == UInt8(ascii: "%"), peek(1) == UInt8(ascii: "o"), peek(2) == UInt8(ascii: "%") {
      bump(); bump(); bump()
      emit(.otimes, "%o%", from: start)
      return true
    }
    guard let kind = Lexer.singles[peek()] else { return false }
    bump()
    emit(kind, "", from: start)  // punctuation needs no text; `kind` names it
    return true
  }

  private static let singles: [UInt8: TokenKind] = [
    UInt8(ascii: "("): .leftParen, UInt8(ascii: ")"): .rightParen,
    UInt8(ascii: "["): .leftBracket, UInt8(ascii: "]"): .rightBracket,
    UInt8(ascii: "{"): .leftBrace, UInt8(ascii: "}"): .rightBrace,
    UInt8(ascii: ","): .comma, UInt8(ascii: ":"): .colon, UInt8(ascii: "="): .equal,
    UInt8(ascii: "."): .dot, UInt8(ascii: "+"): .plus, UInt8(ascii: "-"): .minus,
    UInt8(ascii: "*"): .star, UInt8(ascii: "/"): .slash, UInt8(ascii: "^"): .caret,
    UInt8(ascii: "@"): .at, UInt8(ascii: "'"): .prime, UInt8(ascii: "<"): .less,
    UInt8(ascii: ">"): .greater,
  ]

  /// Skips a run of bytes that start no token and reports it once.
  mutating func unexpected() {
    let start = mark
    var scalars: [Unicode.Scalar] = []
    var invalidBytes = 0
    repeat {
      if let (scalar, length) = decodeScalar() {
        scalars.append(scalar)
        for _ in 0..<length { bump() }
      } else {
        invalidBytes += 1
        bump()
      }
    } while index < bytes.count && !startsToken(bytes[index])
    report(unexpectedDiagnostic(scalars, invalidBytes, first: bytes[start.offset], at: span(from: start)))
  }

  /// Which of the catalog's unexpected-input errors a skipped run of bytes is.
  private func unexpectedDiagnostic(
    _ scalars: [Unicode.Scalar], _ invalid: Int, first: UInt8, at span: SourceSpan
  ) -> Diagnostic {
    if invalid == 0, scalars.count == 1, let scalar = scalars.first {
      if scalar == "!" { return .exclamationMark(at: span) }
      if scalar.value < 0x20 || scalar.value == 0x7F { return .controlCharacter(scalar, at: span) }
      return .unexpectedCharacter(scalar, at: span)
    }
    if scalars.isEmpty, invalid == 1 { return .invalidUTF8Byte(first, at: span) }
    if invalid > 0 { return .binaryInput(count: invalid + scalars.count, at: span) }
    return .unexpectedCharacters(String(String.UnicodeScalarView(scalars)), at: span)
  }

  /// True for bytes that begin a token, whitespace or a comment.
  private func startsToken(_ byte: UInt8) -> Bool {
    if byte < 0x80 {
      return Lexer.isIdentifierStart(byte) || Lexer.isDigit(byte) || byte == 0x20 || byte == 0x0A
        || byte == 0x09 || byte == 0x0D || "#\"(){}[],:=.+-*/^@'<>%".utf8.contains(byte)
    }
    return byte == 0xE2 && peek(1) == 0x8A && peek(2) == 0x97
  }

  /// Decodes one UTF-8 scalar at the cursor, or nil for an invalid sequence.
  private func decodeScalar() -> (Unicode.Scalar, Int)? {
    let lead = bytes[index]
    let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
    guard length > 0, index + length <= bytes.count else { return nil }
    var decoder = UTF8()
    var iterator = bytes[index..<index + length].makeIterator()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
    return nil
  }
}
