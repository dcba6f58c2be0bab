import _CBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Vector norms of the elements (Euclidean = Frobenius, p-norms, max norm), along axes, distances
/// and normalisation.
///
/// The Euclidean norm comes from BLAS `cblas_dnrm2`, which never squares an element in double
/// precision (OpenBLAS's x86-64 kernel accumulates in 80-bit extended precision; reference BLAS
/// scales), so entries of 1e200 or 1e-200 neither overflow nor underflow. Because a BLAS build is
/// free to choose its kernel, an infinite or zero result for finite, non-zero entries is recomputed
/// with the scaled sum of squares of LAPACK's `dlassq` (Hammarling's algorithm; Anderson 2017,
/// "Algorithm 978: Safe scaling in the Level 1 BLAS", ACM TOMS 44(1)).
extension Tensor {
  /// The Euclidean norm of a buffer: `cblas_dnrm2`, with the scaled fallback described above.
  static func nrm2(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard !x.isEmpty else { return 0 }
    let r = cblas_dnrm2(blasint(x.count), x.baseAddress, 1)
    if r.isNaN { return r }
    if r.isInfinite || r == 0 {
      // only a non-finite entry justifies inf, and only all-zero entries justify 0
      if x.contains(where: { !$0.isFinite }) { return r }
      if x.contains(where: { $0 != 0 }) { return scaledNorm2(x) }
    }
    return r
  }

  /// sqrt(sum x_i^2) as `scale * sqrt(ssq)` with `scale = max |x_i|` seen so far (LAPACK `dlassq`),
  /// so no intermediate overflows or underflows unless the result itself does.
  static func scaledNorm2(_ x: UnsafeBufferPointer<Double>) -> Double {
    var scale = 0.0, ssq = 1.0
    for v in x where v != 0 {
      let a = v.magnitude
      if a.isNaN { return a }
      if scale < a {
        let r = scale / a
        ssq = 1 + ssq * r * r
        scale = a
      } else {
        let r = a / scale
        ssq += r * r
      }
    }
    return scale * ssq.squareRoot()
  }

  /// The Euclidean (Frobenius) norm of all elements, overflow- and underflow-safe (`cblas_dnrm2`).
  public func norm() -> Double {
    scalars.withUnsafeBufferPointer { Tensor.nrm2($0) }
  }

  /// The Frobenius norm: the same number as `norm()`, named for matrix formulas such as 002 (4.1).
  public func frobeniusNorm() -> Double { norm() }

  /// The p-norm `(sum |x_i|^p)^(1/p)` of all elements, for `p >= 1`, or the max norm for
  /// `p == .infinity`. Computed as `m * (sum (|x_i|/m)^p)^(1/p)` with `m = max |x_i|` so that
  /// large entries do not overflow; p = 2 is `norm()`.
  public func norm(p: Double) throws -> Double {
    guard p >= 1 else {
      throw TensorError.invalidArgument("norm: p must be at least 1 or infinity, got \(p)")
    }
    if p == 2 { return norm() }
    if count == 0 { return 0 }
    let m = abs().max() ?? 0  // unreachable nil: count > 0
    if p == .infinity || m == 0 || !m.isFinite { return m }
    if p == 1 { return abs().sum() }
    let terms = scalars.map { pow($0.magnitude / m, p) }
    let s = terms.withUnsafeBufferPointer { Tensor.pairwiseSum($0) }
    return m * pow(s, 1 / p)
  }

  /// Euclidean norms along `axes` (see `sum(alongAxes:)` for the axis conventions).
  public func norm(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
    try reduce(alongAxes: axes, keepingDims: keepingDims, "norm") { Tensor.nrm2($0) }
  }

  /// The Euclidean distance `||a - b||` between tensors of the same shape.
  public static func distance(_ a: Tensor, _ b: Tensor) throws -> Double {
    guard a.shape == b.shape else {
      throw TensorError.shapeMismatch(
        "distance between shapes \(describe(a.shape)) and \(describe(b.shape))")
    }
    return try (a - b).norm()
  }

  /// `self / ||self||` (Euclidean). Throws `invalidArgument` for a zero or non-finite tensor.
  public func normalized() throws -> Tensor {
    guard isFinite else {
      throw TensorError.invalidArgument("normalized: the tensor has non-finite entries")
    }
    let n = norm()
    guard n > 0 else {
      throw TensorError.invalidArgument(
        "normalized: the tensor of shape \(Tensor.describe(shape)) is zero")
    }
    if n.isFinite { return map { $0 / n } }
    // the norm itself overflows (entries near the largest double): scale down first
    let m = abs().max() ?? 1  // unreachable nil: n > 0 means count > 0
    let y = map { $0 / m }
    let ny = y.norm()
    return y.map { $0 / ny }
  }
}
