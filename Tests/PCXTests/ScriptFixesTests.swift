import Foundation
import PCX
import Testing

/// Runtime fixes the examples needed: `--set` reaching values the checker folds. (Arithmetic on
/// results and a deterministic `c.estimate` are run-corpus cases: report_arithmetic_on_results,
/// uniform_conditioning_estimate.)
@Suite("PCX: overrides")
struct ScriptFixesTests {
  func run(_ source: String, _ overrides: [String: String] = [:]) async throws -> RunResult {
    var c = InterpreterConfiguration()
    c.overrides = overrides
    return try await PCXInterpreter(configuration: c).run(source: source)
  }

  /// `steps: steps` and `n: n` are folded into constants at check time; an override must reach
  /// them (it used to change only the reported value of the let).
  @Test func overridesReachFoldedArguments() async throws {
    let source = """
      let steps = 30
      let n = 6
      data D = gaussian(n: n, d: 2)
      model m = mlp(in: 2, hidden: [], out: 1)
      loss L = mse(m, D)
      train r = gd(L, lr: 0.01, steps: steps)
      report steps, D.n

      """
    let plain = try await run(source)
    #expect(plain.runs[0].steps == 30)
    let small = try await run(source, ["steps": "5", "n": "4"])
    #expect(small.runs[0].steps == 5)
    #expect(small.reportedValue("steps") == .number(5))
    #expect(small.reportedValue("D.n") == .number(4))
  }
}
