import Testing
import PCXNumerics
@testable import PCXRuntime

/// Objectives with closed-form gradients and comparison helpers for the optimizer tests.
enum OptimFixtures {
  /// f(x) = 0.5 x^T A x, grad = A x.
  static func quadratic(_ a: [[Double]]) -> ClosureObjective {
    ClosureObjective(parameterCount: a.count) { t in
      let g = matVec(a, t.scalars)
      return (0.5 * dot(t.scalars, g), Tensor(g))
    }
  }

  /// f(x, y) = (xy - 1)^2 (001 Sec 3), grad = 2 (xy - 1) (y, x).
  static let xyMinusOne = ClosureObjective(parameterCount: 2) { t in
    let x = t.scalars[0], y = t.scalars[1], r = x * y - 1
    return (r * r, Tensor([2 * r * y, 2 * r * x]))
  }

  /// f(x, y) = x^2 - y^2 + y^4 / 4: a strict saddle at 0, minima (0, +-sqrt 2) with f = -1.
  static let saddle = ClosureObjective(parameterCount: 2) { t in
    let x = t.scalars[0], y = t.scalars[1]
    return (x * x - y * y + y * y * y * y / 4, Tensor([2 * x, -2 * y + y * y * y]))
  }

  /// f(x) = -x^T M x, grad = -2 M x.
  static func rayleigh(_ m: [[Double]]) -> ClosureObjective {
    ClosureObjective(parameterCount: m.count) { t in
      let mx = matVec(m, t.scalars)
      return (-dot(t.scalars, mx), Tensor(mx.map { -2 * $0 }))
    }
  }

  /// Least squares (1/n) sum_i 0.5 (a_i . theta - b_i)^2 and its unbiased batch means.
  static func leastSquares(_ a: [[Double]], _ b: [Double]) -> ClosureObjective {
    let full = Array(0..<a.count)
    return ClosureObjective(
      parameterCount: a[0].count, sampleCount: a.count,
      valueAndGradient: { t in lsBatch(a, b, t.scalars, full) },
      batch: { t, idx in lsBatch(a, b, t.scalars, idx) })
  }

  /// The mean over `idx` of 0.5 (a_i . theta - b_i)^2 and of its gradient r_i a_i.
  static func lsBatch(_ a: [[Double]], _ b: [Double], _ theta: [Double], _ idx: [Int]) -> (Double, Tensor) {
    var value = 0.0
    var g = [Double](repeating: 0, count: theta.count)
    for i in idx {
      let r = dot(a[i], theta) - b[i]
      value += 0.5 * r * r
      for j in g.indices { g[j] += r * a[i][j] }
    }
    let s = 1 / Double(idx.count)
    return (value * s, Tensor(g.map { $0 * s }))
  }

  /// A x for a row-list matrix.
  static func matVec(_ a: [[Double]], _ x: [Double]) -> [Double] { a.map { dot($0, x) } }

  /// sum x_i y_i.
  static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

  /// A GD spec with the given pieces.
  static func spec(
    _ kind: OptimizerKind = .gd, lr: Double, steps: Int, stop: StopRule = StopRule(),
    keep: IteratePolicy = .none
  ) -> RunSpec {
    RunSpec(optimizer: kind, lr: lr, steps: steps, stop: stop, keepIterates: keep)
  }

  /// Runs with a fixed seed and default limits.
  static func run(_ f: Objective, _ x0: [Double], _ spec: RunSpec, seed: UInt64 = 1) throws -> Trajectory {
    try Optimizer.run(f, from: Tensor(x0), spec: spec, rng: RandomStream(seed: seed), limits: ResourceLimits())
  }
}

/// Runs `body` expecting a `RuntimeError` and returns it (nil, with an issue, when none is thrown).
func optimExpectError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> RuntimeError? {
  do {
    try body()
    Issue.record("expected a RuntimeError, none was thrown", sourceLocation: sourceLocation)
  } catch let e as RuntimeError {
    return e
  } catch {
    Issue.record("expected a RuntimeError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

@Suite("Optimizer fixtures")
struct OptimFixturesTests {
  /// The fixture gradients agree with central differences, so the other tests rest on them.
  @Test func fixtureGradientsMatchCentralDifferences() throws {
    let cases: [(Objective, [Double])] = [
      (OptimFixtures.quadratic([[3, 1], [1, 2]]), [0.3, -0.7]),
      (OptimFixtures.xyMinusOne, [2, 0.2]),
      (OptimFixtures.saddle, [0.4, 1.1]),
      (OptimFixtures.rayleigh([[1, 0.5], [0.5, -1]]), [0.6, 0.8]),
      (OptimFixtures.leastSquares([[1, 2], [3, -1], [0.5, 0.5]], [1, 0, 2]), [0.2, 0.3]),
    ]
    let h = 1e-6
    for (f, x) in cases {
      let g = try f.valueAndGradient(Tensor(x)).gradient.scalars
      for i in x.indices {
        var xp = x, xm = x
        xp[i] += h
        xm[i] -= h
        let fd = (try f.value(Tensor(xp)) - f.value(Tensor(xm))) / (2 * h)
        // Central differences of these polynomials have error O(h^2) ~ 1e-12 times the third derivative.
        expectClose(g[i], fd, rel: 1e-7, abs: 1e-8, "d/dx\(i) at \(x)")
      }
    }
  }
}
