import Foundation
import Testing
import PCX

/// `pcx explain NAME` through the public API.
@Suite("Explain")
struct ExplainTests {
  /// Every certificate of SPEC §5 is explained with its formula, source and verdict meaning.
  @Test(arguments: ["pl", "pl_star", "pl_star_eps", "uniform_conditioning", "hessian_control", "chatterjee",
                    "proxy_pl", "proxy_convex", "strict_saddle", "quasi_convex", "rsi", "rsc",
                    "hessian_spectrum", "landscape", "smoothness", "lipschitz", "convexity"])
  func certificates(_ name: String) throws {
    let text = try #require(PCXInterpreter.explain(name))
    #expect(text.hasPrefix("\(name) — a certificate"))
    for section in ["source:", "formula:", "sets:", "method:", "verdicts:", "example:"] {
      #expect(text.contains(section), "\(name) lacks \(section)")
    }
  }

  /// Models, losses and optimizers get their signature and reference; unknown names get nil and
  /// a suggestion.
  @Test func otherNames() throws {
    let mlp = try #require(PCXInterpreter.explain("mlp"))
    #expect(mlp.contains("mlp(in, hidden, out") && mlp.contains("source:"))
    #expect(PCXInterpreter.explain("gd")?.contains("lr") == true)
    #expect(PCXInterpreter.explain("no_such_thing") == nil)
    #expect(PCXInterpreter.closestName(to: "chaterjee") == "chatterjee")
    #expect(PCXInterpreter.explainableNames.contains("rsc"))
  }
}
