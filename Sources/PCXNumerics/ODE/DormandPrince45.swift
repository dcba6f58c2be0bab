/// The explicit Runge–Kutta pair RK5(4)7M of J. R. Dormand & P. J. Prince ("A family of embedded
/// Runge–Kutta formulae", J. Comput. Appl. Math. 6, 1980), with coefficients from Hairer, Nørsett
/// & Wanner, *Solving Ordinary Differential Equations I*, 2nd ed., Table II.5.2.
///
/// Seven stages; the 5th-order solution is propagated (local extrapolation) and the embedded
/// 4th-order one only estimates the error. The last stage is f at the new point, so it is the
/// next step's first stage (FSAL): 6 evaluations per step. Dense output uses the 4th-order
/// continuous extension of Shampine (1986) as in Hairer's `dopri5` (Hairer I, Sec. II.6).
public struct DormandPrince45: Sendable {
  /// Stage abscissae c_i.
  static let c: [Double] = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]
  /// Stage matrix rows a_ij (j < i); row 7 equals the 5th-order weights b (FSAL).
  static let a: [[Double]] = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ]
  /// The 4th-order weights b-hat (only their difference to b is used, in `e`).
  static let bHat: [Double] = [
    5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40,
  ]
  /// Error weights e = b - b-hat, so that y1 - y1-hat = h sum_j e_j k_j.
  static let e: [Double] = [
    71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40,
  ]
  /// Dense-output weights d_j of Hairer's `dopri5` (CONTD5), Shampine's interpolant.
  static let d: [Double] = [
    -12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072,
    701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423,
  ]
}

/// One-step machinery shared by the adaptive and fixed-step drivers: stage evaluation, the
/// error estimate and the dense-output coefficient, with buffers reused across steps.
struct DormandPrinceStepper {
  /// The state's shape, handed to f and checked on its results.
  let shape: [Int]
  /// The input passed to f; rewritten in place at every stage (no allocation unless f keeps it).
  var stage: Tensor
  /// Stage slopes k_1 ... k_7; the caller sets k[0] = f(t, y) before a trial.
  var k: [[Double]]
  /// The 5th-order solution of the last trial.
  var y1: [Double]
  /// The embedded error estimate y1 - y1-hat of the last trial.
  var error: [Double]
  /// Right-hand-side evaluations so far.
  var evaluations = 0

  /// A stepper for states of `shape`.
  init(shape: [Int]) {
    let n = Tensor.count(of: shape)
    self.shape = shape
    stage = Tensor(repeating: 0, shape: shape)
    k = [[Double]](repeating: [Double](repeating: 0, count: n), count: 7)
    y1 = [Double](repeating: 0, count: n)
    error = [Double](repeating: 0, count: n)
  }

  /// f(t, x) with its shape and finiteness checked.
  mutating func evaluate(
    _ f: (Double, Tensor) throws -> Tensor, _ t: Double, _ x: Tensor
  ) throws -> [Double] {
    evaluations += 1
    let out = try f(t, x)
    guard out.shape == shape else {
      throw ODEError.shapeMismatch(t: t, expected: shape, got: out.shape)
    }
    guard out.isFinite else { throw ODEError.nonFinite(t: t) }
    return out.scalars
  }

  /// One trial step of size h from (t, y), given k[0] = f(t, y): fills k[1...6], y1 and error.
  mutating func trial(
    _ f: (Double, Tensor) throws -> Tensor, t: Double, y: [Double], h: Double
  ) throws {
    let a = DormandPrince45.a
    for s in 1..<7 {
      stage.scalars.withUnsafeMutableBufferPointer { out in
        y.withUnsafeBufferPointer { yp in
          for i in 0..<out.count { out[i] = yp[i] }
        }
      }
      for j in 0..<s where a[s][j] != 0 {
        Self.axpy(h * a[s][j], k[j], &stage.scalars)
      }
      if s == 6 { y1 = stage.scalars }  // row 7 of a is b: this stage input is the new point
      k[s] = try evaluate(f, t + DormandPrince45.c[s] * h, stage)
    }
    error.withUnsafeMutableBufferPointer { out in
      for i in 0..<out.count { out[i] = 0 }
    }
    for j in 0..<7 where DormandPrince45.e[j] != 0 {
      Self.axpy(h * DormandPrince45.e[j], k[j], &error)
    }
  }

  /// The scaled RMS norm of the last error estimate, Hairer I, II.4 (4.11):
  /// sqrt(mean_i (err_i / (atol + rtol max(|y_i|, |y1_i|)))^2).
  func errorNorm(y: [Double], rtol: Double, atol: Double) -> Double {
    var sum = 0.0
    y.withUnsafeBufferPointer { y0 in
      y1.withUnsafeBufferPointer { y1 in
        error.withUnsafeBufferPointer { err in
          for i in 0..<err.count {
            let scale = atol + rtol * max(Swift.abs(y0[i]), Swift.abs(y1[i]))
            let r = err[i] / scale
            sum += r * r
          }
        }
      }
    }
    return error.isEmpty ? 0 : (sum / Double(error.count)).squareRoot()
  }

  /// h sum_j d_j k_j, the last coefficient of the dense-output polynomial (`rcont5` in `dopri5`).
  func denseCoefficient(h: Double) -> [Double] {
    var out = [Double](repeating: 0, count: y1.count)
    for j in 0..<7 where DormandPrince45.d[j] != 0 {
      Self.axpy(h * DormandPrince45.d[j], k[j], &out)
    }
    return out
  }

  /// y += alpha x, elementwise over equal-length buffers.
  @inline(__always)
  private static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    x.withUnsafeBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in
        for i in 0..<yp.count { yp[i] += alpha * xp[i] }
      }
    }
  }
}
