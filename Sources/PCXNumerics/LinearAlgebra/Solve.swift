import _CLAPACKE

/// Linear systems: LU (`dgesv`), Cholesky (`dposv`) and least squares (`dgelsd`).
///
/// A right-hand side is a vector (one system) or a matrix whose columns are the systems; the
/// solution has the same rank. LAPACK only reports exactly zero pivots, so after a successful
/// factorisation the reciprocal condition number is estimated (`dgecon`, `dpocon`, 1-norm) and a
/// matrix with `rcond < eps` is refused as singular to working precision: its "solution" would
/// carry no correct digits (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., ch. 15).
extension LinearAlgebra {
  /// Solves `A X = B` for square `A` by LU with partial pivoting (`LAPACKE_dgesv`).
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let n = try LAChecks.squareOrder(a, "solve")
    let rhs = try RightHandSide(b, rows: n, "solve")
    try LAChecks.requireFinite(a, "the matrix given to solve")
    if n == 0 || rhs.count == 0 { return b }
    var lu = a.scalars
    var x = b.scalars
    var pivots = [Int32](repeating: 0, count: n)
    let ln = try LAChecks.lapackInt(n, "solve")
    let nrhs = try LAChecks.lapackInt(rhs.count, "solve")
    let info = BLAS.singleThreaded { LAPACKE_dgesv(LAPACK_ROW_MAJOR, ln, nrhs, &lu, ln, &pivots, &x, nrhs) }
    try LAChecks.requireLegal(info, "dgesv")
    if info > 0 {
      throw LinearAlgebraError.singular(
        "the matrix is singular to working precision (pivot \(info) is zero); "
          + "the system has no unique solution: use leastSquares for a minimum-norm solution")
    }
    var rcond = 0.0
    let cinfo = LAPACKE_dgecon(
      LAPACK_ROW_MAJOR, LAChecks.char("1"), ln, &lu, ln, oneNorm(a, n), &rcond)
    try LAChecks.requireLegal(cinfo, "dgecon")
    try requireWellConditioned(rcond)
    return Tensor(uncheckedShape: b.shape, scalars: x)
  }

  /// Solves `A X = B` for symmetric positive definite `A` by Cholesky (`LAPACKE_dposv`).
  /// - Throws: `notPositiveDefinite` when a leading minor is not positive, `notSymmetric` when
  ///   `A` is not symmetric to `symmetryTolerance` (relative to its largest entry).
  public static func solveSymmetricPositiveDefinite(
    _ a: Tensor, _ b: Tensor, symmetryTolerance: Double = 1e-10
  ) throws -> Tensor {
    let n = try LAChecks.squareOrder(a, "solveSymmetricPositiveDefinite")
    let rhs = try RightHandSide(b, rows: n, "solveSymmetricPositiveDefinite")
    try LAChecks.requireFinite(a, "the matrix given to solveSymmetricPositiveDefinite")
    try LAChecks.requireSymmetric(a, n, tolerance: symmetryTolerance, "solveSymmetricPositiveDefinite")
    if n == 0 || rhs.count == 0 { return b }
    let sym = try symmetricPart(a)
    var factor = sym.scalars
    var x = b.scalars
    let ln = try LAChecks.lapackInt(n, "solveSymmetricPositiveDefinite")
    let nrhs = try LAChecks.lapackInt(rhs.count, "solveSymmetricPositiveDefinite")
    let info = BLAS.singleThreaded { LAPACKE_dposv(LAPACK_ROW_MAJOR, LAChecks.char("U"), ln, nrhs, &factor, ln, &x, nrhs) }
    try LAChecks.requireLegal(info, "dposv")
    if info > 0 {
      throw LinearAlgebraError.notPositiveDefinite(
        "the matrix is not positive definite (its leading minor of order \(info) is not positive); "
          + "use solve (LU) for an indefinite matrix")
    }
    var rcond = 0.0
    let cinfo = LAPACKE_dpocon(
      LAPACK_ROW_MAJOR, LAChecks.char("U"), ln, &factor, ln, oneNorm(sym, n), &rcond)
    try LAChecks.requireLegal(cinfo, "dpocon")
    try requireWellConditioned(rcond)
    return Tensor(uncheckedShape: b.shape, scalars: x)
  }

  /// The minimum-norm least-squares solution of `A X ≈ B` for any `m x n` `A`, via the SVD
  /// (`LAPACKE_dgelsd`); singular values below `max(m, n) * eps * sigma_max` count as zero
  /// (NumPy's `lstsq` default), so rank-deficient systems get the pseudo-inverse solution.
  public static func leastSquares(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let (m, n) = try LAChecks.matrixShape(a, "leastSquares")
    let rhs = try RightHandSide(b, rows: m, "leastSquares")
    try LAChecks.requireFinite(a, "the matrix given to leastSquares")
    let outShape = b.rank == 1 ? [n] : [n, rhs.count]
    if m == 0 || n == 0 || rhs.count == 0 { return Tensor.zeros(outShape) }
    var work = a.scalars
    // dgelsd needs B with max(m, n) rows: the solution overwrites its first n rows
    var x = [Double](repeating: 0, count: max(m, n) * rhs.count)
    for i in 0..<(m * rhs.count) { x[i] = b.scalars[i] }
    var s = [Double](repeating: 0, count: min(m, n))
    var rank: Int32 = 0
    let nrhs = try LAChecks.lapackInt(rhs.count, "leastSquares")
    let (mi, ni) = (try LAChecks.lapackInt(m, "leastSquares"), try LAChecks.lapackInt(n, "leastSquares"))
    let info = BLAS.singleThreaded {
      LAPACKE_dgelsd(LAPACK_ROW_MAJOR, mi, ni, nrhs, &work, Int32(n), &x, nrhs, &s, Double(max(m, n)) * LAChecks.eps, &rank)
    }
    try LAChecks.requireLegal(info, "dgelsd")
    if info > 0 {
      throw LinearAlgebraError.notConverged(
        "the SVD inside least squares (LAPACK dgelsd) did not converge (info = \(info)); "
          + "rescale the matrix and retry")
    }
    return Tensor(uncheckedShape: outShape, scalars: Array(x.prefix(n * rhs.count)))
  }

  /// The 1-norm (largest absolute column sum) of a row-major `n x n` matrix, for `d*con`.
  static func oneNorm(_ a: Tensor, _ n: Int) -> Double {
    var sums = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for j in 0..<n { sums[j] += Swift.abs(a.scalars[i * n + j]) }
    }
    return sums.max() ?? 0
  }

  /// Refuses a factorised matrix whose reciprocal condition number is below machine epsilon.
  private static func requireWellConditioned(_ rcond: Double) throws {
    guard rcond >= LAChecks.eps else {
      throw LinearAlgebraError.singular(
        "the matrix is singular to working precision (estimated reciprocal condition number "
          + "\(rcond) < machine epsilon \(LAChecks.eps)); the system has no reliable unique "
          + "solution: use leastSquares for a minimum-norm solution")
    }
  }
}

/// The shape of a right-hand side: a vector of `rows` elements or a `rows x count` matrix.
struct RightHandSide {
  /// The number of right-hand sides (columns).
  let count: Int

  init(_ b: Tensor, rows: Int, _ what: String) throws {
    switch b.rank {
    case 1 where b.count == rows: count = 1
    case 2 where b.shape[0] == rows: count = b.shape[1]
    default:
      throw LinearAlgebraError.dimensionMismatch(
        "\(what): the right-hand side has shape \(Tensor.describe(b.shape)) but the matrix has "
          + "\(rows) rows; give a vector of \(rows) elements or a \(rows) x k matrix")
    }
    try LAChecks.requireFinite(b, "the right-hand side given to \(what)")
  }
}
