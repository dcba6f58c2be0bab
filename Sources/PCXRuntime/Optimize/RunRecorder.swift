import Foundation
import PCXNumerics

/// Records a run as it goes: the traces, the kept iterates and the tracker values; detects
/// divergence and evaluates the stop rules. Shared by the discrete optimizers and the flow.
struct RunRecorder {
  /// A loss growing past this factor times max(|f(theta_0)|, 1) counts as divergence.
  /// 1e12 is far beyond any transient of a converging run (GD's loss can rise while it
  /// oscillates, but not by twelve orders of magnitude), and the floor of 1 keeps a start at
  /// f = 0 from flagging every later rounding-level positive loss.
  static let growthFactor = 1e12

  /// The run's specification.
  let spec: RunSpec
  /// The starting point (flat).
  let theta0: [Double]
  /// What to tell the user when the run diverges.
  let divergenceHint: String
  /// When the run started.
  let start = ContinuousClock.now
  /// Every trace recorded so far.
  var traces: [String: Trace] = [:]
  /// Kept iterates.
  var iterates: [(step: Int, theta: Tensor)] = []
  /// f(theta_0), once recorded.
  var initialLoss: Double?
  /// The last step whose loss, gradient and parameters were finite and within the growth bound.
  var lastGood: (step: Int, loss: Double)?
  /// The last recorded iterate (nil where the discrete loop owns it, see `recordStep`) and its loss.
  var current: (theta: Tensor?, loss: Double)?

  /// A recorder for a run of `spec` from `theta0`.
  init(spec: RunSpec, theta0: Tensor, divergenceHint: String) {
    self.spec = spec
    self.theta0 = theta0.scalars
    self.divergenceHint = divergenceHint
    for name in ["loss", "grad_norm", "distance", "step_size"] { traces[name] = Trace() }
    for tracker in spec.trackers { traces[tracker.name] = Trace() }
  }

  /// Seconds since the run started.
  var elapsed: Double {
    let d = start.duration(to: .now).components
    return Double(d.seconds) + Double(d.attoseconds) * 1e-18
  }

  /// Records iterate `point` (step t), whose method gradient (Riemannian on sphere blocks) has
  /// norm `gradNorm`: checks divergence, appends the every-step traces, keeps the iterate per
  /// the policy and runs the due trackers.
  mutating func record(_ point: TrackPoint, gradNorm: Double) throws {
    try checkDivergence(point)
    lastGood = (point.step, point.value)
    current = (point.theta, point.value)
    append("loss", point.step, point.value)
    append("grad_norm", point.step, gradNorm)
    append("distance", point.step, distance(point.theta))
    if let t = point.time { append("time", point.step, t) }
    if keepsIterate(point.step) { iterates.append((point.step, point.theta)) }
    for tracker in spec.trackers where point.step % tracker.every == 0 {
      append(tracker.name, point.step, try evaluate(tracker, at: point))
    }
  }

  /// Records iterate t of a discrete run from numbers the loop already has: the loss, the norm
  /// of the method gradient and the distance from the start (eight-lane sums from the passes that
  /// produced the gradient and the iterate), and the `byproducts` of the gradient pass. A finite
  /// norm and distance mean finite gradient and parameters (`euclidean`: the norm is of the
  /// gradient itself), so the scans of `checkDivergence` run only when one is not finite. The
  /// iterate is not retained (the loop updates it in place), except where the policy keeps it.
  mutating func recordStep(
    _ t: Int, theta: [Double], value: Double, gradient: [Double], gradNorm: Double, distance: Double,
    euclidean: Bool, byproducts: [TrackerByproduct: Double]
  ) throws {
    var point: TrackPoint?
    func made() -> TrackPoint {
      if let point { return point }
      let p = TrackPoint(step: t, theta: Tensor(theta), value: value, gradient: Tensor(gradient), time: nil)
      point = p
      return p
    }
    if euclidean && value.isFinite && gradNorm.isFinite && distance.isFinite {
      try checkGrowth(step: t, value: value)
    } else {
      try checkDivergence(made())
    }
    lastGood = (t, value)
    current = (nil, value)
    append("loss", t, value)
    append("grad_norm", t, gradNorm)
    append("distance", t, distance)
    if keepsIterate(t) { iterates.append((t, Tensor(theta))) }
    for tracker in spec.trackers where t % tracker.every == 0 {
      if let b = tracker.byproduct, let v = byproducts[b] {
        append(tracker.name, t, v)
      } else {
        append(tracker.name, t, try evaluate(tracker, at: made()))
      }
    }
  }

  /// The growth test of `checkDivergence` for a finite loss at step t (parameters and gradient
  /// known finite).
  mutating func checkGrowth(step t: Int, value: Double) throws {
    guard let f0 = initialLoss else {
      initialLoss = value
      return
    }
    let bound = Self.growthFactor * max(abs(f0), 1)
    guard abs(value) > bound else { return }
    try checkDivergence(TrackPoint(step: t, theta: Tensor([]), value: value, gradient: Tensor([]), time: nil))
  }

  /// Appends one value to the named trace.
  mutating func append(_ name: String, _ step: Int, _ value: Double) {
    traces[name, default: Trace()].append(step: step, value: value)
  }

  /// ||theta - theta_0||, accumulated in order (no BLAS: a trace value must not depend on
  /// threading or vector width).
  func distance(_ theta: Tensor) -> Double {
    var sum = 0.0
    theta.scalars.withUnsafeBufferPointer { x in
      for i in 0..<x.count { sum += (x[i] - theta0[i]) * (x[i] - theta0[i]) }
    }
    return sum.squareRoot()
  }

  /// Whether the iterate policy keeps step t.
  func keepsIterate(_ step: Int) -> Bool {
    switch spec.keepIterates {
    case .none: return false
    case .all: return true
    case .every(let k): return step % k == 0
    }
  }

  /// A tracker's value at `point`; its errors are reported with its name and the step.
  func evaluate(_ tracker: Tracker, at point: TrackPoint) throws -> Double {
    do {
      return try tracker.compute(point)
    } catch let e as RuntimeError {
      throw RuntimeError(e.kind, "tracking \(tracker.name) at step \(point.step): \(e.message)", hint: e.hint)
    } catch {
      throw RuntimeError(.numerics, "tracking \(tracker.name) at step \(point.step): \(error)")
    }
  }

  /// Throws the divergence error when the parameters, loss or gradient at `point` are not
  /// finite, or the loss exceeds `growthFactor * max(|f(theta_0)|, 1)`.
  mutating func checkDivergence(_ point: TrackPoint) throws {
    let cause: String?
    var growth = false
    if let bad = point.theta.scalars.first(where: { !$0.isFinite }) {
      cause = "the parameters became \(OptimFormat.number(bad))"
    } else if !point.value.isFinite {
      cause = "the loss became \(OptimFormat.number(point.value))"
    } else if let bad = point.gradient.scalars.first(where: { !$0.isFinite }) {
      cause = "the gradient became \(OptimFormat.number(bad))"
    } else if let f0 = initialLoss, abs(point.value) > Self.growthFactor * max(abs(f0), 1) {
      growth = true
      cause = "the loss reached \(OptimFormat.number(point.value)), past the divergence bound "
        + "1e12 max(|initial loss|, 1) = \(OptimFormat.number(Self.growthFactor * max(abs(f0), 1)))"
    } else {
      cause = nil
    }
    if initialLoss == nil { initialLoss = point.value }
    guard let cause else { return }
    guard let last = lastGood else {
      throw RuntimeError(.numerics, "the objective is not finite at the starting point: \(cause)",
                         hint: "check the initial parameters and the objective")
    }
    let at = point.time.map { " (t = \(OptimFormat.number($0)))" } ?? ""
    let previous = growth ? "previous loss" : "last finite loss"
    throw RuntimeError(
      .numerics,
      "the run diverged at step \(point.step)\(at): \(cause) "
        + "(\(previous) \(OptimFormat.number(last.loss)) at step \(last.step))",
      hint: divergenceHint)
  }

  /// The reason a stop rule is met at `step`, or nil. `gradStopAllowed` is false while perturbed
  /// GD still means to perturb (see `DiscreteStepper.allowsGradientStop`).
  func stopReason(step: Int, loss: Double, gradNorm: Double, gradStopAllowed: Bool = true) -> String? {
    if let eps = spec.stop.lossBelow, loss < eps {
      return "loss < \(OptimFormat.threshold(eps)) at step \(step)"
    }
    if let eps = spec.stop.gradNormBelow, gradNorm < eps, gradStopAllowed {
      return "grad_norm < \(OptimFormat.threshold(eps)) at step \(step)"
    }
    if let seconds = spec.stop.wallTime, elapsed >= seconds {
      return "wall time \(OptimFormat.threshold(seconds)) s reached at step \(step)"
    }
    return nil
  }

  /// Throws a `.limit` error once the run alone has used the script's whole wall-time budget.
  func checkWallTime(_ limits: ResourceLimits, step: Int) throws {
    guard let budget = limits.wallTime, elapsed > budget else { return }
    throw RuntimeError(
      .limit, "the \(spec.optimizer.name) run exceeded the wall-time limit of "
        + "\(OptimFormat.threshold(budget)) s at step \(step)",
      hint: "raise the wall-time limit, or give the run fewer steps or a stop rule")
  }

  /// The result of the run ending with `status` after `steps` steps.
  /// `finalParameters` is the last recorded iterate where the loop owns it (discrete runs).
  func result(status: RunStatus, steps: Int, evaluations: Int, finalParameters: [Double]? = nil) -> Trajectory {
    let start = Tensor(theta0)
    return Trajectory(
      status: status, steps: steps, finalLoss: current?.loss ?? .nan,
      finalParameters: finalParameters.map { Tensor($0) } ?? current?.theta ?? start, initialParameters: start, traces: traces,
      iterates: iterates, evaluations: evaluations, elapsed: elapsed)
  }
}

/// Number formatting for run messages.
enum OptimFormat {
  /// Four significant digits: `3.2e+07`, `0.001234`, `nan`, `inf`.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    return String(format: "%.4g", x)
  }

  /// A user-given threshold as written (`0.001`, `1e-06`, `2`).
  static func threshold(_ x: Double) -> String {
    guard x.isFinite else { return number(x) }
    return String(format: "%g", x)
  }
}
