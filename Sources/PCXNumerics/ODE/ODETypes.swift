/// Errors from the ODE solver; each names the time at which integration failed.
public enum ODEError: Error, Equatable, CustomStringConvertible, Sendable {
  /// More than the allowed number of steps (accepted plus rejected) before reaching the end.
  case tooManySteps(t: Double)
  /// The step size fell below its floor: the solution is probably blowing up or very stiff.
  case stepSizeUnderflow(t: Double)
  /// The right-hand side returned NaN or infinity (or the initial state is not finite).
  case nonFinite(t: Double)
  /// The right-hand side returned a tensor whose shape differs from the state's.
  case shapeMismatch(t: Double, expected: [Int], got: [Int])
  /// A dense-output query outside the integrated interval.
  case outsideSolution(t: Double, from: Double, to: Double)
  /// A dense-output query between the endpoints of a solution kept with `.endpoints` storage.
  case noDenseOutput(t: Double)
  /// An option is out of its domain (the message names it).
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .tooManySteps(let t):
      return "ODE solver exceeded its maximum number of steps at t = \(t)"
    case .stepSizeUnderflow(let t):
      return "ODE step size underflow at t = \(t): the solution may blow up or be too stiff"
    case .nonFinite(let t):
      return "ODE right-hand side is not finite (NaN or infinity) at t = \(t)"
    case .shapeMismatch(let t, let expected, let got):
      return "ODE right-hand side at t = \(t) has shape \(Tensor.describe(got)), "
        + "expected the state's shape \(Tensor.describe(expected))"
    case .outsideSolution(let t, let from, let to):
      return "no dense output at t = \(t): the solution covers [\(from), \(to)]"
    case .noDenseOutput(let t):
      return "no dense output at t = \(t): the solution was kept with storage .endpoints"
    case .invalidArgument(let message):
      return message
    }
  }
}

/// What an observer asks the solver to do after an accepted step.
public enum ODEControl: Sendable, Equatable {
  /// Keep integrating.
  case `continue`
  /// End the solution at the step just accepted (e.g. a `loss < eps` stop rule).
  case stop
}

/// What an `ODESolution` keeps.
public enum ODEStorage: Sendable, Equatable {
  /// Every accepted state plus what the continuous extension needs (3 vectors per step).
  case dense
  /// Only the initial and final states (for large states; observers see every step).
  case endpoints
}

/// Step-size controller settings; defaults are those of Hairer's `dopri5`.
public struct ODEStepControl: Sendable, Equatable {
  /// Safety factor applied to the optimal step.
  public var safety: Double
  /// Smallest step-size ratio h_new / h.
  public var facMin: Double
  /// Largest step-size ratio h_new / h.
  public var facMax: Double
  /// PI-control exponent on the previous error (Hairer II.4 (4.13)); 0 gives classic I control.
  public var beta: Double
  /// An absolute floor on the step size (the solver always keeps at least 16 ulp of t).
  public var minStep: Double
  /// The largest step allowed.
  public var maxStep: Double
  /// The first step; nil chooses it by Hairer's starting-step algorithm (II.4).
  public var initialStep: Double?

  /// Controller settings (safety 0.9, ratios in [0.2, 10], PI exponent 0.04 as in `dopri5`).
  public init(
    safety: Double = 0.9, facMin: Double = 0.2, facMax: Double = 10, beta: Double = 0.04,
    minStep: Double = 0, maxStep: Double = .infinity, initialStep: Double? = nil
  ) {
    self.safety = safety
    self.facMin = facMin
    self.facMax = facMax
    self.beta = beta
    self.minStep = minStep
    self.maxStep = maxStep
    self.initialStep = initialStep
  }

  /// Throws `ODEError.invalidArgument` for settings outside their domain.
  func validate() throws {
    guard safety > 0, safety <= 1, facMin > 0, facMin <= 1, facMax >= 1, facMax.isFinite,
      beta >= 0, beta < 0.2, minStep >= 0, maxStep > 0
    else {
      throw ODEError.invalidArgument(
        "step control needs 0 < safety <= 1, 0 < facMin <= 1 <= facMax, 0 <= beta < 0.2, "
          + "minStep >= 0 and maxStep > 0")
    }
    if let h = initialStep, !(h > 0 && h.isFinite) {
      throw ODEError.invalidArgument("the initial step must be positive and finite, got \(h)")
    }
  }
}
