import Foundation
import PCXNumerics
import PCXSema

/// One radius of the criterion 4 f(x0) < r^2 alpha(x0, r) with alpha_hat, the point where the
/// smallest ratio was found, and the margin r^2 alpha_hat - 4 f(x0) (> 0: criterion met).
struct ChatterjeeChoice {
  let radius: Double
  let alpha: Double
  let point: Tensor
  let margin: Double
}

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
    guard v > Tolerance.zero, v.isFinite else { return nil }
    return g.scalars.reduce(0) { $0 + $1 * $1 } / v
  }

  /// alpha_hat(x0, r) and the point where it was found, with `starts` descents of `steps` steps.
  mutating func alpha(radius r: Double, starts: Int? = nil, steps: Int? = nil, samples: Int? = nil) throws -> (alpha: Double, point: Tensor) {
    var best = (alpha: Double.infinity, point: center)
    var candidates: [(Double, Tensor)] = []
    // besides x0, the point of the ball nearest the origin and the midpoint towards it: the origin
    // is a critical point of every bias-free network and of products like xy (001 Sec 3-4), where
    // the ratio vanishes, and uniform samples of a high-dimensional ball almost never come near it
    let towardsOrigin = try project(Tensor.zeros(center.shape), r)
    let special = center.norm() > 0 ? [center, towardsOrigin, try (center + towardsOrigin) * 0.5] : [center]
    for k in 0..<Swift.max(samples ?? self.samples, special.count) {
      let p = k < special.count ? special[k] : try samplePoint(r)
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
      guard v > Tolerance.zero else { break }
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
        if step < r * Tolerance.ratioStep { break }
      }
    }
    return best
  }

  /// The cheaper schedule of `quickCriterion` (001 Figure 1 needs it at every grid point).
  static let quickSamples = 2, quickSteps = 3, quickGolden = 2, quickFinalSteps = 12, quickVerified = 4
  /// radius: auto on a set: radii a factor `quickFactor` apart, at most `quickMaxRadii` of them.
  static let quickFactor = 1.5, quickMaxRadii = 16

  /// radius: auto's radii at `center` for the cheaper schedule: geometric, `quickFactor` apart,
  /// from d0 = 2 sqrt(f(x0) / ratio(x0)) to `upper`. No smaller radius can meet the criterion:
  /// x0 lies in every ball, so alpha(x0, r) <= ratio(x0) and r^2 alpha > 4 f(x0) needs r > d0.
  mutating func quickRadii(f0: Double, upper: Double) throws -> [Double] {
    let lower = try ratio(center).map { q in 2 * (f0 / q).squareRoot() } ?? upper * 1e-4
    guard lower.isFinite, lower > 0, lower < upper else { return [upper] }
    let count = Swift.min(Swift.max(Int((Foundation.log(upper / lower) / Foundation.log(Self.quickFactor)).rounded(.up)) + 1, 2), Self.quickMaxRadii)
    return (0..<count).map { lower * libmPow(upper / lower, Double($0) / Double(count - 1)) }
  }

  /// The criterion at `center` with the cheaper schedule: each radius (increasing) gets
  /// `quickSamples` uniform samples and a projected descent of `quickSteps` steps from the lowest
  /// ratio seen so far inside that ball (points found at smaller radii lie in every larger ball,
  /// so alpha_hat(r) only decreases with r, as alpha does); `quickGolden` golden-section steps in
  /// log r refine around the best radius; then the radius with the largest margin gets a descent
  /// of `quickFinalSteps` steps, whose points lower alpha_hat of every ball containing them, until
  /// the best radius is one so searched (at most `quickVerified` times).
  /// Each alpha_hat is an upper bound of alpha, so a failed criterion fails at the radii tried
  /// for certain, and a met one is only not refuted.
  mutating func quickCriterion(f0: Double, radii: [Double]) throws -> ChatterjeeChoice {
    var pool: [(ratio: Double, point: Tensor, distance: Double)] = []
    var tried: [ChatterjeeChoice] = []
    for r in radii { tried.append(try quickAlpha(r, f0: f0, pool: &pool, steps: Self.quickSteps)) }
    guard let best = tried.max(by: { $0.margin < $1.margin }) else {
      throw RuntimeError(.argument, "chatterjee needs a positive radius")
    }
    if let k = tried.firstIndex(where: { $0.radius == best.radius }), radii.count > 2 {
      // golden section on log r over the neighbours of the best coarse radius
      var lo = Foundation.log(radii[Swift.max(k - 1, 0)]), hi = Foundation.log(radii[Swift.min(k + 1, radii.count - 1)])
      for _ in 0..<Self.quickGolden {
        let g = 0.381966 * (hi - lo)
        let a = try quickAlpha(Foundation.exp(lo + g), f0: f0, pool: &pool, steps: Self.quickSteps)
        let b = try quickAlpha(Foundation.exp(hi - g), f0: f0, pool: &pool, steps: Self.quickSteps)
        if a.margin >= b.margin { hi -= g } else { lo += g }
        tried += [a, b]
      }
    }
    // A short descent can miss a low ratio (near a saddle: 0 for (xy - 1)^2 at the origin) and
    // overrate a large ball. So the radius with the largest margin is searched again, and every
    // point found lowers alpha_hat of every ball containing it; repeat until the best is one
    // already searched again (at most `quickVerified` times).
    var searched: Set<Double> = []
    for _ in 0..<Self.quickVerified {
      tried = tried.map { Self.rescored($0, pool, f0: f0) }
      guard let top = tried.max(by: { $0.margin < $1.margin }), !searched.contains(top.radius) else { break }
      searched.insert(top.radius)
      _ = try quickAlpha(top.radius, f0: f0, pool: &pool, steps: Self.quickFinalSteps)
    }
    tried = tried.map { Self.rescored($0, pool, f0: f0) }
    return tried.max(by: { $0.margin < $1.margin }) ?? best
  }

  /// `c` with alpha_hat lowered to the smallest ratio of the pool inside its ball.
  private static func rescored(
    _ c: ChatterjeeChoice, _ pool: [(ratio: Double, point: Tensor, distance: Double)], f0: Double
  ) -> ChatterjeeChoice {
    guard let low = pool.filter({ $0.distance <= c.radius }).min(by: { $0.ratio < $1.ratio }), low.ratio < c.alpha else { return c }
    return ChatterjeeChoice(radius: c.radius, alpha: low.ratio, point: low.point, margin: c.radius * c.radius * low.ratio - 4 * f0)
  }

  /// alpha_hat at radius r from the pool (points already in the ball), new samples and one
  /// short descent; every point found joins the pool.
  private mutating func quickAlpha(
    _ r: Double, f0: Double, pool: inout [(ratio: Double, point: Tensor, distance: Double)], steps: Int
  ) throws -> ChatterjeeChoice {
    if pool.isEmpty, let q = try ratio(center) { pool.append((q, center, 0)) }
    for _ in 0..<Self.quickSamples {
      let p = try samplePoint(r)
      if let q = try ratio(p) { pool.append((q, p, try distance(p))) }
    }
    guard let start = pool.filter({ $0.distance <= r }).min(by: { $0.ratio < $1.ratio }) else {
      // f vanishes at every point tried: the ratio is undefined, and so is the criterion here
      return ChatterjeeChoice(radius: r, alpha: .nan, point: center, margin: .nan)
    }
    let found = try descend(from: start.point, radius: r, steps: steps)
    guard found.alpha < start.ratio else {
      return ChatterjeeChoice(radius: r, alpha: start.ratio, point: start.point, margin: r * r * start.ratio - 4 * f0)
    }
    // descend projects onto B(center, r), so its point is in the ball (the min only absorbs rounding)
    pool.append((found.alpha, found.point, Swift.min(try distance(found.point), r)))
    return ChatterjeeChoice(radius: r, alpha: found.alpha, point: found.point, margin: r * r * found.alpha - 4 * f0)
  }

  private func distance(_ p: Tensor) throws -> Double {
    try (p - center).scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
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
