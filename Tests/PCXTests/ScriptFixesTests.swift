import Foundation
import PCX
import Testing

/// Runtime fixes the examples needed: `--set` reaching values the checker folds, arithmetic on
/// results, and a deterministic `c.estimate`.
@Suite("PCX: overrides, result arithmetic, estimate")
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

  /// `a.x / b.y` of results: gd on (x - 3)^2 from 0 with lr 0.1 has loss 9 * 0.64^k.
  @Test func arithmeticOnResultMembers() async throws {
    let result = try await run("""
      param x: real = 0.0
      objective f = (x - 3)^2
      train r = gd(f, lr: 0.1, steps: 4)
      report r.loss[0] / r.final_loss, -r.final_loss, 2 * r.loss.max - 1

      """)
    func number(_ e: String) -> Double? { if case .number(let v)? = result.reportedValue(e) { v } else { nil } }
    let ratio = try #require(number("r.loss[0] / r.final_loss"))
    #expect(abs(ratio - 1 / pow(0.64, 4)) <= 1e-12 * ratio)
    #expect(abs((number("-r.final_loss") ?? 0) + 9 * pow(0.64, 4)) <= 1e-12)
    #expect(number("2 * r.loss.max - 1") == 17)
  }

  /// `c.estimate` is the certificate's constant (mu for uniform_conditioning), not whichever
  /// entry a dictionary happened to list first.
  @Test func estimateIsTheCertificatesConstant() async throws {
    let result = try await run("""
      data D = gaussian(n: 4, d: 8)
      model m = mlp(in: 8, hidden: [], out: 1, bias: false)
      loss L = square(m, D)
      train r = gd(L, lr: 0.001, steps: 1)
      certify u = uniform_conditioning(L, on: r)
      report u.estimate

      """)
    let u = try #require(result.certificate(named: "u"))
    #expect(u.estimate["condition_number"] != nil)
    #expect(result.reportedValue("u.estimate") == .number(try #require(u.estimate["mu"])))
  }
}
