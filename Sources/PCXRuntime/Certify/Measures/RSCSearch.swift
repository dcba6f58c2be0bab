import PCXNumerics

/// The direct RSC check of 004 Def 5.1 at one iterate: the smallest quotient
/// q(Δ) = 2 (L(θ + Δ) - L(θ) - <Δ, ∇L(θ)>) / ||Δ||^2 over Δ in the cone |cos(Δ, gbar)| >= κ within
/// ||Δ|| <= ρ2 (004 Def 5.2's Q_κ ∩ B_Euc(θ, ρ2)). q's gradient is (2 (∇L(θ + Δ) - ∇L(θ)) - 2 q Δ) / ||Δ||^2.
struct RSCSearch {
  static let samples = 24
  static let starts = 2
  static let steps = 15
  let loss: any Objective
  let theta: Tensor
  let value: Double
  let gradient: Tensor
  let axis: Tensor
  let kappa: Double
  let rho2: Double
  var rng: RandomStream
  private(set) var evaluations = 1

  init(loss: any Objective, theta: Tensor, gbar: Tensor, kappa: Double, rho2: Double, rng: RandomStream) throws {
    self.loss = loss
    self.theta = theta
    (value, gradient) = try loss.valueAndGradient(theta)
    let n = gbar.norm()
    guard n > 0, n.isFinite else {
      throw RuntimeError(.numerics, "gbar_t = 0 at an iterate: Q_kappa (004 Def 5.2) is undefined there")
    }
    axis = try gbar * (1 / n)
    self.kappa = kappa
    self.rho2 = rho2
    self.rng = rng
  }

  /// The smallest quotient found and its witness (both sides of Def 5.1 with alpha = 0).
  mutating func run() throws -> (alpha: Double, witness: Witness) {
    var found: [(q: Double, delta: Tensor)] = []
    for _ in 0..<Self.samples {
      let d = try sample()
      found.append((try quotient(d).q, d))
    }
    for start in found.sorted(by: { $0.q < $1.q }).prefix(Self.starts) {
      found.append(try descend(start.delta, start.q))
    }
    guard let best = found.min(by: { $0.q < $1.q }) else {
      throw RuntimeError(.numerics, "the RSC search evaluated no point")  // unreachable: samples > 0
    }
    let point = try theta + best.delta
    let lhs = try loss.value(point)
    let rhs = value + (try Tensor.dot(best.delta, gradient))
    return (best.q, Witness(point: point.scalars, lhs: lhs, rhs: rhs))
  }

  /// A direction with |cos| uniform in [kappa, 1] (either sign) and a uniform radius in (0, rho2].
  mutating func sample() throws -> Tensor {
    let c = kappa + (1 - kappa) * rng.nextDouble()
    let sign: Double = rng.nextDouble() < 0.5 ? -1 : 1
    var w = try rng.normalTensor(theta.shape)
    try w.addScaled(axis, -(try Tensor.dot(w, axis)))
    let wn = w.norm()
    let r = rho2 * Swift.max(rng.nextDouble(), 1e-3)
    var d = try axis * (sign * c * r)
    if wn > 0 { try d.addScaled(w, (1 - c * c).squareRoot() * r / wn) }
    return d
  }

  mutating func quotient(_ d: Tensor) throws -> (q: Double, gradient: Tensor) {
    evaluations += 1
    let (v, g) = try loss.valueAndGradient(theta + d)
    let d2 = try Tensor.dot(d, d)
    let q = 2 * (v - value - (try Tensor.dot(d, gradient))) / d2
    guard q.isFinite else { throw RuntimeError(.numerics, "the loss is not finite within rho2 of an iterate (004 Def 5.1)") }
    return (q, try ((g - gradient) * 2 - d * (2 * q)) * (1 / d2))
  }

  /// Projected, normalised gradient descent on q with step halving.
  mutating func descend(_ start: Tensor, _ q0: Double) throws -> (q: Double, delta: Tensor) {
    var best = (q: q0, delta: start)
    var step = rho2 / 4
    var direction = try quotient(start).gradient
    for _ in 0..<Self.steps {
      let n = direction.norm()
      guard n > 0, n.isFinite else { break }
      guard let trial = try project(best.delta - direction * (step / n)) else { step /= 2; continue }
      let (q, g) = try quotient(trial)
      if q < best.q { best = (q, trial); direction = g } else { step /= 2 }
    }
    return best
  }

  /// The nearest point of the cone |cos(Δ, axis)| >= kappa intersected with ||Δ|| <= rho2 (the cone
  /// is invariant under scaling, so projecting on it then on the ball is exact); nil at the apex.
  func project(_ d: Tensor) throws -> Tensor? {
    let a = try Tensor.dot(d, axis)
    var orth = d
    try orth.addScaled(axis, -a)
    let b = orth.norm()
    var out = d
    if Swift.abs(a) < kappa * (a * a + b * b).squareRoot() {
      // the cone's boundary ray in the (|a|, b) plane has direction (kappa, sqrt(1 - kappa^2))
      let s = (1 - kappa * kappa).squareRoot()
      let t = Swift.abs(a) * kappa + b * s
      guard t > 0, b > 0 else { return nil }
      out = try axis * ((a < 0 ? -1 : 1) * t * kappa) + orth * (t * s / b)
    }
    let n = out.norm()
    guard n > rho2 * Tolerance.coneApex else { return nil }
    return n <= rho2 ? out : try out * (rho2 / n)
  }
}
