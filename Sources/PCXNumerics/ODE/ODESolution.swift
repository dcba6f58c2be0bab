/// What an integration keeps as it goes: times always; states, slopes and dense-output
/// coefficients at every step with `.dense`.
struct ODERecorder {
  /// The storage mode.
  let storage: ODEStorage
  /// Accepted times, starting with t0.
  var times: [Double]
  /// States at `times` (`.dense`), or only the initial state (`.endpoints`).
  var states: [[Double]]
  /// f at `times` (`.dense` only): the first and last slope of each step.
  var slopes: [[Double]]
  /// Per step, h sum_j d_j k_j (`.dense` only).
  var dense: [[Double]]

  /// A record starting at (t0, y0) with slope f(t0, y0).
  init(storage: ODEStorage, t0: Double, y0: [Double], slope: [Double]) {
    self.storage = storage
    times = [t0]
    states = [y0]
    slopes = storage == .dense ? [slope] : []
    dense = []
  }

  /// Records an accepted step ending at (t, y).
  mutating func append(t: Double, y: [Double], slope: [Double], dense: [Double]) {
    times.append(t)
    guard storage == .dense else { return }
    states.append(y)
    slopes.append(slope)
    self.dense.append(dense)
  }
}

/// The result of `DormandPrince45.solve`: accepted times and states, step statistics and a
/// continuous extension `value(at:)` over the integrated interval.
public struct ODESolution: Sendable {
  /// Accepted step times, t0 first, increasing.
  public let times: [Double]
  /// States at `times` with `.dense` storage; only the initial and final states with `.endpoints`.
  public let states: [Tensor]
  /// The state at the last accepted time.
  public let final: Tensor
  /// The last accepted time (tEnd unless stopped early).
  public let finalTime: Double
  /// What was kept.
  public let storage: ODEStorage
  /// Accepted steps.
  public let acceptedSteps: Int
  /// Rejected step attempts.
  public let rejectedSteps: Int
  /// Right-hand-side evaluations (including the starting-step probe).
  public let evaluations: Int
  /// True when `observe` ended the integration before tEnd.
  public let stopped: Bool
  /// f at `times` (`.dense` only).
  let slopes: [[Double]]
  /// Per step, the dense-output coefficient h sum_j d_j k_j (`.dense` only).
  let dense: [[Double]]

  /// Packs a finished run.
  init(
    recorder: ODERecorder, shape: [Int], final: [Double], accepted: Int, rejected: Int,
    evaluations: Int, stopped: Bool
  ) {
    times = recorder.times
    finalTime = recorder.times.last ?? 0  // the record always starts with t0
    let finalTensor = Tensor(uncheckedShape: shape, scalars: final)
    var kept = recorder.states.map { Tensor(uncheckedShape: shape, scalars: $0) }
    if recorder.storage == .endpoints, recorder.times.count > 1 { kept.append(finalTensor) }
    states = kept
    self.final = finalTensor
    storage = recorder.storage
    acceptedSteps = accepted
    rejectedSteps = rejected
    self.evaluations = evaluations
    self.stopped = stopped
    slopes = recorder.slopes
    dense = recorder.dense
  }

  /// The solution at any t in [t0, finalTime], by the 4th-order continuous extension of the
  /// step containing t (Hairer I, II.6; `dopri5` CONTD5):
  ///   y(t_i + theta h) = y_i + theta (r2 + (1 - theta) (r3 + theta (r4 + (1 - theta) r5)))
  /// with r2 = y_{i+1} - y_i, r3 = h f_i - r2, r4 = r2 - h f_{i+1} - r3, r5 = h sum_j d_j k_j.
  /// - Throws: `ODEError.outsideSolution` outside [t0, finalTime]; `ODEError.noDenseOutput`
  ///   strictly inside it when the solution was kept with `.endpoints` storage.
  public func value(at t: Double) throws -> Tensor {
    let t0 = times[0]
    guard t >= t0, t <= finalTime else {
      throw ODEError.outsideSolution(t: t, from: t0, to: finalTime)
    }
    if t == finalTime { return final }
    if t == t0 { return states[0] }
    guard storage == .dense else { throw ODEError.noDenseOutput(t: t) }
    let i = stepIndex(containing: t)
    let h = times[i + 1] - times[i]
    let theta = (t - times[i]) / h, theta1 = 1 - theta
    let y0 = states[i].scalars, y1 = states[i + 1].scalars
    let f0 = slopes[i], f1 = slopes[i + 1], r5 = dense[i]
    var out = [Double](repeating: 0, count: y0.count)
    for j in 0..<out.count {
      let r2 = y1[j] - y0[j]
      let r3 = h * f0[j] - r2
      let r4 = r2 - h * f1[j] - r3
      out[j] = y0[j] + theta * (r2 + theta1 * (r3 + theta * (r4 + theta1 * r5[j])))
    }
    return Tensor(uncheckedShape: final.shape, scalars: out)
  }

  /// The i with times[i] <= t < times[i + 1], for t0 <= t < finalTime (binary search).
  func stepIndex(containing t: Double) -> Int {
    var lo = 0, hi = times.count - 1  // times[lo] <= t < times[hi]
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if times[mid] <= t { lo = mid } else { hi = mid }
    }
    return lo
  }
}
