import Testing
@testable import PCXSource
@testable import PCXSyntax

/// Lexes a string, returning the tokens and diagnostics.
func lex(_ text: String) -> ([Token], DiagnosticSet) {
  Lexer.tokenize(SourceFile(name: "t.pcx", text: text))
}

@Suite("Lexer: tokens, literals, spans and bad bytes")
struct LexerTests {
  @Test func numbersWithExponents() {
    let (tokens, diagnostics) = lex("3 0.5 1e-3 2.5E+10 7e2")
    #expect(diagnostics.isEmpty)
    #expect(tokens.map(\.kind).prefix(5) == [.integer, .real, .real, .real, .real])
    #expect(tokens.map(\.text).prefix(5) == ["3", "0.5", "1e-3", "2.5E+10", "7e2"])
  }

  @Test func badNumbersAreDiagnosed() {
    #expect(lex("1e").1.sorted.map(\.message) == ["exponent needs digits, as in 1e-3"])
    #expect(lex("12abc").1.sorted.map(\.message) == ["invalid number '12abc'"])
  }

  @Test func stringsDecodeEscapes() {
    let (tokens, diagnostics) = lex(#""a\"b\\c\n\t\u{3bb}""#)
    #expect(diagnostics.isEmpty)
    #expect(tokens[0].kind == .string)
    #expect(tokens[0].text == "a\"b\\c\n\tλ")
  }

  @Test func badStrings() {
    #expect(lex("\"abc\nlet").1.sorted.map(\.message) == ["unterminated string (a string ends on its line with '\"')"])
    let invalid = lex(#""a\qb""#).1.sorted
    #expect(invalid.count == 1)
    #expect(invalid.first?.message.hasPrefix("invalid escape sequence") == true)
    #expect(invalid.first?.span.column == 3)
  }

  @Test func commentsAndBlankLinesCollapseToOneNewline() {
    let (tokens, _) = lex("let a = 1  # c\n\n# only a comment\n\nlet b = 2")
    let kinds = tokens.map(\.kind)
    #expect(kinds == [.identifier, .identifier, .equal, .integer, .newline, .identifier, .identifier, .equal, .integer, .newline, .endOfFile])
    #expect(tokens[5].atLineStart)
    #expect(tokens[5].span.line == 5)
  }

  @Test func operatorsIncludingTensorProductSpellings() {
    let (tokens, diagnostics) = lex("a ⊗ b %o% c <= >= == != @ ' ^")
    #expect(diagnostics.isEmpty)
    #expect(tokens.map(\.kind).prefix(12) == [.identifier, .otimes, .identifier, .otimes, .identifier, .lessEqual, .greaterEqual, .equalEqual, .notEqual, .at, .prime, .caret])
  }

  @Test func spansCarryLineColumnAndBytes() {
    let (tokens, _) = lex("let λ\n  x ⊗ y")
    // 'λ' is two bytes: the lexer reports it; 'x' is on line 2 column 3 at byte offset 9.
    let x = tokens.first { $0.text == "x" }
    #expect(x?.span.line == 2)
    #expect(x?.span.column == 3)
    #expect(x?.span.start == 9)
    let otimes = tokens.first { $0.kind == .otimes }
    #expect(otimes?.span.column == 5)
    #expect(otimes.map { $0.span.end - $0.span.start } == 3)
    #expect(tokens.first { $0.text == "y" }?.span.column == 7)
  }

  @Test func unexpectedCharactersAreReportedOncePerRun() {
    let (_, diagnostics) = lex("let a = 1 $$$ 2 !")
    let messages = diagnostics.sorted.map(\.message)
    #expect(messages == ["unexpected characters '$$$'", "unexpected character '!'; write 'not' for negation and '!=' for inequality"])
  }

  @Test func invalidUTF8IsDiagnosedNotDecoded() {
    let file = SourceFile(name: "t.pcx", bytes: Array("let a = ".utf8) + [0xFF, 0xFE] + Array(" 1".utf8))
    let (tokens, diagnostics) = Lexer.tokenize(file)
    #expect(diagnostics.sorted.map(\.message) == ["2 unexpected characters (including invalid UTF-8); is this a pcx script?"])
    #expect(tokens.contains { $0.kind == .integer && $0.text == "1" })
  }
}
