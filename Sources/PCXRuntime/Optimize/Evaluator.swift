import PCXNumerics

/// Calls the objective for a run: counts evaluations, checks the gradient's length and turns
/// errors from the numerical core into `RuntimeError`s.
struct Evaluator {
  /// The objective being minimised.
  let objective: Objective
  /// Its parameter count.
  let parameterCount: Int
  /// Evaluations so far (full and mini-batch).
  var count = 0

  /// An evaluator of `objective`.
  init(_ objective: Objective) {
    self.objective = objective
    parameterCount = objective.parameterCount
  }

  /// f(theta) and its gradient, flat.
  mutating func full(_ theta: [Double]) throws -> (value: Double, gradient: [Double]) {
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
