import PCXNumerics

/// Gradient flow d theta/dt = -grad f(theta), theta(0) = theta_0 (001 eq (1.2), Thm 2.1),
/// integrated by `DormandPrince45.solve`. A "step" is an accepted ODE step; the observer records
/// each accepted state, so the traces hold the flow at the solver's own times (trace "time").
///
/// Tolerances: rtol = tol and atol = tol * 1e-2. The error scale atol + rtol |theta_i| is then
/// relative for coordinates of order 1 and larger, while coordinates that decay to 0 (the flow
/// converging to a minimiser with zero entries) are still resolved to tol/100 absolutely instead
/// of letting the controller take arbitrarily large steps once they are small.
/// A class, because the solver's escaping observer and its right-hand side share this state.
final class GradientFlowRun {
  /// The objective evaluator (counts ODE stage evaluations too).
  var eval: ObjectiveCalls
  /// Traces, iterates, stop rules and divergence.
  var recorder: RunRecorder
  /// The run's specification.
  let spec: RunSpec
  /// Resource limits (wall time).
  let limits: ResourceLimits
  /// Progress callback.
  let progress: ((Int, Double) -> Void)?
  /// Cancellation query.
  let isCancelled: () -> Bool
  /// The start.
  let start: [Double]
  /// The last right-hand side evaluation: its point, value and gradient. The observer's state
  /// is the last stage's input (FSAL), so the value and gradient are reused, not recomputed.
  var cache: (theta: [Double], value: Double, gradient: [Double])?
  /// The last recorded step and time.
  var step = -1, time = 0.0
  /// How the run ended, when the observer stopped it.
  var status = RunStatus.completed

  /// A flow run from `start`.
  init(
    _ f: Objective, start: [Double], spec: RunSpec, limits: ResourceLimits,
    progress: ((Int, Double) -> Void)?, isCancelled: @escaping () -> Bool
  ) {
    eval = ObjectiveCalls(f)
    recorder = RunRecorder(
      spec: spec, theta0: Tensor(start),
      divergenceHint: "the flow may blow up in finite time: lower until or check the objective")
    self.spec = spec
    self.limits = limits
    self.progress = progress
    self.isCancelled = isCancelled
    self.start = start
  }

  /// Integrates to `until` (or until a stop rule, cancellation or the step budget).
  func run(until: Double, tol: Double) throws -> Trajectory {
    // Rejected attempts also count against the solver's limit; four per accepted step is
    // far more than the PI controller rejects on a non-stiff flow.
    let attempts = spec.steps.multipliedReportingOverflow(by: 4).partialValue + 64
    do {
      _ = try DormandPrince45.solve(
        { _, y in try self.slope(y) }, y0: Tensor(start), until: until, rtol: tol, atol: tol * 1e-2,
        maxSteps: attempts, storage: .endpoints, observe: { t, y in try self.observe(t, y, until: until) })
    } catch let e as ODEError {
      throw translate(e)
    }
    return recorder.result(status: status, steps: step, evaluations: eval.count)
  }

  /// -grad f(y), keeping f(y) and grad f(y) for the observer.
  func slope(_ y: Tensor) throws -> Tensor {
    let (value, gradient) = try eval.full(y.scalars)
    cache = (y.scalars, value, gradient)
    return Tensor(gradient.map { -$0 })
  }

  /// Records an accepted state and decides whether to go on.
  func observe(_ t: Double, _ y: Tensor, until: Double) throws -> ODEControl {
    let (value, gradient): (Double, [Double])
    if let c = cache, c.theta == y.scalars {
      (value, gradient) = (c.value, c.gradient)
    } else {
      (value, gradient) = try eval.full(y.scalars)
    }
    step += 1
    if step > 0 { recorder.append("step_size", step, t - time) }
    time = t
    let gradNorm = Flat.norm(gradient)
    try recorder.record(TrackPoint(step: step, theta: y, value: value, gradient: Tensor(gradient), time: t), gradNorm: gradNorm)
    progress?(step, value)
    if let reason = recorder.stopReason(step: step, loss: value, gradNorm: gradNorm) {
      status = .stopped(reason: reason)
      return .stop
    }
    if isCancelled() {
      status = .cancelled
      return .stop
    }
    try recorder.checkWallTime(limits, step: step)
    if step == spec.steps && t < until {
      status = .stopped(reason: "step limit \(spec.steps) reached at t = \(OptimFormat.number(t)) before until = \(OptimFormat.threshold(until))")
      return .stop
    }
    return .continue
  }

  /// The run-level error for a solver failure, naming the step and time.
  func translate(_ e: ODEError) -> RuntimeError {
    let last = recorder.lastGood.map { " (last finite loss \(OptimFormat.number($0.loss)) at step \($0.step))" } ?? ""
    switch e {
    case .nonFinite(let t):
      return RuntimeError(
        .numerics, "the run diverged at step \(step + 1) (t = \(OptimFormat.number(t))): the gradient became non-finite\(last)",
        hint: recorder.divergenceHint)
    case .stepSizeUnderflow(let t):
      return RuntimeError(
        .numerics, "gradient flow: the ODE step size underflowed at t = \(OptimFormat.number(t)), step \(step)\(last)",
        hint: recorder.divergenceHint)
    case .tooManySteps(let t):
      return RuntimeError(
        .numerics, "gradient flow: the ODE solver rejected too many steps before t = \(OptimFormat.number(t)) (step \(step))",
        hint: "the flow is stiff here: raise tol, or use gd with a small learning rate")
    default:
      return RuntimeError(.numerics, "gradient flow: \(e)")
    }
  }
}
