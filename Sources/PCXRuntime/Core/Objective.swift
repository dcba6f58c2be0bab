import PCXNumerics

/// A scalar function of a flat parameter vector that optimizers minimise: a loss of a model on
/// data, or an `objective` expression of `param`s. Implementations build their differentiable
/// computation once and evaluate it many times.
public protocol Objective: Sendable {
  /// The number of scalar parameters (the length of the flat vector).
  var parameterCount: Int { get }
  /// The number of samples when the objective is an average or sum over samples (SGD needs it),
  /// else nil.
  var sampleCount: Int? { get }
  /// f(theta).
  func value(_ theta: Tensor) throws -> Double
  /// f(theta) and its gradient.
  func valueAndGradient(_ theta: Tensor) throws -> (value: Double, gradient: Tensor)
  /// The same objective restricted to the samples `batch`, scaled so that its expectation over
  /// uniform batches is the full objective (SGD's unbiased estimate). Objectives with no samples
  /// throw.
  func valueAndGradient(_ theta: Tensor, batch: [Int]) throws -> (value: Double, gradient: Tensor)
}

/// A scalar objective given by closures (tests, and objectives that are plain functions).
public struct ClosureObjective: Objective {
  public let parameterCount: Int
  public let sampleCount: Int?
  let f: @Sendable (Tensor) throws -> (Double, Tensor)
  let batched: (@Sendable (Tensor, [Int]) throws -> (Double, Tensor))?

  /// An objective from a value-and-gradient closure (and optionally a mini-batch version).
  public init(
    parameterCount: Int, sampleCount: Int? = nil,
    valueAndGradient: @escaping @Sendable (Tensor) throws -> (Double, Tensor),
    batch: (@Sendable (Tensor, [Int]) throws -> (Double, Tensor))? = nil
  ) {
    self.parameterCount = parameterCount
    self.sampleCount = sampleCount
    f = valueAndGradient
    batched = batch
  }

  public func value(_ theta: Tensor) throws -> Double { try f(theta).0 }
  public func valueAndGradient(_ theta: Tensor) throws -> (value: Double, gradient: Tensor) {
    let (v, g) = try f(theta)
    return (v, g)
  }
  public func valueAndGradient(_ theta: Tensor, batch: [Int]) throws -> (value: Double, gradient: Tensor) {
    guard let batched else {
      throw RuntimeError(.argument, "this objective is not a sum over samples, so it has no mini-batches",
                         hint: "use gd instead of sgd")
    }
    let (v, g) = try batched(theta, batch)
    return (v, g)
  }
}
