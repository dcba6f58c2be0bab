#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import PCXNumerics

@Suite("Linear algebra: dsyevr, SVD, solves")
struct LinearAlgebraTests {
  // MARK: Symmetric eigenproblems

  @Test func diagonalMatrixEigenpairs() throws {
    let d = [3.0, -1, 2, 0.5]
    var a = Tensor.zeros([4, 4])
    for i in 0..<4 { a.scalars[i * 4 + i] = d[i] }
    let e = try LinearAlgebra.symmetricEigen(a)
    #expect(e.values == [-1, 0.5, 2, 3])
    let v = try #require(e.vectors)
    #expect(v.shape == [4, 4])
    // the eigenvector of -1 is +-e_1, of 0.5 is +-e_3, ...
    for (col, axis) in [1, 3, 2, 0].enumerated() {
      expectClose(Swift.abs(v.scalars[axis * 4 + col]), 1, rel: 1e-15, "eigenvector \(col)")
    }
  }

  @Test func twoByTwoClosedForm() throws {
    let (p, b, c) = (2.0, 1.0, -3.0)
    let a = try Tensor(rows: [[p, b], [b, c]])
    let mid = (p + c) / 2, rad = (((p - c) / 2) * ((p - c) / 2) + b * b).squareRoot()
    let e = try LinearAlgebra.symmetricEigen(a)
    expectClose(e.values[0], mid - rad, rel: 1e-15, "lambda_1")
    expectClose(e.values[1], mid + rad, rel: 1e-15, "lambda_2")
    try expectEigenpairs(a, e, tol: 1e-14)
  }

  @Test func secondDifferenceSpectrumAndVectors() throws {
    let n = 50
    let a = LAFixtures.secondDifference(n)
    let e = try LinearAlgebra.symmetricEigen(a)
    for k in 1...n {
      expectClose(e.values[k - 1], LAFixtures.secondDifferenceEigenvalue(k, n),
                  rel: 1e-12, abs: 1e-14, "lambda_\(k)")
    }
    let v = try #require(e.vectors)
    for k in [1, 2, 25, 50] {
      let exact = LAFixtures.secondDifferenceEigenvector(k, n)
      let col = LAFixtures.column(v, k - 1)
      let cosine = zip(exact, col).reduce(0) { $0 + $1.0 * $1.1 }
      expectClose(Swift.abs(cosine), 1, rel: 1e-12, "|<v_\(k), exact>|")
    }
    try expectEigenpairs(a, e, tol: 1e-12)
  }

  @Test func rotatedDiagonalHasTheDiagonalSpectrum() throws {
    let d = [-4.0, -0.5, 1e-3, 0.75, 2, 6, 9.5]
    let (a, _) = try LAFixtures.rotatedDiagonal(d, seed: 11)
    let e = try LinearAlgebra.symmetricEigen(a)
    for (obs, exp) in zip(e.values, d.sorted()) { expectClose(obs, exp, rel: 1e-12, abs: 1e-14) }
    let v = try #require(e.vectors)
    #expect(try LAFixtures.orthonormalityError(v) <= 1e-13)
    try expectEigenpairs(a, e, tol: 1e-12)
  }

  @Test func indexAndValueSubsetsAreSlicesOfTheFullSpectrum() throws {
    let a = LAFixtures.randomSymmetric(12, seed: 5)
    let full = try LinearAlgebra.symmetricEigen(a).values
    let byIndex = try LinearAlgebra.symmetricEigen(a, range: .indices(2...5))
    #expect(byIndex.values.count == 4)
    #expect(byIndex.vectors?.shape == [12, 4])
    for i in 0..<4 { expectClose(byIndex.values[i], full[2 + i], rel: 1e-12, abs: 1e-13, "index \(2 + i)") }
    try expectEigenpairs(a, byIndex, tol: 1e-12)
    let lo = (full[3] + full[4]) / 2, hi = (full[8] + full[9]) / 2
    let byValue = try LinearAlgebra.symmetricEigen(a, range: .values(lo...hi))
    #expect(byValue.values.count == 5)
    #expect(byValue.vectors?.shape == [12, 5])
    for i in 0..<byValue.values.count {
      expectClose(byValue.values[i], full[4 + i], rel: 1e-12, abs: 1e-13, "value-range \(i)")
    }
    try expectEigenpairs(a, byValue, tol: 1e-12)
    let valuesOnly = try LinearAlgebra.symmetricEigen(a, range: .indices(0...0), vectors: false)
    #expect(valuesOnly.vectors == nil)
    expectClose(valuesOnly.values[0], full[0], rel: 1e-12, abs: 1e-13)
  }

  @Test func valueRangeIsClosedAndMayBeEmpty() throws {
    var a = Tensor.zeros([3, 3])
    for (i, x) in [1.0, 2, 3].enumerated() { a.scalars[i * 3 + i] = x }
    #expect(try LinearAlgebra.symmetricEigen(a, range: .values(2...3)).values == [2, 3])
    #expect(try LinearAlgebra.symmetricEigen(a, range: .values(2...2)).values == [2])
    let none = try LinearAlgebra.symmetricEigen(a, range: .values(3.5...4))
    #expect(none.values.isEmpty)
    #expect(none.vectors?.shape == [3, 0])
  }

  @Test func eigenArgumentErrors() throws {
    let rect = Tensor.zeros([2, 3])
    #expect(throws: LinearAlgebraError.self) { try LinearAlgebra.symmetricEigen(rect) }
    do {
      _ = try LinearAlgebra.symmetricEigen(try Tensor(rows: [[1, 2], [2.001, 1]]))
      Issue.record("an unsymmetric matrix was accepted")
    } catch let error as LinearAlgebraError {
      guard case .notSymmetric(let message) = error else { Issue.record("wrong case \(error)"); return }
      #expect(message.contains("symmetricPart"))
    }
    // asymmetry below the tolerance is accepted; the symmetric part is what is decomposed
    let nearly = try Tensor(rows: [[1, 2], [2 + 1e-12, 1]])
    expectClose(try LinearAlgebra.symmetricEigen(nearly).values[1], 3 + 1e-12 / 2, rel: 1e-15)
    try expectLAError(.invalidArgument) { try LinearAlgebra.symmetricEigen(nearly, range: .indices(1...2)) }
    try expectLAError(.invalidArgument) { try LinearAlgebra.symmetricEigen(nearly, range: .values(0...Double.infinity)) }
    try expectLAError(.nonFinite) { try LinearAlgebra.symmetricEigen(try Tensor(rows: [[1, .nan], [.nan, 1]])) }
    try expectLAError(.notSquare) { try LinearAlgebra.symmetricEigen(Tensor([1, 2, 3])) }
  }

  // MARK: Singular values

  @Test func singularValuesOfAKnownSVD() throws {
    let sigma = [5.0, 2, 0.25]
    let u = LAFixtures.householderProduct(5, seed: 3)
    let v = LAFixtures.householderProduct(3, seed: 4)
    var us = Tensor.zeros([5, 3])
    for i in 0..<5 { for j in 0..<3 { us.scalars[i * 3 + j] = u.scalars[i * 5 + j] * sigma[j] } }
    let a = try Tensor.matmul(us, v, transposeA: false, transposeB: true)
    for m in [a, try a.transposed()] {
      let s = try LinearAlgebra.singularValues(m)
      #expect(s.count == 3)
      for (obs, exp) in zip(s, sigma) { expectClose(obs, exp, rel: 1e-13) }
      expectClose(try LinearAlgebra.largestSingularValue(m), 5, rel: 1e-14)
      expectClose(try LinearAlgebra.conditionNumber2(m), 20, rel: 1e-12)
    }
    let est = try LinearAlgebra.spectralNormEstimate(a, tolerance: 1e-12, start: Tensor([1, 1, 1]))
    expectClose(est.value, 5, rel: 1e-12, "power iteration")
    #expect(est.value <= 5 * (1 + 1e-14), "power iteration never overstates ||A||_2")
    #expect(est.iterations > 1)
  }

  @Test func conditionNumberOfSingularAndEmptyMatrices() throws {
    let singular = try Tensor(rows: [[1, 0], [2, 0], [3, 0]])
    #expect(try LinearAlgebra.singularValues(singular).last == 0)
    #expect(try LinearAlgebra.conditionNumber2(singular) == .infinity)
    try expectLAError(.invalidArgument) { try LinearAlgebra.conditionNumber2(Tensor.zeros([0, 3])) }
    #expect(try LinearAlgebra.largestSingularValue(Tensor.zeros([0, 3])) == 0)
  }

  @Test func powerIterationFailuresAreReported() throws {
    // sigma_1 / sigma_2 = 1.001: two iterations cannot reach a 1e-12 residual
    let a = try Tensor(rows: [[1.001, 0], [0, 1]])
    try expectLAError(.notConverged) {
      try LinearAlgebra.spectralNormEstimate(a, tolerance: 1e-12, maxIterations: 2, start: Tensor([1, 1]))
    }
    let rankOne = try Tensor(rows: [[1, 0], [0, 0]])
    try expectLAError(.invalidArgument) { try LinearAlgebra.spectralNormEstimate(rankOne, start: Tensor([0, 1])) }
    try expectLAError(.invalidArgument) { try LinearAlgebra.spectralNormEstimate(rankOne, start: Tensor([0, 0])) }
    try expectLAError(.dimensionMismatch) { try LinearAlgebra.spectralNormEstimate(rankOne, start: Tensor([1])) }
    #expect(try LinearAlgebra.spectralNormEstimate(Tensor.zeros([2, 2]), start: Tensor([1, 0])).value == 0)
  }

  // MARK: Linear systems

  @Test func luSolveHasSmallResidualForVectorAndMatrixRightHandSides() throws {
    var rng = LAFixtures.LCG(seed: 21)
    let n = 6
    var a = try Tensor(shape: [n, n], scalars: rng.vector(n * n))
    for i in 0..<n { a.scalars[i * n + i] += 3 }
    let b = Tensor(rng.vector(n))
    let x = try LinearAlgebra.solve(a, b)
    #expect(x.shape == [n])
    try expectSmallResidual(a, x, b, rel: 1e-14)
    let bm = try Tensor(shape: [n, 2], scalars: rng.vector(2 * n))
    let xm = try LinearAlgebra.solve(a, bm)
    #expect(xm.shape == [n, 2])
    for j in 0..<2 {
      let xj = try LinearAlgebra.solve(a, Tensor(LAFixtures.column(bm, j)))
      expectClose(Tensor(LAFixtures.column(xm, j)), xj, rel: 1e-14, "column \(j)")
    }
  }

  @Test func singularSystemsAreRefused() throws {
    do {
      _ = try LinearAlgebra.solve(try Tensor(rows: [[1, 2], [2, 4]]), Tensor([1, 1]))
      Issue.record("an exactly singular system was solved")
    } catch let error as LinearAlgebraError {
      guard case .singular(let message) = error else { Issue.record("wrong case \(error)"); return }
      #expect(message.contains("pivot 2 is zero"))
    }
    // no zero pivot, but rcond = 1e-17 < eps: refused by the condition estimate
    let tiny = try Tensor(rows: [[1, 0], [0, 1e-17]])
    try expectLAError(.singular) { try LinearAlgebra.solve(tiny, Tensor([1, 1])) }
    try expectLAError(.singular) { try LinearAlgebra.solveSymmetricPositiveDefinite(tiny, Tensor([1, 1])) }
    try expectLAError(.dimensionMismatch) { try LinearAlgebra.solve(Tensor.identity(3), Tensor([1, 1])) }
    try expectLAError(.notSquare) { try LinearAlgebra.solve(Tensor.zeros([2, 3]), Tensor([1, 1])) }
  }

  @Test func choleskySolveMatchesLUAndRejectsIndefinite() throws {
    var rng = LAFixtures.LCG(seed: 8)
    let n = 6
    let bMat = try Tensor(shape: [n, n], scalars: rng.vector(n * n))
    let spd = try Tensor.matmul(bMat, bMat, transposeA: true, transposeB: false) + Tensor.identity(n)
    let b = Tensor(rng.vector(n))
    let x = try LinearAlgebra.solveSymmetricPositiveDefinite(spd, b)
    try expectSmallResidual(spd, x, b, rel: 1e-14)
    expectClose(x, try LinearAlgebra.solve(spd, b), rel: 1e-12, "Cholesky vs LU")
    do {
      _ = try LinearAlgebra.solveSymmetricPositiveDefinite(try Tensor(rows: [[1, 2], [2, 1]]), Tensor([1, 1]))
      Issue.record("an indefinite matrix was accepted")
    } catch let error as LinearAlgebraError {
      guard case .notPositiveDefinite(let message) = error else { Issue.record("wrong case \(error)"); return }
      #expect(message.contains("order 2"))
    }
    try expectLAError(.notSymmetric) {
      try LinearAlgebra.solveSymmetricPositiveDefinite(try Tensor(rows: [[2, 1], [0, 2]]), Tensor([1, 1]))
    }
  }

  @Test func leastSquaresOverAndUnderdeterminedAndRankDeficient() throws {
    var rng = LAFixtures.LCG(seed: 13)
    // overdetermined: the normal equations A^T A x = A^T b, solved independently by Cholesky
    let a = try Tensor(shape: [8, 3], scalars: rng.vector(24))
    let b = Tensor(rng.vector(8))
    let x = try LinearAlgebra.leastSquares(a, b)
    let ata = try Tensor.matmul(a, a, transposeA: true, transposeB: false)
    let atb = try Tensor.matmul(a, b, transposeA: true, transposeB: false)
    expectClose(x, try LinearAlgebra.solveSymmetricPositiveDefinite(ata, atb), rel: 1e-12, "normal equations")
    // underdetermined: the minimum-norm solution A^T (A A^T)^{-1} b
    let w = try Tensor(shape: [2, 4], scalars: rng.vector(8))
    let c = Tensor(rng.vector(2))
    let aat = try Tensor.matmul(w, w, transposeA: false, transposeB: true)
    let minNorm = try Tensor.matmul(w, try LinearAlgebra.solve(aat, c), transposeA: true, transposeB: false)
    expectClose(try LinearAlgebra.leastSquares(w, c), minNorm, rel: 1e-12, "minimum norm")
    // rank one: x1 + x2 = mean(b) = 2 with minimum norm gives x = (1, 1)
    let ones = try Tensor(rows: [[1, 1], [1, 1], [1, 1]])
    expectClose(try LinearAlgebra.leastSquares(ones, Tensor([1, 2, 3])), Tensor([1, 1]), rel: 1e-13)
    let xm = try LinearAlgebra.leastSquares(a, try Tensor(shape: [8, 1], scalars: b.scalars))
    #expect(xm.shape == [3, 1])
    expectClose(xm.flattened, x, rel: 1e-14)
  }

  @Test func symmetricPartAndMessages() throws {
    let a = try Tensor(rows: [[1, 2], [4, 3]])
    #expect(try LinearAlgebra.symmetricPart(a) == Tensor(rows: [[1, 3], [3, 3]]))
    #expect(LinearAlgebraError.lapack(routine: "dsyevr", info: -3).description.contains("argument 3"))
    #expect(LinearAlgebraError.singular("x").description == "x")
  }

  // MARK: Helpers

  /// Checks `||A v_j - lambda_j v_j|| <= tol * ||A||_max` and unit columns.
  private func expectEigenpairs(
    _ a: Tensor, _ e: SymmetricEigen, tol: Double, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let v = try #require(e.vectors, sourceLocation: sourceLocation)
    let scale = a.scalars.map { Swift.abs($0) }.max() ?? 1
    for (j, lambda) in e.values.enumerated() {
      let col = Tensor(LAFixtures.column(v, j))
      let r = try LAFixtures.residual(a, col, lambda)
      #expect(r <= tol * scale, "residual of pair \(j) is \(r)", sourceLocation: sourceLocation)
      expectClose(LAFixtures.norm(col.scalars), 1, rel: 1e-13, "norm of vector \(j)", sourceLocation: sourceLocation)
    }
  }

  /// Checks `||A x - b|| <= rel * ||A||_F ||x||`, the backward-stable size.
  private func expectSmallResidual(
    _ a: Tensor, _ x: Tensor, _ b: Tensor, rel: Double, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let r = try Tensor.matmul(a, x) - b
    let bound = rel * LAFixtures.norm(a.scalars) * LAFixtures.norm(x.scalars)
    #expect(LAFixtures.norm(r.scalars) <= bound, "residual \(LAFixtures.norm(r.scalars)) > \(bound)",
            sourceLocation: sourceLocation)
  }
}

/// The case of a `LinearAlgebraError`, without its message.
enum LACase {
  case notSymmetric, notSquare, singular, notPositiveDefinite, notConverged, dimensionMismatch
  case invalidArgument, nonFinite, lapack

  init(_ e: LinearAlgebraError) {
    switch e {
    case .notSymmetric: self = .notSymmetric
    case .notSquare: self = .notSquare
    case .singular: self = .singular
    case .notPositiveDefinite: self = .notPositiveDefinite
    case .notConverged: self = .notConverged
    case .dimensionMismatch: self = .dimensionMismatch
    case .invalidArgument: self = .invalidArgument
    case .nonFinite: self = .nonFinite
    case .lapack: self = .lapack
    }
  }
}

/// Expects `body` to throw a `LinearAlgebraError` of the given case.
func expectLAError<T>(
  _ expected: LACase, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) throws {
  do {
    _ = try body()
    Issue.record("expected a \(expected) error, nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as LinearAlgebraError {
    #expect(LACase(error) == expected, "expected \(expected), got \(error)", sourceLocation: sourceLocation)
  }
}

// MARK: - Fixtures shared with LanczosTests

/// Deterministic test matrices with known spectra, shared by the linear-algebra and Lanczos suites.
enum LAFixtures {
  /// A 64-bit linear congruential generator (Knuth's MMIX constants): reproducible test entries.
  struct LCG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    /// Uniform in [0, 1) from the top 53 bits.
    mutating func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) * 0x1p-53
    }
    /// Uniform in [-1, 1).
    mutating func symmetric() -> Double { 2 * next() - 1 }
    /// `count` uniform numbers in [-1, 1).
    mutating func vector(_ count: Int) -> [Double] { (0..<count).map { _ in symmetric() } }
  }

  /// The n x n product of `reflections` Householder reflections `I - 2 u u^T / u^T u`: orthogonal.
  static func householderProduct(_ n: Int, reflections: Int = 3, seed: UInt64) -> Tensor {
    var rng = LCG(seed: seed)
    var q = Tensor.identity(n)
    for _ in 0..<reflections {
      let u = rng.vector(n)
      let uu = u.reduce(0) { $0 + $1 * $1 }
      // q <- q H: column update q[:, j] -= 2 (q u) u_j / (u^T u)
      var qu = [Double](repeating: 0, count: n)
      for i in 0..<n { for l in 0..<n { qu[i] += q.scalars[i * n + l] * u[l] } }
      for i in 0..<n { for j in 0..<n { q.scalars[i * n + j] -= 2 * qu[i] * u[j] / uu } }
    }
    return q
  }

  /// `Q diag(d) Q^T` with `Q` a product of Householder reflections; returns the matrix and `Q`.
  static func rotatedDiagonal(_ d: [Double], seed: UInt64) throws -> (a: Tensor, q: Tensor) {
    let n = d.count
    let q = householderProduct(n, seed: seed)
    var qd = q
    for i in 0..<n { for j in 0..<n { qd.scalars[i * n + j] *= d[j] } }
    let a = try Tensor.matmul(qd, q, transposeA: false, transposeB: true)
    return (try LinearAlgebra.symmetricPart(a), q)
  }

  /// The second-difference matrix tridiag(-1, 2, -1) of order n.
  static func secondDifference(_ n: Int) -> Tensor {
    var a = Tensor.zeros([n, n])
    for i in 0..<n {
      a.scalars[i * n + i] = 2
      if i + 1 < n { a.scalars[i * n + i + 1] = -1; a.scalars[(i + 1) * n + i] = -1 }
    }
    return a
  }

  /// Its k-th eigenvalue (k = 1...n, ascending): `2 - 2 cos(k pi / (n + 1))`.
  static func secondDifferenceEigenvalue(_ k: Int, _ n: Int) -> Double {
    2 - 2 * cos(Double(k) * Double.pi / Double(n + 1))
  }

  /// Its k-th unit eigenvector: `sqrt(2 / (n + 1)) sin(j k pi / (n + 1))`, j = 1...n.
  static func secondDifferenceEigenvector(_ k: Int, _ n: Int) -> [Double] {
    let c = (2 / Double(n + 1)).squareRoot()
    return (1...n).map { j in c * sin(Double(j * k) * Double.pi / Double(n + 1)) }
  }

  /// The matrix-free product with tridiag(-1, 2, -1).
  static func secondDifferenceProduct(_ v: Tensor) -> Tensor {
    let x = v.scalars, n = x.count
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i + 1 < n ? x[i + 1] : 0)
    }
    return Tensor(y)
  }

  /// A symmetric matrix with entries uniform in [-1, 1).
  static func randomSymmetric(_ n: Int, seed: UInt64) -> Tensor {
    var rng = LCG(seed: seed)
    var a = Tensor.zeros([n, n])
    for i in 0..<n {
      for j in i..<n {
        let x = rng.symmetric()
        a.scalars[i * n + j] = x
        a.scalars[j * n + i] = x
      }
    }
    return a
  }

  /// `||A v - theta v||_2` computed explicitly.
  static func residual(_ a: Tensor, _ v: Tensor, _ theta: Double) throws -> Double {
    let av = try Tensor.matmul(a, v.flattened)
    var s = 0.0
    for i in 0..<av.count { let d = av.scalars[i] - theta * v.scalars[i]; s += d * d }
    return s.squareRoot()
  }

  /// The Euclidean norm.
  static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// Column j of a row-major matrix.
  static func column(_ a: Tensor, _ j: Int) -> [Double] {
    (0..<a.shape[0]).map { a.scalars[$0 * a.shape[1] + j] }
  }

  /// The largest |entry| of `Q^T Q - I` for a matrix with (supposedly) orthonormal columns.
  static func orthonormalityError(_ q: Tensor) throws -> Double {
    let g = try Tensor.matmul(q, q, transposeA: true, transposeB: false)
    let k = g.shape[0]
    var worst = 0.0
    for i in 0..<k { for j in 0..<k { worst = max(worst, Swift.abs(g.scalars[i * k + j] - (i == j ? 1 : 0))) } }
    return worst
  }
}
