import PCXNumerics

/// Chatterjee's criterion (001 eq (2.1)): with alpha(x0, r) = inf over B(x0, r), f != 0, of
/// ||grad f||^2 / f, gradient flow and descent from x0 converge to a zero of f inside the ball
/// when 4 f(x0) < r^2 alpha(x0, r) (001 Thm 2.1, 2.2).
///
/// The infimum is over a continuous set, so pcx searches for it: uniform samples of the ball,
/// then projected gradient descent on the ratio from the best samples (its gradient
/// (2 f H grad f - ||grad f||^2 grad f) / f^2 uses exact Hessian-vector products). The smallest
/// ratio found, alpha_hat, is an upper bound of alpha. Hence a criterion that fails with alpha_hat
/// fails for certain (`violated`, with the point as witness), and one that holds with alpha_hat is
/// only `not_refuted`.
struct ChatterjeeSearch {
  let f: any SecondOrderObjective
  let center: Tensor
  var rng: RandomStream
  var samples = 64
  var starts = 3
  var steps = 100
  private(set) var evaluations = 0

  init(f: any SecondOrderObjective, center: Tensor, rng: RandomStream) {
    self.f = f
    self.center = center
    self.rng = rng
  }

  /// ||grad f||^2 / f at theta, or nil where f is (numerically) zero.
  mutating func ratio(_ theta: Tensor) throws -> Double? {
    evaluations += 1
    let (v, g) = try f.valueAndGradient(theta)
    guard v > 1e-300, v.isFinite else { return nil }
    return g.scalars.reduce(0) { $0 + $1 * $1 } / v
  }

  /// alpha_hat(x0, r) and the point where it was found, with `starts` descents of `steps` steps.
  mutating func alpha(radius r: Double, starts: Int? = nil, steps: Int? = nil) throws -> (alpha: Double, point: Tensor) {
    var best = (alpha: Double.infinity, point: center)
    var candidates: [(Double, Tensor)] = []
    for k in 0..<samples {
      let p = k == 0 ? center : try samplePoint(r)
      if let q = try ratio(p) {
        candidates.append((q, p))
        if q < best.alpha { best = (q, p) }
      }
    }
    for (_, start) in candidates.sorted(by: { $0.0 < $1.0 }).prefix(starts ?? self.starts) {
      let found = try descend(from: start, radius: r, steps: steps ?? self.steps)
      if found.alpha < best.alpha { best = found }
    }
    return best
  }

  /// A point uniform in B(center, r).
  mutating func samplePoint(_ r: Double) throws -> Tensor {
    let d = center.count
    let direction = try rng.unitSphere(d)
    let radius = r * libmPow(rng.nextDouble(), 1 / Double(max(d, 1)))
    return try center + (direction * radius).reshaped(center.shape)
  }

  /// Projected, normalised gradient descent on the ratio inside the ball.
  mutating func descend(from start: Tensor, radius r: Double, steps: Int) throws -> (alpha: Double, point: Tensor) {
    var x = start
    var best = (alpha: try ratio(x) ?? .infinity, point: x)
    var step = r / 4
    for _ in 0..<steps {
      evaluations += 1
      let (v, g) = try f.valueAndGradient(x)
      guard v > 1e-300 else { break }
      let (_, _, hg) = try f.hessianVectorProduct(x, g)
      let g2 = g.scalars.reduce(0) { $0 + $1 * $1 }
      // grad (||g||^2 / f) = (2 H g f - ||g||^2 g) / f^2
      let direction = try (hg * (2 * v) - g * g2) * (1 / (v * v))
      let norm = direction.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0, norm.isFinite else { break }
      let trial = try project(x - direction * (step / norm), r)
      if let q = try ratio(trial), q < best.alpha {
        best = (q, trial)
        x = trial
      } else {
        step /= 2
        if step < r * 1e-10 { break }
      }
    }
    return best
  }

  /// The nearest point of B(center, r).
  func project(_ x: Tensor, _ r: Double) throws -> Tensor {
    let offset = try x - center
    let n = offset.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return n <= r ? x : try center + offset * (r / n)
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
