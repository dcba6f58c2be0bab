import Testing
import PCXRuntime
@testable import PCXFrontEnd
@testable import PCXSema
@testable import PCXSource
@testable import PCXSyntax

/// The checker on the deepest trees the parser accepts, and on hostile input end to end.
@Suite("Checker robustness: deepest accepted trees, garbage through the whole front end")
struct CheckerRobustnessTests {
  static let deep = Limits.maxNestingDepth / 2 - 4

  @Test func deepestAcceptedExpressionsCheck() {
    let n = Self.deep
    let m = (Limits.maxNestingDepth - 6) / 2  // a call costs one level
    let calls = "param x: vector[3] = ones(3)\nobjective f = " + String(repeating: "sum(normalize(", count: m)
      + "x" + String(repeating: "))", count: m) + "\n"
    let brackets = "let v = " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n) + "\n"
    let powers = "let p = " + String(repeating: "2^", count: n) + "1\n"
    let sums = "let s = " + String(repeating: "1 + ", count: Limits.maxNestingDepth - 2) + "1\n"
    for text in [calls, brackets, powers, sums] {
      let result = check(text)
      #expect(!result.parse.diagnostics.containsError)
      _ = TypedDump.program(result.typed)
    }
    // the sum of 255 ones is folded at check time
    guard case .declaration(_, _, let value)? = check(sums).typed.statements.first?.kind else {
      Issue.record("no typed let")
      return
    }
    #expect(value.constant == .int(Limits.maxNestingDepth - 1))
  }

  @Test func garbageThroughTheWholeFrontEnd() {
    var generator = RobustnessBytes(state: 42)
    for size in [1, 10, 1_000, 20_000] {
      let bytes = (0..<size).map { _ in generator.next() }
      let result = FrontEnd.check(SourceFile(name: "g.pcx", bytes: bytes), catalog: Registry.catalog)
      _ = DiagnosticRenderer(files: [result.file], color: false).render(result.diagnostics)
    }
    // printable garbage made of pcx tokens exercises the checker, not just the lexer
    let words = ["let", "a", "=", "(", ")", "[", "]", "mlp", "in:", "1", "+", "@", ",", "\n", "data", "x", "'", "gd", "."]
    for _ in 0..<200 {
      let text = (0..<40).map { _ in words[Int(generator.next()) % words.count] }.joined(separator: " ")
      let result = check(text)
      _ = DiagnosticRenderer(files: [result.file], color: true).render(result.diagnostics)
    }
  }
}

/// xorshift64* bytes, deterministic.
struct RobustnessBytes {
  var state: UInt64
  mutating func next() -> UInt8 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return UInt8(truncatingIfNeeded: (state &* 2685821657736338717) >> 56)
  }
}
