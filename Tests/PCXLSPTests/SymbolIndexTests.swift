import PCXSema
import Testing
@testable import PCXLSP

/// The symbol index: the checker's scopes, duplicates, enumerators and implicit names.
@Suite("SymbolIndex: declarations, references and roles")
struct SymbolIndexTests {
  static func analyze(_ text: String) -> Analysis {
    Analysis(Document(uri: "untitled:t", version: 1, bytes: Array(text.utf8)), encoding: .utf8)
  }

  static func role(_ analysis: Analysis, _ needle: String, occurrence: Int = 0) -> SymbolIndex.Role? {
    let text = String(decoding: analysis.file.bytes, as: UTF8.self)
    var offset = -1
    var from = text.startIndex
    for _ in 0...occurrence {
      guard let found = text.range(of: needle, range: from..<text.endIndex) else { return nil }
      offset = text.utf8.distance(from: text.startIndex, to: found.lowerBound)
      from = found.upperBound
    }
    return analysis.index.occurrence(at: offset)?.role
  }

  @Test func sweepBodiesAreScopes() {
    let analysis = Self.analyze("""
      let n = 2
      sweep w in [1, 2] {
        let m = n + w
      }
      sweep w in [3] {
        let m = w
      }
      report n

      """)
    let declarations = analysis.index.declarations
    #expect(declarations.map(\.name) == ["n", "w", "m", "w", "m"])
    #expect(declarations.allSatisfy { !$0.isDuplicate }, "a name declared in one sweep body is free in the next")
    #expect(declarations[2].types == [.int, .int])
    #expect(declarations[1].constants == [.int(1), .int(2)])
    #expect(Self.role(analysis, "w\n", occurrence: 0) == .reference(1))
    #expect(Self.role(analysis, "w\n", occurrence: 1) == .reference(3), "each body sees its own sweep variable")
    #expect(Self.role(analysis, "n + w") == .reference(0))
    let inSecond = analysis.index.visible(at: analysis.file.bytes.count - 12).map(\.name)
    #expect(inSecond == ["n", "w", "m"], "inside the second body: \(inSecond)")
    let after = analysis.index.visible(at: analysis.file.bytes.count).map(\.name)
    #expect(after == ["n"], "after the sweeps only n is visible: \(after)")
  }

  @Test func duplicatesAndPartialStatements() {
    let analysis = Self.analyze("let a = 1\nlet a = 2\nmodel m = mlp(in: 2,\nlet b = a\n")
    #expect(analysis.index.declarations.map(\.name) == ["a", "a", "m", "b"])
    #expect(analysis.index.declarations[1].isDuplicate)
    #expect(analysis.index.declarations[2].isPartial)
    #expect(Self.role(analysis, "a\n") == .reference(0), "uses go to the first declaration")
  }

  @Test func enumeratorsAndImplicitNamesAreNotReferences() {
    let analysis = Self.analyze("""
      let loss = 3
      param x: real = 1
      objective f = x^2
      train r = gd(f, lr: theorem, stop: loss < 1e-3)
      data D = gaussian(n: 4, d: 2, labels: sin(x[0]))
      model net = mlp(in: 2, hidden: [3], activation: tanh, scaling: ntk)
      param u: vector[3] on sphere
      report (x), loss

      """)
    #expect(Self.role(analysis, "loss <") == .implicit(.real), "a stop rule's metric, not the let")
    #expect(Self.role(analysis, "loss\n") == .reference(0))
    #expect(Self.role(analysis, "theorem") == .choice(callee: "gd", label: "lr"))
    #expect(Self.role(analysis, "tanh") == .choice(callee: "mlp", label: "activation"))
    #expect(Self.role(analysis, "sphere") == .choice(callee: nil, label: "on"))
    #expect(Self.role(analysis, "x[0]") == .implicit(.vector(.known(2))))
    #expect(Self.role(analysis, "x), loss") == .reference(1), "a parenthesised name is found inside its parentheses")
    #expect(Self.role(analysis, "gd") == .callee)
    #expect(Self.role(analysis, "lr:") == .argumentLabel(callee: "gd"))
    #expect(Self.role(analysis, "vector") == .typeName)
    #expect(Self.role(analysis, "train") == .keyword)
  }
}
