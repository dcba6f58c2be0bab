import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

/// hessian_control (003 Thm 2) and the model Hessian norm (004 Thm 4.1) against closed forms.
@Suite("Certificates: hessian_control and the model Hessian")
struct CertifyHessianControlTests {
  static let rows: [[Double]] = [[1.0, 0.5, -0.3, 0.2], [0.2, -1.1, 0.7, 0.4], [0.9, 0.4, 0.1, -0.8]]
  static let labels: [Double] = [0.7, -0.2, 1.1]

  func base() throws -> String {
    let dir = try temporaryDirectory(prefix: "pcx-hc")
    var text = "a,b,c,d,y\n"
    for (r, y) in zip(Self.rows, Self.labels) { text += (r + [y]).map { "\($0)" }.joined(separator: ",") + "\n" }
    try text.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    return dir.path
  }

  /// A linear model has H_F = 0 and K = X X^T everywhere: lambda_0 and L_F^2 are its extreme
  /// eigenvalues, the Hessian norm is 0, the criterion is not refuted and the conclusion holds.
  @Test func aLinearModelHasNoHessianAndAConstantKernel() throws {
    let e = try runScript("""
      data D = csv("d.csv", label: "y")
      model net = mlp(in: 4, hidden: [], out: 1, activation: identity, bias: false)
      loss L = square(net, D)
      certify c = hessian_control(L, radius: 2.0, samples: 4)
      """, base: try base())
    let c = try #require(e.certificates.first?.outcome)
    let x = try Tensor(rows: Self.rows)
    let eig = try LinearAlgebra.symmetricEigen(try Tensor.matmul(x, x, transposeB: true), vectors: false).values
    expectClose(try #require(c.estimate["lambda_0"]), eig[0], rel: 1e-10, "lambda_min(X X^T)")
    expectClose(try #require(c.estimate["L_F"]), eig[2].squareRoot(), rel: 1e-10, "sqrt(lambda_max(X X^T))")
    expectClose(try #require(c.estimate["lambda_min_ball"]), eig[0], rel: 1e-10, "K is constant")
    #expect(try #require(c.estimate["hessian_norm"]) <= 1e-12)
    let bound = (eig[0] - eig[0] / 2) / (2 * eig[2].squareRoot() * 3.0.squareRoot() * 2.0)
    expectClose(try #require(c.estimate["hessian_bound"]), bound, rel: 1e-10, "(lambda_0 - mu) / (2 L_F sqrt(n) R)")
    #expect(c.verdict == .notRefuted)
    #expect(c.guarantee?.check == .consistent)
  }

  /// For a tanh neuron f(w; x) = tanh(<w, x>), hess f = tanh''(<w, x>) x x^T, so the model Hessian
  /// norm at w is max_i |tanh''(<w, x_i>)| ||x_i||^2 with tanh'' = -2 tanh (1 - tanh^2).
  @Test func theModelHessianNormOfANeuronIsItsClosedForm() throws {
    let w = [0.3, -0.2, 0.5, 0.1]
    let e = try runScript("""
      data D = csv("d.csv", label: "y")
      model net = neuron(in: 4, activation: tanh)
      loss L = square(net, D)
      certify h = hessian_spectrum(L, at: [\(w.map { "\($0)" }.joined(separator: ", "))])
      """, base: try base())
    let c = try #require(e.certificates.first?.outcome)
    let expected = Self.rows.map { x -> Double in
      let z = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
      let t = Foundation.tanh(z)
      return Swift.abs(-2 * t * (1 - t * t)) * x.reduce(0) { $0 + $1 * $1 }
    }.max() ?? .nan
    expectClose(try #require(c.estimate["model_hessian_norm"]), expected, rel: 1e-10, "max_i |tanh''| ||x_i||^2")
  }

  /// A large radius makes 003 Thm 2's bound tiny: a tanh net's model Hessian exceeds it (violated,
  /// with the witness's sides), and a mu at or above lambda_0 is inconclusive.
  @Test func aLargeBallViolatesAndABadMuIsInconclusive() throws {
    let e = try runScript("""
      seed 1
      data D = gaussian(n: 4, d: 10)
      model net = mlp(in: 10, hidden: [16], out: 1, activation: tanh, scaling: ntk, bias: false)
      loss L = square(net, D)
      certify c = hessian_control(L, radius: 5.0, samples: 3)
      certify d = hessian_control(L, radius: 1.0, mu: 100.0, samples: 1)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.verdict == .violated)
    let w = try #require(c.witness)
    #expect(w.lhs > w.rhs)
    #expect(e.certificates.last?.outcome?.verdict == .inconclusive)
  }
}
