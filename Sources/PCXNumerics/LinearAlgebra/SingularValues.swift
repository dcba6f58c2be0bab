import _CBLAS
import _CLAPACKE

/// Singular values, spectral norms and 2-norm condition numbers.
extension LinearAlgebra {
  /// All `min(m, n)` singular values of a matrix, descending, via `LAPACKE_dgesdd` (values only).
  ///
  /// dgesdd works on A itself (Householder bidiagonalisation, then the bidiagonal QR/dqds of
  /// Demmel & Kahan), so every singular value has an absolute error of order `eps * sigma_max`.
  /// The alternative, eigenvalues of the Gram matrix `A^T A`, squares the condition number:
  /// singular values below `sqrt(eps) * sigma_max` drown in the rounding of `A^T A`
  /// (Golub & Van Loan, *Matrix Computations*, 4th ed., ch. 8). Both give `sigma_max` accurately, but one code path
  /// that is accurate for every value is worth the small extra cost at layer sizes.
  public static func singularValues(_ a: Tensor) throws -> [Double] {
    let (m, n) = try LAChecks.matrixShape(a, "singularValues")
    try LAChecks.requireFinite(a, "the matrix given to singularValues")
    if m == 0 || n == 0 { return [] }
    var work = a.scalars
    var s = [Double](repeating: 0, count: min(m, n))
    var u = [Double](repeating: 0, count: 1)
    var vt = [Double](repeating: 0, count: 1)
    // The row-major m x n buffer read column-major is A^T (n x m), which has the same singular
    // values: calling the column-major interface skips LAPACKE's transposed copy.
    let (ni, mi) = (try LAChecks.lapackInt(n, "singularValues"), try LAChecks.lapackInt(m, "singularValues"))
    let info = BLAS.singleThreaded {
      LAPACKE_dgesdd(LAPACK_COL_MAJOR, LAChecks.char("N"), ni, mi, &work, Int32(n), &s, &u, 1, &vt, 1)
    }
    try LAChecks.requireLegal(info, "dgesdd")
    if info > 0 {
      throw LinearAlgebraError.notConverged(
        "the SVD (LAPACK dgesdd) did not converge (\(info) superdiagonals left); "
          + "the matrix may be badly scaled: rescale it and retry")
    }
    return s
  }

  /// The largest singular value `||A||_2` (exact to rounding, via `singularValues`); 0 for an empty matrix.
  public static func largestSingularValue(_ a: Tensor) throws -> Double {
    try singularValues(a).first ?? 0
  }

  /// The 2-norm condition number `sigma_max / sigma_min` (over `min(m, n)` singular values);
  /// `infinity` when the smallest singular value is exactly zero.
  public static func conditionNumber2(_ a: Tensor) throws -> Double {
    let s = try singularValues(a)
    guard let top = s.first, let bottom = s.last else {
      throw LinearAlgebraError.invalidArgument(
        "the condition number of an empty matrix (shape \(Tensor.describe(a.shape))) is undefined")
    }
    return bottom == 0 ? .infinity : top / bottom
  }

  /// An estimate of `||A||_2` by power iteration on `A^T A` from the caller's `start` vector.
  ///
  /// Each iteration costs one product with `A` and one with `A^T` (`cblas_dgemv`). It stops
  /// when the unit iterate `v` satisfies `||A^T A v - lambda v|| <= tolerance * lambda` with
  /// `lambda = ||A v||^2`; for a symmetric matrix a residual `r` puts an eigenvalue within `r`
  /// of `lambda` (Parlett, *The Symmetric Eigenvalue Problem*, ch. 4, residual bounds), so the returned
  /// `sqrt(lambda)` is a singular value to relative accuracy about `tolerance / 2`. Power
  /// iteration converges to `sigma_max` unless `start` is orthogonal to its singular vectors,
  /// and `sqrt(lambda) <= sigma_max` always holds: the estimate never overstates the norm.
  /// - Throws: `notConverged` after `maxIterations` (the message carries the last estimate).
  public static func spectralNormEstimate(
    _ a: Tensor, tolerance: Double = 1e-10, maxIterations: Int = 500, start: Tensor
  ) throws -> (value: Double, iterations: Int) {
    let (m, n) = try LAChecks.matrixShape(a, "spectralNormEstimate")
    try LAChecks.requireFinite(a, "the matrix given to spectralNormEstimate")
    try checkPowerArguments(start: start, n: n, tolerance: tolerance, maxIterations: maxIterations)
    if m == 0 || n == 0 { return (0, 0) }
    var v = start.scalars
    scaleToUnit(&v)
    var u = [Double](repeating: 0, count: m)
    var x = [Double](repeating: 0, count: n)
    var lambda = 0.0, relResidual = Double.infinity
    for it in 1...maxIterations {
      gemv(a.scalars, m, n, transpose: false, v, &u)  // u = A v
      gemv(a.scalars, m, n, transpose: true, u, &x)   // x = A^T A v
      lambda = dotProduct(u, u)
      if lambda == 0 {
        if a.scalars.allSatisfy({ $0 == 0 }) { return (0, it) }
        throw LinearAlgebraError.invalidArgument(
          "the start vector of spectralNormEstimate lies in the null space of A; choose another start")
      }
      var r = 0.0
      for i in 0..<n { let d = x[i] - lambda * v[i]; r += d * d }
      relResidual = r.squareRoot() / lambda
      if relResidual <= tolerance { return (lambda.squareRoot(), it) }
      v = x
      scaleToUnit(&v)
    }
    throw LinearAlgebraError.notConverged(
      "power iteration for ||A||_2 stopped after \(maxIterations) iterations at estimate "
        + "\(lambda.squareRoot()) (relative residual \(relResidual) > \(tolerance)); the top singular "
        + "values may be nearly equal: raise maxIterations or use largestSingularValue")
  }

  /// Validates the start vector and controls of `spectralNormEstimate`.
  private static func checkPowerArguments(
    start: Tensor, n: Int, tolerance: Double, maxIterations: Int
  ) throws {
    guard start.count == n else {
      throw LinearAlgebraError.dimensionMismatch(
        "the start vector has \(start.count) elements but A has \(n) columns")
    }
    try LAChecks.requireFinite(start, "the start vector")
    guard n == 0 || start.scalars.contains(where: { $0 != 0 }) else {
      throw LinearAlgebraError.invalidArgument("the start vector is zero; give a non-zero start")
    }
    guard tolerance > 0, maxIterations >= 1 else {
      throw LinearAlgebraError.invalidArgument(
        "power iteration needs tolerance > 0 and maxIterations >= 1 (got \(tolerance), \(maxIterations))")
    }
  }

  /// `y = op(A) x` for a row-major `m x n` matrix, via `cblas_dgemv`.
  static func gemv(
    _ a: [Double], _ m: Int, _ n: Int, transpose: Bool, _ x: [Double], _ y: inout [Double]
  ) {
    a.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), 1,
            pa.baseAddress, blasint(max(n, 1)), px.baseAddress, 1, 0, py.baseAddress, 1)
        }
      }
    }
  }

  /// `x . y`, the same for every BLAS thread count (`Tensor.blockedDot`).
  static func dotProduct(_ x: [Double], _ y: [Double]) -> Double {
    x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in Tensor.blockedDot(px, py) }
    }
  }

  /// The Euclidean norm via `cblas_dnrm2` (scaled, so no overflow for large entries).
  static func norm2(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { cblas_dnrm2(blasint($0.count), $0.baseAddress, 1) }
  }

  /// Divides `x` by its Euclidean norm (left unchanged when the norm is zero); returns the norm.
  @discardableResult
  static func scaleToUnit(_ x: inout [Double]) -> Double {
    let norm = norm2(x)
    if norm > 0 {
      let inv = 1 / norm
      for i in 0..<x.count { x[i] *= inv }
    }
    return norm
  }
}
