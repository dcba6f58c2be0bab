import PCXNumerics

/// An optimizer of SPEC §4.4 with its hyper-parameters (the learning rate lives in `RunSpec`).
public enum OptimizerKind: Sendable, Equatable {
  /// Gradient descent theta <- theta - lr grad f(theta) (001 Sec 1).
  case gd
  /// Stochastic gradient descent on the batch objective of `batch` samples per step: one index
  /// drawn uniformly with replacement when `batch == 1` (online SGD, 000 Sec 1, 003 Thm 7),
  /// `batch` distinct indices otherwise.
  case sgd(batch: Int)
  /// Heavy ball: v <- beta v - lr g(theta); theta <- theta + v (Polyak 1964).
  case momentum(beta: Double)
  /// Nesterov momentum in Sutskever et al.'s form (ICML 2013, eq. (3)-(4)):
  /// v <- beta v - lr g(theta + beta v); theta <- theta + v.
  case nesterov(beta: Double)
  /// Adam with bias correction (Kingma & Ba, ICLR 2015, Algorithm 1).
  case adam(beta1: Double, beta2: Double, epsilon: Double)
  /// Riemannian gradient descent on the unit sphere for `RunSpec.sphereBlocks` (002 Sec 2.3);
  /// other coordinates take plain GD steps.
  case riemannianGD
  /// Perturbed gradient descent (Jin, Ge, Netrapalli, Kakade & Jordan, "How to escape saddle
  /// points efficiently", ICML 2017, Algorithm 2): a point uniform in the ball of `radius` is
  /// added when ||grad|| <= `threshold` and no perturbation happened in the last `interval` steps.
  /// A grad_norm stop rule then stops only where a perturbation found no descent (Jin et al.'s
  /// termination test, see `DiscreteStepper.escapeTestReason`), never at a strict saddle.
  case perturbedGD(radius: Double, threshold: Double, interval: Int)
  /// Gradient flow d theta/dt = -grad f(theta) to time `until` (001 Thm 2.1) by adaptive
  /// Dormand–Prince RK45 with rtol = `tol` and atol = `tol` * 1e-2.
  case gradientFlow(until: Double, tol: Double)

  /// Stochastic gradient descent, at any batch size.
  public var isSGD: Bool { if case .sgd = self { return true } else { return false } }

  /// The script-level name (`gd`, `sgd`, `gradient_flow`, ...), for reports and results.
  public var name: String {
    switch self {
    case .gd: return "gd"
    case .sgd: return "sgd"
    case .momentum: return "momentum"
    case .nesterov: return "nesterov"
    case .adam: return "adam"
    case .riemannianGD: return "riemannian_gd"
    case .perturbedGD: return "perturbed_gd"
    case .gradientFlow: return "gradient_flow"
    }
  }
}

/// When a run stops before its step budget; any one rule met stops it (SPEC §4.4:
/// `stop: loss < 1e-3 or grad_norm < 1e-6`).
public struct StopRule: Sendable, Equatable {
  /// Stop when the loss is strictly below this.
  public var lossBelow: Double?
  /// Stop when the gradient norm (Riemannian on sphere blocks) is strictly below this.
  public var gradNormBelow: Double?
  /// Stop when this many wall-clock seconds have passed since the run started.
  public var wallTime: Double?

  /// A stop rule; nil fields are not checked.
  public init(lossBelow: Double? = nil, gradNormBelow: Double? = nil, wallTime: Double? = nil) {
    self.lossBelow = lossBelow
    self.gradNormBelow = gradNormBelow
    self.wallTime = wallTime
  }
}

/// What a tracker sees at a recorded iterate.
public struct TrackPoint: Sendable {
  /// The iterate's step number (0 is the start; an accepted ODE step for flows).
  public let step: Int
  /// The iterate theta_t (flat, `[p]`).
  public let theta: Tensor
  /// f(theta_t) (the full objective, also for SGD).
  public let value: Double
  /// The Euclidean gradient of f at theta_t (ambient, also on sphere blocks).
  public let gradient: Tensor
  /// The flow time t for gradient flow, nil for discrete optimizers.
  public let time: Double?
}

/// A quantity computed along a run at steps 0, every, 2 every, ... (e.g. lambda_min of the
/// tangent kernel every 10 steps); its values become the trace named `name`.
public struct Tracker: Sendable {
  /// The trace name; must differ from the built-in traces and the other trackers.
  public let name: String
  /// The spacing of the recorded steps (>= 1).
  public let every: Int
  /// Computes the quantity at one iterate.
  public let compute: @Sendable (TrackPoint) throws -> Double

  /// A tracker recording `compute` at every `every`-th step, starting at step 0.
  public init(name: String, every: Int, compute: @escaping @Sendable (TrackPoint) throws -> Double) {
    self.name = name
    self.every = every
    self.compute = compute
  }
}

/// Which iterates a run keeps for certificates `on: run`.
public enum IteratePolicy: Sendable, Equatable {
  /// None (only the initial and final parameters).
  case none
  /// Steps 0, k, 2k, ... (the final iterate only when its step is a multiple of k).
  case every(Int)
  /// Every step 0...T; refused before the run when it would exceed `ResourceLimits.maxBytes`.
  case all
}

/// Everything a run needs besides the objective, the start point and the random stream.
public struct RunSpec: Sendable {
  /// The optimizer and its hyper-parameters.
  public var optimizer: OptimizerKind
  /// The learning rate (unused by gradient flow).
  public var lr: Double
  /// The step budget: optimizer steps, or accepted ODE steps for gradient flow.
  public var steps: Int
  /// Early stopping rules.
  public var stop: StopRule
  /// Coordinate ranges of the flat parameter vector constrained to the unit sphere
  /// (`riemannianGD` only).
  public var sphereBlocks: [Range<Int>]
  /// Quantities recorded along the run.
  public var trackers: [Tracker]
  /// Which iterates to keep.
  public var keepIterates: IteratePolicy

  /// A run specification.
  public init(
    optimizer: OptimizerKind, lr: Double, steps: Int, stop: StopRule = StopRule(),
    sphereBlocks: [Range<Int>] = [], trackers: [Tracker] = [], keepIterates: IteratePolicy = .none
  ) {
    self.optimizer = optimizer
    self.lr = lr
    self.steps = steps
    self.stop = stop
    self.sphereBlocks = sphereBlocks
    self.trackers = trackers
    self.keepIterates = keepIterates
  }
}
