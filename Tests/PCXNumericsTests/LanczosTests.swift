import Testing
@testable import PCXNumerics

@Suite("Lanczos with full reorthogonalisation")
struct LanczosTests {
  /// Slack allowed when comparing a reported residual bound with the explicit residual.
  static let boundSlack = 1e-12

  @Test func secondDifferenceExtremesMatchTheClosedForm() throws {
    let n = 200
    var rng = LAFixtures.LCG(seed: 1)
    let result = try LinearAlgebra.lanczos(
      dimension: n, count: 2, which: .both, start: Tensor(rng.vector(n)), tolerance: 1e-10,
      apply: LAFixtures.secondDifferenceProduct)
    #expect(result.converged)
    #expect(result.matrixVectorProducts == result.iterations)
    #expect(result.iterations <= n)
    for k in 0..<2 {
      expectClose(result.smallest[k], LAFixtures.secondDifferenceEigenvalue(k + 1, n), rel: 1e-10,
                  "lambda_\(k + 1)")
      expectClose(result.largest[k], LAFixtures.secondDifferenceEigenvalue(n - k, n), rel: 1e-10,
                  "lambda_\(n - k)")
    }
    try expectTrueBounds(result, LAFixtures.secondDifference(n), tolerance: 1e-10)
  }

  @Test func randomSymmetricMatchesDsyevr() throws {
    let n = 60
    let a = LAFixtures.randomSymmetric(n, seed: 77)
    let full = try LinearAlgebra.symmetricEigen(a)
    var rng = LAFixtures.LCG(seed: 2)
    let result = try LinearAlgebra.lanczos(
      dimension: n, count: 3, which: .both, start: Tensor(rng.vector(n)), tolerance: 1e-10
    ) { try Tensor.matmul(a, $0) }
    #expect(result.converged)
    let scale = Swift.abs(full.values[0]) + Swift.abs(full.values[n - 1])
    for k in 0..<3 {
      expectClose(result.smallest[k], full.values[k], rel: 1e-10, abs: 1e-12 * scale, "smallest \(k)")
      expectClose(result.largest[k], full.values[n - 1 - k], rel: 1e-10, abs: 1e-12 * scale, "largest \(k)")
    }
    // the Ritz vector of the smallest value is dsyevr's eigenvector up to sign
    let u = LAFixtures.column(try #require(full.vectors), 0)
    let cosine = zip(u, result.smallestVectors[0].scalars).reduce(0) { $0 + $1.0 * $1.1 }
    expectClose(Swift.abs(cosine), 1, rel: 1e-8, "|<u_min, v_min>|")
    try expectTrueBounds(result, a, tolerance: 1e-10)
  }

  @Test func repeatedSmallestEigenvalueIsFound() throws {
    // n = 40, lambda_min = -2 twice; k = 1 from a generic start
    let d = [-2.0, -2] + (0..<38).map { Double($0) * 0.25 - 1 }
    let (a, _) = try LAFixtures.rotatedDiagonal(d, seed: 9)
    var rng = LAFixtures.LCG(seed: 3)
    let result = try LinearAlgebra.lanczos(
      dimension: 40, which: .smallest, start: Tensor(rng.vector(40)), tolerance: 1e-10
    ) { try Tensor.matmul(a, $0) }
    #expect(result.converged)
    expectClose(result.smallest[0], -2, rel: 1e-12)
    #expect(result.largest.isEmpty && result.largestVectors.isEmpty)
    try expectTrueBounds(result, a, tolerance: 1e-10)
  }

  @Test func invariantSubspaceRestartFindsTheSecondCopy() throws {
    // 7 distinct eigenvalues in R^8, clustered near -2 so that nothing converges before the
    // Krylov space (dimension 7) is exhausted; the restart block then finds the second -2.
    let d = [-2.0, -2, -1.999, -1.998, 1, 2, 3, 4]
    let (a, _) = try LAFixtures.rotatedDiagonal(d, seed: 4)
    var rng = LAFixtures.LCG(seed: 5)
    let result = try LinearAlgebra.lanczos(
      dimension: 8, count: 2, which: .both, start: Tensor(rng.vector(8))
    ) { try Tensor.matmul(a, $0) }
    #expect(result.converged)
    #expect(result.invariantSubspaces >= 1)
    #expect(result.iterations == 8)
    for (obs, exp) in zip(result.smallest + result.largest, [-2.0, -2, 4, 3]) {
      expectClose(obs, exp, rel: 1e-13)
    }
    try expectOrthonormal(result.smallestVectors)
    try expectTrueBounds(result, a, tolerance: 1e-8)
  }

  @Test func deflationResolvesMultiplicitiesAtBothEnds() throws {
    // lambda_min = -2 three times, lambda_max = 9 twice, n = 42: the first run converges to
    // one copy of each; the deflated rounds find the others.
    let d = [-2.0, -2, -2] + (0..<37).map { Double($0) * 0.25 - 1 } + [9, 9]
    let (a, _) = try LAFixtures.rotatedDiagonal(d, seed: 4)
    var rng = LAFixtures.LCG(seed: 5)
    let result = try LinearAlgebra.lanczos(
      dimension: 42, count: 3, which: .both, start: Tensor(rng.vector(42))
    ) { try Tensor.matmul(a, $0) }
    #expect(result.converged)
    #expect(result.iterations > 42, "deflated rounds ran (a single run sees 39 distinct values)")
    for (obs, exp) in zip(result.smallest + result.largest, [-2.0, -2, -2, 9, 9, 8]) {
      expectClose(obs, exp, rel: 1e-10)
    }
    try expectOrthonormal(result.smallestVectors)
    try expectOrthonormal(result.largestVectors)
    try expectTrueBounds(result, a, tolerance: 1e-8)
  }

  @Test func krylovExhaustionOnASmallMatrixIsExact() throws {
    let n = 5
    let result = try LinearAlgebra.lanczos(
      dimension: n, count: 2, which: .both, start: Tensor([1, 0.3, -0.2, 0.7, 0.1]),
      apply: LAFixtures.secondDifferenceProduct)
    #expect(result.converged)
    #expect(result.iterations == n)
    #expect(result.invariantSubspaces >= 1)
    for k in 0..<2 {
      expectClose(result.smallest[k], LAFixtures.secondDifferenceEigenvalue(k + 1, n), rel: 1e-13)
      expectClose(result.largest[k], LAFixtures.secondDifferenceEigenvalue(n - k, n), rel: 1e-13)
    }
    try expectTrueBounds(result, LAFixtures.secondDifference(n), tolerance: 1e-8)
  }

  @Test func deficientStartIsRestarted() throws {
    // the start is an eigenvector of a middle eigenvalue: the Krylov space is invariant at once
    let n = 30
    let v10 = LAFixtures.secondDifferenceEigenvector(10, n)
    let result = try LinearAlgebra.lanczos(
      dimension: n, which: .smallest, start: Tensor(v10), tolerance: 1e-10, maxIterations: 100,
      apply: LAFixtures.secondDifferenceProduct)
    #expect(result.converged)
    #expect(result.invariantSubspaces >= 1)
    expectClose(result.smallest[0], LAFixtures.secondDifferenceEigenvalue(1, n), rel: 1e-10)
    try expectTrueBounds(result, LAFixtures.secondDifference(n), tolerance: 1e-10)
  }

  @Test func nonConvergenceIsReportedNotThrown() throws {
    let n = 200
    var rng = LAFixtures.LCG(seed: 6)
    let result = try LinearAlgebra.lanczos(
      dimension: n, which: .smallest, start: Tensor(rng.vector(n)), tolerance: 1e-10, maxIterations: 10,
      apply: LAFixtures.secondDifferenceProduct)
    #expect(!result.converged)
    #expect(result.iterations == 10)
    #expect(result.matrixVectorProducts == 10)
    // an unconverged bound is still a true bound, and it is honestly large
    #expect(result.smallestResidualNorms[0] > 1e-10 * result.normEstimate)
    try expectTrueBounds(result, LAFixtures.secondDifference(n), tolerance: nil)
  }

  @Test func vectorsKeepTheShapeOfTheStart() throws {
    let a = LAFixtures.secondDifference(6)
    let start = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let result = try LinearAlgebra.lanczos(dimension: 6, which: .largest, start: start) { v in
      #expect(v.shape == [2, 3])
      return try Tensor.matmul(a, v.flattened).reshaped([2, 3])
    }
    #expect(result.largestVectors[0].shape == [2, 3])
    expectClose(result.largest[0], LAFixtures.secondDifferenceEigenvalue(6, 6), rel: 1e-13)
  }

  @Test func zeroOperatorHasZeroSpectrum() throws {
    let result = try LinearAlgebra.lanczos(dimension: 4, which: .both, start: Tensor([1, 2, 3, 4])) {
      Tensor.zeros($0.shape)
    }
    #expect(result.converged)
    #expect(result.smallest == [0] && result.largest == [0])
    #expect(result.smallestResidualNorms == [0])
  }

  @Test func argumentAndOperatorErrors() throws {
    let apply: (Tensor) throws -> Tensor = LAFixtures.secondDifferenceProduct
    try expectLAError(.invalidArgument) {
      try LinearAlgebra.lanczos(dimension: 3, count: 4, which: .both, start: Tensor([1, 1, 1]), apply: apply)
    }
    try expectLAError(.invalidArgument) {
      try LinearAlgebra.lanczos(dimension: 3, which: .both, start: Tensor([0, 0, 0]), apply: apply)
    }
    try expectLAError(.dimensionMismatch) {
      try LinearAlgebra.lanczos(dimension: 4, which: .both, start: Tensor([1, 1, 1]), apply: apply)
    }
    try expectLAError(.dimensionMismatch) {
      try LinearAlgebra.lanczos(dimension: 3, which: .both, start: Tensor([1, 1, 1])) { _ in Tensor([1, 2]) }
    }
    try expectLAError(.nonFinite) {
      try LinearAlgebra.lanczos(dimension: 2, which: .both, start: Tensor([1, 1])) { _ in Tensor([.nan, 0]) }
    }
  }

  /// Checks that Ritz vectors for distinct pairs are orthonormal to 1e-10.
  private func expectOrthonormal(_ vs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation) throws {
    for i in 0..<vs.count {
      for j in 0..<vs.count {
        let g = try Tensor.dot(vs[i], vs[j])
        #expect(Swift.abs(g - (i == j ? 1 : 0)) <= 1e-10, "<v_\(i), v_\(j)> = \(g)", sourceLocation: sourceLocation)
      }
    }
  }

  /// Checks every reported pair: `bound >= ||A v - theta v|| - boundSlack`, and when `tolerance`
  /// is given, `bound <= tolerance * max(|theta|, ||A||_est)` (small, as convergence claims).
  private func expectTrueBounds(
    _ r: LanczosResult, _ a: Tensor, tolerance: Double?, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let pairs = zip(r.smallest, zip(r.smallestVectors, r.smallestResidualNorms)).map { ($0, $1.0, $1.1) }
      + zip(r.largest, zip(r.largestVectors, r.largestResidualNorms)).map { ($0, $1.0, $1.1) }
    #expect(!pairs.isEmpty, sourceLocation: sourceLocation)
    for (theta, v, bound) in pairs {
      let truth = try LAFixtures.residual(a, v, theta)
      #expect(bound >= truth - Self.boundSlack,
              "theta \(theta): bound \(bound) < true residual \(truth)", sourceLocation: sourceLocation)
      expectClose(LAFixtures.norm(v.scalars), 1, rel: 1e-12, "Ritz vector norm", sourceLocation: sourceLocation)
      if let tolerance {
        #expect(bound <= tolerance * max(Swift.abs(theta), r.normEstimate),
                "theta \(theta): bound \(bound) is not small", sourceLocation: sourceLocation)
      }
    }
  }
}
