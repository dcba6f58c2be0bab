import _CLAPACKE

/// Dense and matrix-free linear algebra on row-major `Tensor` matrices (LAPACK, BLAS, Lanczos).
public enum LinearAlgebra {}

/// Which eigenvalues of a symmetric matrix to compute.
public enum EigenRange: Sendable, Equatable {
  /// Every eigenvalue.
  case all
  /// The eigenvalues with these 0-based positions in ascending order (`0...0` is the smallest).
  case indices(ClosedRange<Int>)
  /// The eigenvalues lying in this closed interval (bounds must be finite).
  case values(ClosedRange<Double>)
}

/// Eigenvalues (ascending) and, when asked for, eigenvectors of a symmetric matrix.
public struct SymmetricEigen: Sendable {
  /// The selected eigenvalues in ascending order.
  public let values: [Double]
  /// An `n x k` matrix whose column `j` is a unit eigenvector for `values[j]`; nil when not asked for.
  public let vectors: Tensor?
}

extension LinearAlgebra {
  /// The symmetric part `(A + A^T) / 2` of a square matrix.
  public static func symmetricPart(_ a: Tensor) throws -> Tensor {
    let n = try LAChecks.squareOrder(a, "symmetricPart")
    var out = a.scalars
    for i in 0..<n {
      for j in (i + 1)..<n {
        let s = 0.5 * (a.scalars[i * n + j] + a.scalars[j * n + i])
        out[i * n + j] = s
        out[j * n + i] = s
      }
    }
    return Tensor(uncheckedShape: [n, n], scalars: out)
  }

  /// Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix via `LAPACKE_dsyevr`.
  ///
  /// The matrix must be square and symmetric to `symmetryTolerance` relative to its largest
  /// entry; LAPACK is then given the exact symmetric part, so a tolerated rounding-level asymmetry
  /// does not depend on which triangle LAPACK reads. `abstol` is LAPACK's safe minimum
  /// `dlamch('S')`: the dsyevr documentation recommends it "if high relative accuracy is
  /// important"; it lets the bisection used for subsets refine each eigenvalue to a few ulps
  /// of itself, where `abstol <= 0` would stop at `eps * ||T||_1` (an absolute error that
  /// swamps tiny eigenvalues). The full spectrum goes through MRRR (dstemr), which ignores it.
  public static func symmetricEigen(
    _ a: Tensor, range: EigenRange = .all, vectors: Bool = true, symmetryTolerance: Double = 1e-10
  ) throws -> SymmetricEigen {
    let n = try LAChecks.squareOrder(a, "symmetricEigen")
    try LAChecks.requireFinite(a, "the matrix given to symmetricEigen")
    try LAChecks.requireSymmetric(a, n, tolerance: symmetryTolerance, "symmetricEigen")
    let sel = try EigenSelection(range, n: n)
    if n == 0 || sel.isEmpty {
      return SymmetricEigen(values: [], vectors: vectors ? Tensor.zeros([n, 0]) : nil)
    }
    var work = try symmetricPart(a).scalars
    let ln = try LAChecks.lapackInt(n, "symmetricEigen")
    let ldz = vectors ? sel.columns : 1
    var w = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: vectors ? n * ldz : 1)
    var isuppz = [Int32](repeating: 0, count: 2 * n)
    var m: Int32 = 0
    let abstol = LAPACKE_dlamch(LAChecks.char("S"))
    let info = BLAS.singleThreaded {
      LAPACKE_dsyevr(
        LAPACK_ROW_MAJOR, LAChecks.char(vectors ? "V" : "N"), sel.code, LAChecks.char("U"), ln,
        &work, ln, sel.vl, sel.vu, sel.il, sel.iu, abstol, &m, &w, &z, Int32(ldz), &isuppz)
    }
    try LAChecks.requireLegal(info, "dsyevr")
    if info > 0 {
      throw LinearAlgebraError.notConverged(
        "the symmetric eigensolver (LAPACK dsyevr) hit an internal error (info = \(info)); "
          + "rescale the matrix or try range: .all")
    }
    let k = Int(m)
    let values = Array(w.prefix(k))
    guard vectors else { return SymmetricEigen(values: values, vectors: nil) }
    var v = [Double](repeating: 0, count: n * k)
    for i in 0..<n {
      for j in 0..<k { v[i * k + j] = z[i * ldz + j] }
    }
    return SymmetricEigen(values: values, vectors: Tensor(uncheckedShape: [n, k], scalars: v))
  }
}

/// An `EigenRange` translated into dsyevr's RANGE, VL, VU, IL, IU arguments.
struct EigenSelection {
  var code: CChar
  var vl = 0.0, vu = 0.0
  var il: Int32 = 1, iu: Int32 = 1
  /// Columns the (row-major) eigenvector buffer needs: dsyevr cannot know the count for 'V' ahead.
  var columns: Int
  /// True when no eigenvalue can be selected (only an empty matrix).
  var isEmpty = false

  init(_ range: EigenRange, n: Int) throws {
    switch range {
    case .all:
      code = LAChecks.char("A")
      columns = n
      isEmpty = n == 0
    case .indices(let r):
      guard r.lowerBound >= 0, r.upperBound < n else {
        throw LinearAlgebraError.invalidArgument(
          "eigenvalue indices \(r.lowerBound)...\(r.upperBound) are outside 0...\(n - 1) "
            + "for a \(n) x \(n) matrix (indices are 0-based, ascending)")
      }
      code = LAChecks.char("I")
      il = try LAChecks.lapackInt(r.lowerBound + 1, "eigen range")
      iu = try LAChecks.lapackInt(r.upperBound + 1, "eigen range")
      columns = r.count
    case .values(let r):
      guard r.lowerBound.isFinite, r.upperBound.isFinite else {
        throw LinearAlgebraError.invalidArgument(
          "the eigenvalue interval \(r) must have finite bounds; use range: .all instead")
      }
      code = LAChecks.char("V")
      // dsyevr selects the half-open (VL, VU]; stepping VL down one ulp makes it our closed
      // [lower, upper] and also satisfies LAPACK's VL < VU when lower == upper.
      vl = r.lowerBound.nextDown
      vu = r.upperBound
      columns = n
      isEmpty = n == 0
    }
  }
}
