import PCXNumerics

/// Checks of a run's arguments and resources, all made before the first evaluation.
extension RunSpec {
  /// Trace names every run or some optimizers produce; trackers may not reuse them.
  static let builtInTraces: Set<String> = [
    "loss", "grad_norm", "distance", "step_size", "time", "perturbation",
  ]

  /// Throws an `.argument` error for a hyper-parameter, block or tracker outside its domain,
  /// and a `.limit` error when the steps or the kept iterates exceed `limits`.
  func validate(parameterCount p: Int, sampleCount: Int?, limits: ResourceLimits) throws {
    guard steps >= 0 else { throw Self.bad("the run asks for \(steps) steps; it needs steps >= 0") }
    try limits.checkSteps(steps, "the \(optimizer.name) run")
    if case .gradientFlow = optimizer {} else {
      guard lr > 0, lr.isFinite else {
        throw Self.bad("the learning rate must be positive and finite, got \(lr)")
      }
    }
    try validateOptimizer(sampleCount: sampleCount)
    try validateBlocks(parameterCount: p)
    try validateStop()
    try validateTrackers()
    try checkMemory(parameterCount: p, limits: limits)
  }

  /// The optimizer's own hyper-parameters.
  func validateOptimizer(sampleCount: Int?) throws {
    switch optimizer {
    case .gd, .riemannianGD:
      return
    case .sgd(let batch):
      guard let n = sampleCount else {
        throw RuntimeError(.argument, "sgd needs an objective that is a sum over samples (a loss on data)",
                           hint: "use gd for objectives written as expressions of params")
      }
      guard batch >= 1, batch <= n else {
        throw Self.bad("sgd batch \(batch) must be between 1 and the number of samples \(n)")
      }
    case .momentum(let beta), .nesterov(let beta):
      guard beta >= 0, beta < 1 else {
        throw Self.bad("\(optimizer.name) needs 0 <= beta < 1, got \(beta)")
      }
    case .adam(let beta1, let beta2, let epsilon):
      guard beta1 >= 0, beta1 < 1, beta2 >= 0, beta2 < 1, epsilon >= 0, epsilon.isFinite else {
        throw Self.bad("adam needs 0 <= beta1, beta2 < 1 and epsilon >= 0, got \(beta1), \(beta2), \(epsilon)")
      }
    case .perturbedGD(let radius, let threshold, let interval):
      guard radius > 0, radius.isFinite, threshold >= 0, threshold.isFinite, interval >= 1 else {
        throw Self.bad(
          "perturbed_gd needs radius > 0, threshold >= 0 and interval >= 1, got \(radius), \(threshold), \(interval)")
      }
    case .gradientFlow(let until, let tol):
      guard until > 0, until.isFinite else {
        throw Self.bad("gradient_flow needs a positive finite end time, got until: \(until)")
      }
      guard tol > 0, tol < 1 else { throw Self.bad("gradient_flow needs 0 < tol < 1, got \(tol)") }
    }
  }

  /// Sphere blocks: only for riemannian_gd, which needs at least one; in range and disjoint.
  func validateBlocks(parameterCount p: Int) throws {
    guard optimizer == .riemannianGD else {
      guard sphereBlocks.isEmpty else {
        throw Self.bad("parameter blocks on the sphere need riemannian_gd, not \(optimizer.name)")
      }
      return
    }
    guard !sphereBlocks.isEmpty else {
      throw Self.bad("riemannian_gd needs at least one parameter block on the sphere")
    }
    let sorted = sphereBlocks.sorted { $0.lowerBound < $1.lowerBound }
    var end = 0
    for block in sorted {
      guard !block.isEmpty, block.lowerBound >= end, block.upperBound <= p else {
        throw Self.bad(
          "sphere blocks must be non-empty, disjoint and inside the \(p) parameters, got \(sphereBlocks)")
      }
      end = block.upperBound
    }
  }

  /// Stop thresholds must be numbers a run can meet.
  func validateStop() throws {
    if let x = stop.lossBelow, x.isNaN { throw Self.bad("the stop rule loss < \(x) is not a number") }
    if let x = stop.gradNormBelow, !(x > 0) {
      throw Self.bad("the stop rule grad_norm < \(x) needs a positive threshold")
    }
    if let x = stop.wallTime, !(x >= 0) {
      throw Self.bad("the wall-time stop rule needs a non-negative number of seconds, got \(x)")
    }
  }

  /// Tracker spacings are positive and names unique and distinct from the built-in traces.
  func validateTrackers() throws {
    var seen = Set<String>()
    for t in trackers {
      guard t.every >= 1 else { throw Self.bad("tracker '\(t.name)' needs every >= 1, got \(t.every)") }
      guard !Self.builtInTraces.contains(t.name), seen.insert(t.name).inserted else {
        throw Self.bad("the trace name '\(t.name)' is used twice in one run")
      }
    }
    if case .every(let k) = keepIterates, k < 1 {
      throw Self.bad("keeping every k-th iterate needs k >= 1, got \(k)")
    }
  }

  /// Refuses, before the run, kept iterates or traces that would exceed `limits.maxBytes`.
  func checkMemory(parameterCount p: Int, limits: ResourceLimits) throws {
    let kept: Int
    switch keepIterates {
    case .none: kept = 0
    case .every(let k): kept = steps / k + 1
    case .all: kept = steps + 1
    }
    let (iterateBytes, o1) = kept.multipliedReportingOverflow(by: p * 8)
    do {
      try limits.checkBytes(o1 ? Int.max : iterateBytes, "keeping \(kept) iterates of \(p) parameters")
    } catch let e as RuntimeError {
      throw RuntimeError(e.kind, e.message,
                         hint: "keep every k-th iterate (on: run every k) or raise the limit with --max-bytes")
    }
    // Each trace holds at most steps + 1 doubles (and as many step numbers).
    let series = Self.builtInTraces.count + trackers.count
    let (traceBytes, o2) = (steps + 1).multipliedReportingOverflow(by: series * 16)
    try limits.checkBytes(o2 ? Int.max : traceBytes, "the \(series) traces of \(steps) steps")
  }

  /// An `.argument` error.
  static func bad(_ message: String) -> RuntimeError { RuntimeError(.argument, message) }
}
