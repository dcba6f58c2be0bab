import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

/// Guarantees derived from certificates and `lr: theorem` (001 Thm 2.1, 2.2; SPEC §5).
@Suite("Certificates: guarantees and lr: theorem")
struct CertifyGuaranteeTests {
  static let toy = """
    param x: real = 2.0
    param y: real = 0.2
    objective f = (x * y - 1)^2
    certify c = chatterjee(f, at: (x, y), radius: 0.5)
    """

  /// For f = (xy - 1)^2: d_x f = 2(xy - 1) y, d_y f = 2(xy - 1) x, and the Hessian entries
  /// 2 y^2, 2 x^2, 4 xy - 2. Their largest magnitudes on a fine polar grid of the ball.
  static func gridMax(radius r: Double, _ value: (Double, Double) -> Double) -> Double {
    var best = 0.0
    for i in 0...200 {
      for j in 0..<400 {
        let rho = r * Double(i) / 200, phi = 2 * Double.pi * Double(j) / 400
        best = Swift.max(best, value(2 + rho * cos(phi), 0.2 + rho * sin(phi)))
      }
    }
    return best
  }

  /// 001 Thm 2.2's constants at (2, 0.2), r = 0.5: L1 and L2 found by search are within 2% below
  /// the grid maxima (never above, up to the grid's resolution), epsilon meets (2.2), eta and delta
  /// follow from them as printed, and gd with lr: theorem obeys f(x_k) <= (1 - delta)^k f(x0).
  @Test func theorem22ConstantsAndGuarantee() throws {
    let e = try runScript(Self.toy + "\ntrain descent = gd(f, lr: theorem, steps: 200)\n")
    let c = try #require(e.certificates.first?.outcome)
    let est = c.estimate
    let (alpha, r, f0) = (try #require(est["alpha"]), 0.5, 0.36)
    let l1 = try #require(est["L1"]), l2 = try #require(est["L2"]), eps = try #require(est["epsilon"])
    let l1Grid = Self.gridMax(radius: r) { x, y in Swift.max(Swift.abs(2 * (x * y - 1) * y), Swift.abs(2 * (x * y - 1) * x)) }
    let l2Grid = Self.gridMax(radius: 2 * r) { x, y in Swift.max(2 * y * y, 2 * x * x, Swift.abs(4 * x * y - 2)) }
    #expect(l1 <= l1Grid * 1.001 && l1 >= l1Grid * 0.98, "L1 \(l1) against \(l1Grid)")
    #expect(l2 <= l2Grid * 1.001 && l2 >= l2Grid * 0.98, "L2 \(l2) against \(l2Grid)")
    #expect(4 * f0 < (1 - eps) * (1 - eps) * r * r * alpha)  // 001 (2.2)
    let eta = Swift.min(r / (l1 * 2.0.squareRoot()), 6 * eps / (l2 * 2))
    expectClose(try #require(est["eta"]), eta, rel: 1e-12, "eta")
    expectClose(try #require(est["delta"]), Swift.min(1, (1 - eps) * alpha * eta), rel: 1e-12, "delta")
    let run = try #require(e.runs.first)
    expectClose(try #require(run.result.traces["step_size"]?.values.first), eta, rel: 1e-15, "lr: theorem")
    let g = try #require(c.guarantee)
    #expect(g.check == .consistent)
    #expect(g.hypotheses.last?.met == true)
    let predicted = try #require(g.predicted)
    #expect(predicted.count == run.result.traces["loss"]?.values.count)
    expectClose(predicted[10], libmPow(1 - Swift.min(1, (1 - eps) * alpha * eta), 10) * f0, rel: 1e-9, "(1 - delta)^10 f(x0)")
  }

  /// 001 Thm 2.1 against a gradient flow run before the certificate: consistent, and the bound at
  /// the flow's last time is e^{-alpha t} f(x0).
  @Test func theorem21AgainstAFlow() throws {
    let e = try runScript("""
      param x: real = 2.0
      param y: real = 0.2
      objective f = (x * y - 1)^2
      train flow = gradient_flow(f, until: 3.0)
      certify c = chatterjee(f, at: (x, y), radius: 0.5)
      """)
    let c = try #require(e.certificates.first?.outcome)
    let g = try #require(c.guarantee)
    #expect(g.statement.hasPrefix("001 Thm 2.1"))
    #expect(g.check == .consistent)
    let alpha = try #require(c.estimate["alpha"])
    let t = try #require(e.runs.first?.result.traces["time"]?.values.last)
    expectClose(try #require(g.predicted?.last), libmExp(-alpha * t) * 0.36, rel: 1e-12, "e^{-alpha t} f(x0)")
  }

  /// A step size far above Thm 2.2's is reported as an unmet hypothesis.
  @Test func anUnmetStepSizeIsReported() throws {
    let e = try runScript("""
      param x: real = 2.0
      param y: real = 0.2
      objective f = (x * y - 1)^2
      train descent = gd(f, lr: 0.2, steps: 50)
      certify c = chatterjee(f, at: (x, y), radius: 0.5)
      """)
    let g = try #require(e.certificates.first?.outcome?.guarantee)
    #expect(g.hypotheses.last?.met == false)
  }

  /// lr: theorem without a certificate that prescribes a step size is an error that says which do.
  @Test func lrTheoremWithoutACertificateIsAnError() throws {
    #expect {
      _ = try runScript("param x: real = 1\nobjective f = x^2\ntrain r = gd(f, lr: theorem, steps: 3)\n")
    } throws: { error in
      "\(error)".contains("prescribes a step size") && "\(error)".contains("chatterjee")
    }
  }

  /// smoothness on points prescribes eta = 1/beta: for f = 2 x^2 + 0.5 y^2, beta = 4.
  @Test func smoothnessPrescribesOneOverBeta() throws {
    let e = try runScript("""
      param x: real = 1.0
      param y: real = 1.0
      objective f = 2 * x^2 + 0.5 * y^2
      certify s = smoothness(f, on: points([[1.0, 1.0], [0.0, 2.0]]))
      train r = gd(f, lr: theorem, steps: 5)
      """)
    expectClose(try #require(e.runs.first?.result.traces["step_size"]?.values.first), 0.25, rel: 1e-12, "1/beta")
  }
}

/// 000 Thm 3.1 and Thm 4.1(b) on f = g = h = 1/2 ||w||^2 along gd: ||grad f||^2 = 2 f, so the proxy
/// PL constant with alpha = 2 is mu = 4, E ||grad f||^2 = 2 L2 G with L2 = 1, and the Hessian is I.
@Suite("Certificates: the guarantees of 000")
struct ProxyGuaranteeTests {
  static func run(lr: Double) throws -> Experiment {
    try runScript("""
      param w: vector[2] = [1.0, 2.0]
      objective f = 0.5 * sum(w * w)
      train r = gd(f, lr: \(lr), steps: 50)
      certify p = proxy_pl(f, g: f, on: r)
      certify c = proxy_convex(f, g: f, h: f, on: r)
      """)
  }

  /// Thm 3.1: eps = (2/mu) (2 f(w0) / (eta T))^{alpha/2} = 0.5 * 2 * 2.5 / 5 = 0.5, and
  /// min G(w_t) = 0.9^100 * 2.5 is far below it.
  @Test func theorem31() throws {
    let e = try Self.run(lr: 0.1)
    let g = try #require(e.certificates[0].outcome?.guarantee)
    expectClose(try #require(g.predicted?.first), 0.5, rel: 1e-12, "xi + eps")
    #expect(g.check == .consistent)
    #expect(g.hypotheses.prefix(3).allSatisfy { $0.met == true }, "\(g.hypotheses)")
  }

  /// Thm 4.1(b): L2 = 1 exactly; eta = 0.1 <= 1/2 is met, eta = 0.9 is not; the bound over the
  /// comparators v is at least the smallest G reached (consistent).
  @Test(arguments: [(0.1, true), (0.9, false)])
  func theorem41b(_ lr: Double, _ stepMet: Bool) throws {
    let e = try Self.run(lr: lr)
    let g = try #require(e.certificates[1].outcome?.guarantee)
    #expect(g.statement.contains("L2 = 1.0") || g.statement.contains("L2 = 0.9999999999999"), "\(g.statement)")
    #expect(g.hypotheses[1].met == true)
    #expect(g.hypotheses[2].met == stepMet)
    #expect(g.check == .consistent)
    #expect(try #require(g.observed?.min()) <= (try #require(g.predicted?.first)))
  }
}
