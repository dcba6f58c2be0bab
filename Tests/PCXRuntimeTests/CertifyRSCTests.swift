import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

/// rsc (004 Sec 5) against closed forms: for a linear model f(θ; x) = <θ, x> and the mse loss,
/// L(θ + Δ) - L(θ) - <Δ, ∇L> = (1/n) ||X Δ||^2 exactly, so the RSC quotient is
/// q(Δ) = 2 Δ^T (X^T X / n) Δ / ||Δ||^2 and gbar = the mean row of X at every θ.
@Suite("Certificates: rsc (004 Sec 5)")
struct CertifyRSCTests {
  static let rows: [[Double]] = [[1.0, 0.5, -0.3], [0.2, -1.1, 0.7], [0.9, 0.4, 0.1], [-0.5, 0.8, 1.2], [0.3, 0.3, -0.9]]
  static let labels: [Double] = [0.7, -0.2, 1.1, 0.4, -0.6]

  func csvFile() throws -> String {
    let dir = try temporaryDirectory(prefix: "pcx-rsc")
    var text = "a,b,c,y\n"
    for (r, y) in zip(Self.rows, Self.labels) { text += (r + [y]).map { "\($0)" }.joined(separator: ",") + "\n" }
    try text.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    return dir.path
  }

  func run(kappa: Double) throws -> CertificateRecord {
    let base = try csvFile()
    let e = try runScript("""
      data D = csv("d.csv", label: "y")
      model net = mlp(in: 3, hidden: [], out: 1, activation: identity, bias: false)
      loss L = mse(net, D)
      train run = gd(L, lr: 0.1, steps: 30)
      certify r = rsc(run, kappa: \(kappa), rho2: 0.5)
      """, base: base)
    return try #require(e.certificates.first?.outcome)
  }

  /// The Gram matrix X^T X / n and the mean row.
  func gram() throws -> (Tensor, Tensor) {
    let x = try Tensor(rows: Self.rows)
    let g = try Tensor.matmul(x, x, transposeA: true) * (1 / Double(Self.rows.count))
    let mean = Tensor((0..<3).map { j in Self.rows.reduce(0) { $0 + $1[j] } / Double(Self.rows.count) })
    return (g, mean)
  }

  /// With kappa = 1 the cone Q_1 is the line through gbar, so alpha_t = 2 gbar^T G gbar / ||gbar||^2.
  @Test func kappaOneGivesTheRayleighQuotientAlongGbar() throws {
    let c = try run(kappa: 1)
    let (g, mean) = try gram()
    let gm = try Tensor.matmul(g, mean.reshaped([3, 1])).reshaped([3])
    let exact = 2 * (try Tensor.dot(mean, gm)) / (try Tensor.dot(mean, mean))
    expectClose(try #require(c.estimate["alpha_min"]), exact, rel: 1e-8, "alpha_t on Q_1")
    // 004 Thm 5.1's leading term 2 kappa^2 ||gbar||^2 is a lower bound (Jensen), with c2 = 0 here
    let leading = 2 * (try Tensor.dot(mean, mean))
    expectClose(try #require(c.estimate["leading_min"]), leading, rel: 1e-12, "c1 ||gbar||^2")
    #expect(leading <= exact)
    #expect(c.verdict == .notRefuted)
    #expect(c.guarantee?.check == .consistent)
  }

  /// With kappa = 0.5 alpha_t lies between the leading term and 2 lambda_max(X^T X / n).
  @Test func alphaLiesBetweenTheLeadingTermAndTheTopEigenvalue() throws {
    let c = try run(kappa: 0.5)
    let (g, mean) = try gram()
    let top = try LinearAlgebra.symmetricEigen(g, vectors: false).values.last ?? .nan
    let alpha = try #require(c.estimate["alpha_min"])
    #expect(alpha >= 2 * 0.25 * (try Tensor.dot(mean, mean)) * (1 - 1e-10))
    #expect(alpha <= 2 * top * (1 + 1e-10))
    #expect(c.verdict == .notRefuted)
  }

  /// A narrow tanh net whose loss bends below its tangent plane within rho2: violated, with a
  /// witness whose sides show it (lhs = L(theta') < L(theta_t) + <theta' - theta_t, grad L>).
  @Test func negativeCurvatureInTheConeIsViolated() throws {
    let e = try runScript("""
      seed 3
      data D0 = gaussian(n: 16, d: 4)
      data D = normalize_rows(D0, norm: 2.0)
      model net = mlp(in: 4, hidden: [8, 8], out: 1, activation: tanh, scaling: ntk, bias: false, init: banerjee)
      loss L = mse(net, D)
      train run = gd(L, lr: 0.5, steps: 20)
      certify r = rsc(run, kappa: 0.5, rho2: 2.0, rho: 3.0)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.verdict == .violated, "estimate \(c.estimate)")
    let w = try #require(c.witness)
    #expect(w.lhs < w.rhs)
    #expect(try #require(c.estimate["alpha_min"]) < 0)
    #expect(c.guarantee?.hypotheses.first?.met == false)
  }
}
