import Testing
@testable import PCXNumerics

/// Lanczos on exact Hessian-vector products against dsyevr on the dense autodiff Hessian, and
/// both against a closed form from 002 Thm 4.1.
@Suite("Hessian spectrum: Lanczos on HVPs vs dsyevr")
struct HessianSpectrumTests {
  @Test func lanczosOnHVPsAgreesWithTheDenseHessianOfAnMLPLoss() throws {
    let net = try MLP(inputs: 3, hidden: [6, 5], outputs: 1, activation: .tanh, bias: true, scaling: .standard)
    var rng = TestRandom(11)
    let theta = rng.tensor([net.parameterCount], scale: 0.8)
    let x = rng.tensor([7, 3]), y = rng.tensor([7, 1])
    let loss: (Var) throws -> Var = { t in
      try (net.forward(flat: t, Var(constant: x)) - Var(constant: y)).squared().mean()
    }
    let dense = try Autodiff.hessian(at: theta, of: loss)
    let exact = try LinearAlgebra.symmetricEigen(dense, vectors: false).values
    let op = try HessianOperator(at: [theta]) { try loss($0[0]) }
    let result = try LinearAlgebra.lanczos(
      dimension: theta.count, count: 2, which: .both, start: rng.tensor([theta.count]),
      tolerance: 1e-10, maxIterations: 200) { try op.applyFlat($0) }
    #expect(result.converged)
    let scale = max(Swift.abs(exact.first ?? 0), Swift.abs(exact.last ?? 0))
    expectClose(result.smallest[0], exact[0], rel: 1e-8, abs: 1e-9 * scale, "lambda_min")
    expectClose(result.smallest[1], exact[1], rel: 1e-8, abs: 1e-9 * scale, "second smallest")
    expectClose(result.largest[0], exact[exact.count - 1], rel: 1e-8, "lambda_max")
    // the reported residual bound holds for the Ritz pair, measured with one more exact HVP
    let v = result.largestVectors[0]
    let r = try op.applyFlat(v) - v * result.largest[0]
    #expect(r.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot() <= result.largestResidualNorms[0] + 1e-12)
  }

  @Test func pcaHessianAtANonTopEigenvectorHasTheEigenvalueOf002Thm41() throws {
    // 002 (4.1) with the 1/4 convention: g(x) = 1/4 ||M - x x^T||_F^2. At x = sqrt(lambda_i) v_i
    // the Hessian is ||x||^2 I + 2 x x^T - M, so along v_1 it has eigenvalue lambda_i - lambda_1 < 0.
    let m = try Tensor(rows: [[3, 1, 0], [1, 3, 0], [0, 0, 1]])  // eigenvalues 4, 2, 1
    let eig = try LinearAlgebra.symmetricEigen(m)
    let lambda = eig.values  // ascending: 1, 2, 4
    guard let vectors = eig.vectors else { Issue.record("no eigenvectors"); return }
    let v2 = Tensor((0..<3).map { vectors.scalars[$0 * 3 + 1] })
    let x0 = v2 * lambda[1].squareRoot()
    let h = try Autodiff.hessian(at: x0) { x in
      try (Var(constant: m) - Var.outer(x, x)).squared().sum() * 0.25
    }
    let spectrum = try LinearAlgebra.symmetricEigen(h, vectors: false).values
    expectClose(spectrum[0], lambda[1] - lambda[2], rel: 1e-12, "lambda_2 - lambda_1 (002 Thm 4.1)")
    let op = try HessianOperator(at: [x0]) { x in
      try (Var(constant: m) - Var.outer(x[0], x[0])).squared().sum() * 0.25
    }
    let lz = try LinearAlgebra.lanczos(dimension: 3, which: .smallest, start: Tensor([1, 0.5, 0.25])) {
      try op.applyFlat($0)
    }
    expectClose(lz.smallest[0], lambda[1] - lambda[2], rel: 1e-10, "Lanczos on HVPs")
  }
}
