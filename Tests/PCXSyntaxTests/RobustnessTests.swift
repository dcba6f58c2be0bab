import Testing
@testable import PCXSource
@testable import PCXSyntax

/// Hostile inputs: every one must end in diagnostics, never a crash or a hang.
@Suite("Robustness: garbage, huge lines, deep nesting, invalid UTF-8")
struct RobustnessTests {
  /// A deterministic byte generator (xorshift64*), so the garbage is the same every run.
  struct Bytes {
    var state: UInt64
    mutating func next() -> UInt8 {
      state ^= state >> 12
      state ^= state << 25
      state ^= state >> 27
      return UInt8(truncatingIfNeeded: (state &* 2685821657736338717) >> 56)
    }
  }

  @Test func binaryGarbageGivesBoundedDiagnostics() {
    var generator = Bytes(state: 0x9E3779B97F4A7C15)
    let bytes = (0..<100_000).map { _ in generator.next() }
    let result = Parser.parse(SourceFile(name: "g.pcx", bytes: bytes))
    #expect(result.diagnostics.containsError)
    #expect(result.diagnostics.count <= Limits.maxErrors + 2)
    let rendered = DiagnosticRenderer(files: [SourceFile(name: "g.pcx", bytes: bytes)], color: false).render(result.diagnostics)
    #expect(rendered.contains("error:"))
  }

  @Test func aOneMegabyteLine() {
    let comment = "# " + String(repeating: "x", count: 1 << 20) + "\nlet a = 1\n"
    #expect(parse(comment).diagnostics.isEmpty)
    let string = "let s = \"" + String(repeating: "y", count: 1 << 20) + "\""
    #expect(parse(string).diagnostics.isEmpty)
    let vector = "let v = [" + String(repeating: "1,", count: 1 << 15) + "1]"
    #expect(parse(vector).diagnostics.isEmpty)
    let chain = "let c = " + String(repeating: "1 + ", count: 1 << 18) + "1"
    let file = SourceFile(name: "c.pcx", text: chain)
    let diagnostics = Parser.parse(file).diagnostics
    #expect(diagnostics.sorted.map(\.message) == ["expression is nested deeper than \(Limits.maxNestingDepth) levels; split it with 'let'"])
    let rendered = DiagnosticRenderer(files: [file], color: false).render(diagnostics)
    #expect(rendered.count < 1000)
  }

  @Test func tenThousandNestedBrackets() {
    for (open, close) in [("[", "]"), ("(", ")")] {
      let text = "let x = " + String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000) + "\nlet y = 2"
      let result = parse(text)
      #expect(result.diagnostics.sorted.map(\.message) == ["nesting is deeper than \(Limits.maxNestingDepth) levels; split the expression with 'let'"])
      #expect(result.program.statements.count == 2)
    }
    let unary = "let x = " + String(repeating: "-", count: 10_000) + "1"
    #expect(parse(unary).diagnostics.count == 1)
    let nots = "let x = " + String(repeating: "not ", count: 10_000) + "true"
    #expect(parse(nots).diagnostics.count == 1)
    let powers = "let x = " + String(repeating: "2^", count: 10_000) + "2"
    #expect(parse(powers).diagnostics.count == 1)
    let members = "let x = a" + String(repeating: ".b", count: 10_000)
    #expect(parse(members).diagnostics.count == 1)
    let blocks = String(repeating: "sweep w in [1] {\n", count: 1_000) + String(repeating: "}\n", count: 1_000)
    #expect(parse(blocks).diagnostics.containsError)
    let unclosed = parse("let x = " + String(repeating: "[", count: 100)).isIncomplete
    #expect(unclosed)
  }

  @Test func invalidUTF8Everywhere() {
    let pieces: [[UInt8]] = [
      [0xC3], [0xE2, 0x8A], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xFF], [0xC0, 0xAF], [0x00],
    ]
    for bad in pieces {
      for template in ["let a = X\n", "let s = \"X\"\n", "# X\nlet a = 1\n", "X"] {
        let parts = template.split(separator: "X", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let bytes = parts[0] + bad + parts[1]
        let file = SourceFile(name: "u.pcx", bytes: bytes)
        let result = Parser.parse(file)
        if template.hasPrefix("#") || (bad == [0x00] && template.contains("\"")) {
          #expect(result.diagnostics.isEmpty)
        } else {
          #expect(result.diagnostics.containsError)
          _ = DiagnosticRenderer(files: [file], color: true).render(result.diagnostics)
        }
      }
    }
  }

  @Test func manyErrorsStopAtTheLimit() {
    let text = String(repeating: "let = \n", count: 1_000)
    let result = parse(text)
    #expect(result.diagnostics.count == Limits.maxErrors + 1)
    #expect(result.diagnostics.sorted.last?.message == "too many errors (\(Limits.maxErrors)); stopping here")
  }
}
