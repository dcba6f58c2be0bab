#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// One Dormand–Prince step on flat buffers (Hairer, Nørsett & Wanner I, Table 5.2).
struct Stepper {
  // nodes c and the lower-triangular a of the Butcher tableau
  static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
  static let a: [[Double]] = [
    [],
    [1.0 / 5],
    [3.0 / 40, 9.0 / 40],
    [44.0 / 45, -56.0 / 15, 32.0 / 9],
    [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
    [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
  ]
  /// b - b_hat: the 5th-order weights minus the embedded 4th-order ones.
  static let e: [Double] = [
    71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
  ]
  /// Dense output weights (dopri5 `contd5`).
  static let d: [Double] = [
    -12715105075.0 / 11282082432, 0, 87487479700.0 / 32700410799, -10690763975.0 / 1880347072,
    701980252875.0 / 199316789632, -1453857185.0 / 822651844, 69997945.0 / 29380423,
  ]

  let f: (Double, Tensor) throws -> Tensor
  let shape: [Int]
  let rtol: Double, atol: Double
  private(set) var y: Tensor
  private var k: [[Double]]
  private var yNew: [Double]
  private var h = 0.0
  private var t = 0.0
  private(set) var evaluations = 0
  private(set) var segment = DenseSegment(t0: 0, h: 0, r: [])

  init(f: @escaping (Double, Tensor) throws -> Tensor, y0: Tensor, t0: Double, rtol: Double, atol: Double) throws {
    self.f = f
    shape = y0.shape
    self.rtol = rtol
    self.atol = atol
    y = y0
    k = [[Double]](repeating: [], count: 7)
    yNew = y0.scalars
    t = t0
    k[0] = try eval(t0, y0.scalars)
  }

  mutating func eval(_ t: Double, _ v: [Double]) throws -> [Double] {
    evaluations += 1
    let out = try f(t, Tensor(uncheckedShape: shape, scalars: v))
    guard out.count == v.count else {
      throw ODEError.invalidArgument("the right-hand side returned \(out.count) values for a state of \(v.count)")
    }
    guard out.scalars.allSatisfy({ $0.isFinite }) else { throw ODEError.nonFinite(t: t) }
    return out.scalars
  }

  /// The scaled RMS norm of `v` with weights from `y0` (and `y1` when given).
  func norm(_ v: [Double], _ y0: [Double], _ y1: [Double]? = nil) -> Double {
    var s = 0.0
    for i in 0..<v.count {
      let scale = atol + rtol * Swift.max(Swift.abs(y0[i]), Swift.abs(y1?[i] ?? 0))
      let q = v[i] / scale
      s += q * q
    }
    return (s / Double(Swift.max(v.count, 1))).squareRoot()
  }

  /// Hairer II.4's starting step.
  mutating func initialStep(tEnd: Double) throws -> Double {
    let y0 = y.scalars
    let d0 = norm(y0, y0), d1 = norm(k[0], y0)
    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    h0 = Swift.min(h0, Swift.max(tEnd - t, 1e-12))
    let y1 = (0..<y0.count).map { y0[$0] + h0 * k[0][$0] }
    let f1 = try eval(t + h0, y1)
    let d2 = norm((0..<y0.count).map { f1[$0] - k[0][$0] }, y0) / h0
    let h1 = Swift.max(d1, d2) <= 1e-15 ? Swift.max(1e-6, h0 * 1e-3) : libmPow(0.01 / Swift.max(d1, d2), 0.2)
    return Swift.min(100 * h0, h1)
  }

  /// Computes the stages of a step of size h from (t, y); returns the error norm.
  mutating func attempt(t: Double, h: Double) throws -> Double {
    self.t = t
    self.h = h
    let y0 = y.scalars, n = y0.count
    var stage = [Double](repeating: 0, count: n)
    for s in 1..<7 {
      let row = Stepper.a[s]
      for i in 0..<n {
        var acc = 0.0
        for j in 0..<row.count where row[j] != 0 { acc += row[j] * k[j][i] }
        stage[i] = y0[i] + h * acc
      }
      k[s] = try eval(t + Stepper.c[s] * h, stage)
    }
    yNew = stage  // the 7th stage point is the 5th-order solution (FSAL)
    var err = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var acc = 0.0
      for j in 0..<7 where Stepper.e[j] != 0 { acc += Stepper.e[j] * k[j][i] }
      err[i] = h * acc
    }
    return norm(err, y0, yNew)
  }

  /// Accepts the attempted step: builds its dense-output segment and moves to the new point.
  mutating func accept() {
    let y0 = y.scalars, n = y0.count
    var r = [[Double]](repeating: [Double](repeating: 0, count: n), count: 5)
    for i in 0..<n {
      let diff = yNew[i] - y0[i]
      let bspl = h * k[0][i] - diff
      var dsum = 0.0
      for j in 0..<7 where Stepper.d[j] != 0 { dsum += Stepper.d[j] * k[j][i] }
      r[0][i] = y0[i]
      r[1][i] = diff
      r[2][i] = bspl
      r[3][i] = diff - h * k[6][i] - bspl
      r[4][i] = h * dsum
    }
    segment = DenseSegment(t0: t, h: h, r: r)
    y = Tensor(uncheckedShape: shape, scalars: yNew)
    k[0] = k[6]
  }
}

/// The continuous extension over one accepted step.
struct DenseSegment: Sendable {
  let t0: Double
  let h: Double
  let r: [[Double]]

  /// The interpolant at `t` in [t0, t0 + h] (dopri5 `contd5`).
  func value(at t: Double) -> [Double] {
    let theta = h == 0 ? 0 : (t - t0) / h, theta1 = 1 - theta
    return (0..<r[0].count).map { i in
      r[0][i] + theta * (r[1][i] + theta1 * (r[2][i] + theta * (r[3][i] + theta1 * r[4][i])))
    }
  }
}

/// The result of a solve: accepted times, states (when kept), dense output, counts.
public struct ODESolution: Sendable {
  /// Times of the accepted steps, starting with t0.
  public private(set) var times: [Double]
  /// The states at `times` (only t0 and the end when states were not kept).
  public private(set) var states: [Tensor]
  /// The state at the end of the solve.
  public internal(set) var final: Tensor
  /// Accepted and rejected steps, right-hand side evaluations.
  public internal(set) var rejected = 0
  public internal(set) var evaluations = 0
  /// Whether an observer stopped the solve before `until`.
  public internal(set) var stoppedEarly = false
  private var segments: [DenseSegment] = []
  let shape: [Int]

  init(t0: Double, y0: Tensor, keepStates: Bool) {
    times = [t0]
    states = [y0]
    final = y0
    shape = y0.shape
  }

  /// The number of accepted steps.
  public var accepted: Int { stepsAccepted }
  private var stepsAccepted = 0

  mutating func append(t: Double, segment: DenseSegment, state: Tensor, keep: Bool) {
    stepsAccepted += 1
    times.append(t)
    if keep {
      states.append(state)
      segments.append(segment)
    }
  }

  /// The dense-output value at any t in [t0, end] (needs `keepStates`).
  public func value(at t: Double) throws -> Tensor {
    guard let first = times.first, let last = times.last, t >= first, t <= last else {
      throw ODEError.invalidArgument("t = \(t) is outside the solved interval")
    }
    guard segments.count == times.count - 1 else {
      throw ODEError.invalidArgument("dense output needs keepStates: true")
    }
    if segments.isEmpty { return states[0] }
    var lo = 0, hi = segments.count - 1
    while lo < hi {  // the last segment starting at or before t
      let mid = (lo + hi + 1) / 2
      if segments[mid].t0 <= t { lo = mid } else { hi = mid - 1 }
    }
    return Tensor(uncheckedShape: shape, scalars: segments[lo].value(at: t))
  }
}
