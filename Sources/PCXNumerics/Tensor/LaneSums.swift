import _PCXKernels

/// Reductions over flat vectors for the traces of a run (`grad_norm`, `distance`, `||gbar_t||`),
/// summed in eight lanes in a fixed order (see `pcx_kernels.h`): the same bits on every machine
/// and thread count, at memory speed where one running sum waits on the adder at every element.
public enum LaneSums {
  /// sum x_i^2 in the eight-lane order.
  public static func sumOfSquares(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard let p = x.baseAddress else { return 0 }
    return pcx_sum_squares(p, x.count)
  }

  /// The Euclidean norm from the eight-lane sum of squares; when that sum is not a normal number
  /// (an overflow, an underflow, a non-finite entry, or all zeros) the scaled sum of squares of
  /// `Tensor.scaledNorm2` decides, so large and tiny entries still give their exact-scale norm.
  public static func norm(_ x: UnsafeBufferPointer<Double>) -> Double {
    let s = sumOfSquares(x)
    if s.isNormal { return s.squareRoot() }
    if x.contains(where: { !$0.isFinite }) {
      return x.contains(where: \.isNaN) ? .nan : .infinity
    }
    return Tensor.scaledNorm2(x)
  }

  /// The Euclidean norm of a flat array (see `norm(_:)` on buffers).
  public static func norm(_ x: [Double]) -> Double { x.withUnsafeBufferPointer { norm($0) } }

  /// ||x - x0|| with the eight-lane sum; a sum that is not a normal number is recomputed from the
  /// differences with the scaled sum of squares, as in `norm(_:)`.
  public static func distance(_ x: UnsafeBufferPointer<Double>, _ x0: UnsafeBufferPointer<Double>) -> Double {
    let n = Swift.min(x.count, x0.count)
    guard n > 0, let px = x.baseAddress, let p0 = x0.baseAddress else { return 0 }
    return root(pcx_distance_squared(px, p0, n), x, x0)
  }

  /// The square root of a sum of squared differences of `x` and `x0`, recomputed with scaling
  /// when the sum is not a normal number (see `norm(_:)`).
  public static func root(
    _ sum: Double, _ x: UnsafeBufferPointer<Double>, _ x0: UnsafeBufferPointer<Double>
  ) -> Double {
    if sum.isNormal || sum == 0 && zip(x, x0).allSatisfy({ $0 == $1 }) { return sum.squareRoot() }
    let d = zip(x, x0).map { $0 - $1 }
    return norm(d)
  }

  /// theta_i <- theta_i - lr g_i in place (two roundings, as `theta - lr * g` is written), and
  /// the eight-lane sum of (theta_i - x0_i)^2 of the result: a GD step and the new iterate's
  /// squared distance from the start in one pass over memory.
  public static func descend(
    _ theta: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>, lr: Double,
    origin x0: UnsafeBufferPointer<Double>
  ) -> Double {
    let n = Swift.min(theta.count, g.count, x0.count)
    guard n > 0, let pt = theta.baseAddress, let pg = g.baseAddress, let p0 = x0.baseAddress else { return 0 }
    return pcx_descend_distance(pt, pg, lr, p0, n)
  }
}
