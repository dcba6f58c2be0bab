import PCXNumerics

/// A series recorded along a run: a value at each of some steps, in increasing step order.
///
/// Every-step series (loss, grad_norm, distance, time) have `steps == [0, 1, ..., T]`;
/// `step_size` has steps 1...T (the step that produced each iterate); trackers have steps
/// 0, k, 2k, ...; `perturbation` has the steps where perturbed GD perturbed. Values may be
/// NaN or infinite (a tracker that failed numerically); serialisers write those as null.
public struct Trace: Sendable, Equatable, Codable {
  /// The step of each value, strictly increasing.
  public private(set) var steps: [Int]
  /// The values, one per step.
  public private(set) var values: [Double]

  /// An empty trace.
  public init() {
    steps = []
    values = []
  }

  /// A trace from matching steps and values.
  /// - Throws: `RuntimeError(.argument)` when the counts differ or the steps do not increase.
  public init(steps: [Int], values: [Double]) throws {
    guard steps.count == values.count, zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw RuntimeError(.argument, "a trace needs one value per step and increasing steps")
    }
    self.steps = steps
    self.values = values
  }

  /// Appends a value at a step after the last one (the runner's own appends are in order).
  mutating func append(step: Int, value: Double) {
    steps.append(step)
    values.append(value)
  }

  /// The number of recorded values.
  public var count: Int { values.count }

  /// True when the trace has a value at every step 0, 1, ..., count - 1 (serialisers then
  /// need no separate step column).
  public var isEveryStep: Bool {
    steps.enumerated().allSatisfy { $0.offset == $0.element }
  }

  /// The last value, if any.
  public var last: Double? { values.last }
}

/// How a run ended.
public enum RunStatus: Sendable, Equatable {
  /// Every step of the budget was taken (for gradient flow: the end time was reached).
  case completed
  /// A stop rule was met; the reason names it and the step, e.g. "loss < 0.001 at step 412".
  case stopped(reason: String)
  /// `isCancelled` returned true; the result holds the run so far.
  case cancelled
}

/// What `Optimizer.run` produced: status, steps, traces and kept iterates (the script-level
/// result of a whole run is `PCX.RunResult`).
public struct Trajectory: Sendable {
  /// How the run ended.
  public var status: RunStatus
  /// Steps taken (accepted ODE steps for gradient flow).
  public var steps: Int
  /// f at the final parameters.
  public var finalLoss: Double
  /// The last iterate, flat `[p]`.
  public var finalParameters: Tensor
  /// The starting point, flat `[p]` (normalised on sphere blocks for riemannian_gd).
  public var initialParameters: Tensor
  /// "loss", "grad_norm", "distance" (||theta_t - theta_0||), "step_size", "time" (flows),
  /// "perturbation" (perturbed GD: the norm of each perturbation) and one per tracker.
  public var traces: [String: Trace]
  /// The iterates kept by the spec's `IteratePolicy`, in step order.
  public var iterates: [(step: Int, theta: Tensor)]
  /// Objective evaluations (full, batch and ODE stage evaluations alike).
  public var evaluations: Int
  /// Wall-clock seconds of the run (a timing figure: it differs between identical runs).
  public var elapsed: Double
}
