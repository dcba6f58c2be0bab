import PCXNumerics

/// Runs the optimizers of SPEC §4.4 on an `Objective`.
///
/// Every run records the start (step 0) and each iterate after it, so the every-step traces
/// hold steps + 1 values. At each recorded iterate, in order: divergence is checked, the
/// traces, kept iterate and due trackers are recorded, `progress` is called, the stop rules
/// are evaluated; then, before the next step, `isCancelled` is asked.
///
/// Divergence: a non-finite parameter, loss or gradient, or a loss with
/// |f(theta_t)| > 1e12 max(|f(theta_0)|, 1), ends the run with a `.numerics` error naming the
/// step and the last finite loss (a start that is not finite is reported as such).
public enum Optimizer {
  /// Minimises `f` from `theta0` as `spec` says, drawing SGD indices and perturbations from `rng`.
  /// - Throws: `RuntimeError` — `.argument` for a bad spec or start, `.limit` before running when
  ///   steps or kept iterates exceed `limits`, `.numerics` on divergence or objective failure.
  public static func run(
    _ f: Objective, from theta0: Tensor, spec: RunSpec, rng: RandomStream, limits: ResourceLimits,
    progress: ((Int, Double) -> Void)? = nil, isCancelled: () -> Bool = { false }
  ) throws -> Trajectory {
    let p = f.parameterCount
    try limits.checkParameters(p, "the objective")
    guard theta0.count == p else {
      throw RuntimeError(.argument, "the starting point has \(theta0.count) values but the objective has \(p) parameters")
    }
    guard theta0.isFinite else {
      throw RuntimeError(.argument, "the starting point has non-finite entries")
    }
    try spec.validate(parameterCount: p, sampleCount: f.sampleCount, limits: limits)
    var start = theta0.scalars
    if spec.optimizer == .riemannianGD { start = try projectOntoSpheres(start, spec.sphereBlocks) }
    if case .gradientFlow(let until, let tol) = spec.optimizer {
      return try withoutActuallyEscaping(isCancelled) { cancelled in
        let flow = GradientFlowRun(f, start: start, spec: spec, limits: limits, progress: progress, isCancelled: cancelled)
        return try flow.run(until: until, tol: tol)
      }
    }
    return try runDiscrete(f, start: start, spec: spec, rng: rng, limits: limits,
                           progress: progress, isCancelled: isCancelled)
  }

  /// The loop shared by every discrete optimizer. The iterate and its gradient live in two
  /// buffers updated in place (no per-step allocation or copy of the parameter vector on the
  /// in-place objective path); ||grad|| and ||theta_t - theta_0|| come from eight-lane sums in
  /// the passes that produce the gradient and the iterate.
  static func runDiscrete(
    _ f: Objective, start: [Double], spec: RunSpec, rng: RandomStream, limits: ResourceLimits,
    progress: ((Int, Double) -> Void)?, isCancelled: () -> Bool
  ) throws -> Trajectory {
    var recorder = RunRecorder(
      spec: spec, theta0: Tensor(start),
      divergenceHint: "lower the learning rate (lr: \(OptimFormat.threshold(spec.lr)) here) or add a stop rule")
    var eval = ObjectiveCalls(f, trackers: spec.trackers)
    var stepper = DiscreteStepper(spec: spec, origin: start, sampleCount: f.sampleCount, rng: rng)
    var theta = start
    var gradient = [Double](repeating: 0, count: start.count)
    var value = try eval.full(theta, into: &gradient)
    var distance = 0.0  // theta_0 is the start
    var t = 0
    let euclidean = spec.optimizer != .riemannianGD
    while true {
      let gradNorm = stepper.methodGradientNorm(theta: theta, gradient: gradient)
      try recorder.recordStep(
        t, theta: theta, value: value, gradient: gradient, gradNorm: gradNorm, distance: distance,
        euclidean: euclidean, byproducts: eval.byproducts)
      progress?(t, value)
      let allowed = stepper.allowsGradientStop(step: t, gradNorm: gradNorm)
      if let reason = recorder.stopReason(step: t, loss: value, gradNorm: gradNorm, gradStopAllowed: allowed)
        ?? stepper.escapeTestReason(step: t, loss: value)
      {
        return recorder.result(status: .stopped(reason: reason), steps: t, evaluations: eval.count, finalParameters: theta)
      }
      if t == spec.steps { break }
      if isCancelled() { return recorder.result(status: .cancelled, steps: t, evaluations: eval.count, finalParameters: theta) }
      try recorder.checkWallTime(limits, step: t)
      let outcome = try stepper.step(&eval, theta: &theta, value: value, gradient: gradient, step: t)
      if let r = outcome.perturbation { recorder.append("perturbation", t, r) }
      t += 1
      recorder.append("step_size", t, spec.lr)
      distance = theta.withUnsafeBufferPointer { x in
        start.withUnsafeBufferPointer { x0 in
          outcome.distanceSquared.map { LaneSums.root($0, x, x0) } ?? LaneSums.distance(x, x0)
        }
      }
      if !distance.isFinite, theta.contains(where: { !$0.isFinite }) {
        // Report non-finite parameters before an objective sees (and perhaps rejects) them.
        try recorder.checkDivergence(TrackPoint(step: t, theta: Tensor(theta), value: .nan, gradient: Tensor([]), time: nil))
      }
      value = try eval.full(theta, into: &gradient)
    }
    return recorder.result(status: .completed, steps: t, evaluations: eval.count, finalParameters: theta)
  }

  /// Normalises each sphere block of the start (riemannian_gd starts on the manifold).
  /// - Throws: `.argument` when a block is zero (it has no direction to keep).
  static func projectOntoSpheres(_ theta: [Double], _ blocks: [Range<Int>]) throws -> [Double] {
    var out = theta
    for b in blocks {
      let n = Flat.norm(Array(theta[b]))
      guard n > 0 else {
        throw RuntimeError(.argument, "the starting point is zero on the sphere block \(b.lowerBound)..<\(b.upperBound)",
                           hint: "start riemannian_gd from a non-zero point, e.g. init: sphere")
      }
      for i in b { out[i] /= n }
    }
    return out
  }
}
