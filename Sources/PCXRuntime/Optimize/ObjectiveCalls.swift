import PCXNumerics

/// Calls the objective for a run: counts evaluations, checks the gradient's length and turns
/// errors from the numerical core into `RuntimeError`s.
struct ObjectiveCalls {
  /// The objective being minimised.
  let objective: Objective
  /// Its parameter count.
  let parameterCount: Int
  /// Evaluations so far (full and mini-batch).
  var count = 0
  /// The in-place path, when the objective has one (an MLP's square loss).
  let fast: FastLoss?
  /// What the last full evaluation produced beside the gradient, for the trackers that ask.
  var byproducts: [TrackerByproduct: Double] = [:]

  /// An evaluator of `objective` for a run with `trackers`.
  init(_ objective: Objective, trackers: [Tracker] = []) {
    self.objective = objective
    parameterCount = objective.parameterCount
    fast = FastLoss(objective, trackers: trackers)
  }

  /// f(theta), its gradient written into `gradient` (p values): in place through `fast` when
  /// there is one, else through the objective (one copy of its gradient).
  mutating func full(_ theta: [Double], into gradient: inout [Double]) throws -> Double {
    guard let fast, theta.count == parameterCount, gradient.count == parameterCount else {
      let (value, g) = try full(theta)
      gradient = g
      return value
    }
    count += 1
    let r = fast.evaluate(theta, into: &gradient)
    byproducts[.averageGradientNorm] = r.averageGradientNorm
    return r.value
  }

  /// f(theta) and its gradient, flat.
  mutating func full(_ theta: [Double]) throws -> (value: Double, gradient: [Double]) {
    if fast != nil, theta.count == parameterCount {
      var g = [Double](repeating: 0, count: parameterCount)
      let value = try full(theta, into: &g)
      return (value, g)
    }
    count += 1
    let vg = try wrap { try objective.valueAndGradient(Tensor(theta)) }
    return (vg.value, try checked(vg.gradient))
  }

  /// The unbiased mini-batch estimate of f(theta) and its gradient on the samples `batch`.
  mutating func batch(_ theta: [Double], _ batch: [Int]) throws -> (value: Double, gradient: [Double]) {
    count += 1
    let vg = try wrap { try objective.valueAndGradient(Tensor(theta), batch: batch) }
    return (vg.value, try checked(vg.gradient))
  }

  /// The gradient's elements, after checking there is one per parameter.
  func checked(_ gradient: Tensor) throws -> [Double] {
    guard gradient.count == parameterCount else {
      throw RuntimeError(
        .numerics, "the objective returned a gradient of \(gradient.count) values for \(parameterCount) parameters")
    }
    return gradient.scalars
  }

  /// Runs `body`, passing `RuntimeError`s through and wrapping any other error.
  func wrap<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as RuntimeError {
      throw e
    } catch {
      throw RuntimeError(.numerics, "evaluating the objective failed: \(error)")
    }
  }
}

/// Plain loops on flat parameter vectors, summed in index order so that every result is the
/// same on any machine and thread count.
enum Flat {
  /// sqrt(sum x_i^2), rescaled by the largest |x_i| when squares would overflow or underflow.
  static func norm(_ x: [Double]) -> Double {
    var s = 0.0
    for v in x { s += v * v }
    if s.isNormal || s == 0 && x.allSatisfy({ $0 == 0 }) { return s.squareRoot() }
    let m = x.reduce(0.0) { max($0, abs($1)) }
    guard m > 0, m.isFinite else { return x.contains(where: \.isNaN) ? .nan : m }
    s = 0
    for v in x { s += (v / m) * (v / m) }
    return m * s.squareRoot()
  }

  /// sum over `range` of x_i y_i.
  static func dot(_ x: [Double], _ y: [Double], _ range: Range<Int>) -> Double {
    var s = 0.0
    for i in range { s += x[i] * y[i] }
    return s
  }
}
