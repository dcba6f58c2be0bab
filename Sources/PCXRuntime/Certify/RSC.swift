import PCXNumerics
import PCXSema

/// Restricted strong convexity along a run (004 Sec 5), measured at the run's iterates:
/// - `gbar_t = (1/n) sum_i grad_theta f(theta_t; x_i)` (004 Def 5.2) and the leading term of
///   004 Thm 5.1's `alpha_t = c1 ||gbar_t||^2 - c2 / sqrt(m)`, `c1 = 2 kappa^2` for the paper's
///   loss `(1/n) sum (y - f)^2`; `c2` is built from O(poly(L)) bounds (c_H, rho, Lemma 4.2) that pcx
///   does not compute, so the term is reported as what it is: an upper bound of the theorem's alpha_t.
/// - the direct check of Def 5.1 on `B_t = Q_kappa ∩ B_Euc(theta_t, rho2)`: the largest alpha with
///   `L(theta') >= L(theta_t) + <theta' - theta_t, grad L(theta_t)> + alpha/2 ||theta' - theta_t||^2`
///   for every theta' found (samples, then projected gradient descent on the quotient).
/// - local smoothness beta (004 Thm 5.2) as ||hess L||_2 at a few iterates, and the run's
///   layerwise spectral distance from theta_0 (membership in B^Spec_{rho, rho1}, 004 A4.2).
extension Interpreter {
  mutating func rsc(_ a: Arguments, name: String) throws -> CertificateRecord {
    guard let re = a.value("run"), case .run(let run) = try evaluate(re) else {
      throw RuntimeError(.argument, "rsc needs run: a training run")
    }
    guard case .objective(let f)? = env.values[run.objective], let loss = f.objective as? LossObjective else {
      throw RuntimeError(.argument, "rsc measures a loss of a model on data (004 Sec 3); run \(run.name) trains \(run.objective)")
    }
    guard loss.kind == .square || loss.kind == .mse, loss.model.outputs == 1 else {
      throw RuntimeError(.argument, "rsc needs a square or mse loss of a one-output model (004 Thm 5.1, Assumption 3); \(run.objective) is \(loss.kind.rawValue) with \(loss.model.outputs) outputs")
    }
    let kappa = try a.value("kappa").map { try number($0, name) } ?? 0.5
    let rho2 = try a.value("rho2").map { try number($0, name) } ?? 1
    guard kappa > 0, kappa <= 1, rho2 > 0 else {
      throw RuntimeError(.argument, "rsc needs 0 < kappa <= 1 (004 Def 5.2) and rho2 > 0; got kappa = \(kappa), rho2 = \(rho2)")
    }
    let iterates = try rscIterates(run, every: a.value("every").map { try intValue($0, name) })
    // c1 for pcx's loss scale: the Gauss-Newton part of hess L is (2 s n) times the mean of
    // grad f_i grad f_i^T when L = s sum_i (f_i - y_i)^2; 004 Thm 5.1 (s = 1/n) gives 2 kappa^2.
    let c1 = 2 * loss.fullScale * Double(loss.data.n) * kappa * kappa
    var rng = env.stream("certify \(name)")
    var evaluations = 0
    var alphaHat: [Double] = [], leading: [Double] = [], worst: (Double, Witness)?
    for (_, theta) in iterates {
      try checkCancelled()
      let gbar = try Self.averageGradient(loss, theta)
      let gbarNorm = gbar.norm()
      leading.append(c1 * gbarNorm * gbarNorm)
      var search = try RSCSearch(loss: loss, theta: theta, gbar: gbar, kappa: kappa, rho2: rho2, rng: rng)
      let found = try search.run()
      rng = search.rng
      evaluations += search.evaluations
      alphaHat.append(found.alpha)
      if found.alpha < (worst?.0 ?? .infinity) { worst = (found.alpha, found.witness) }
    }
    let beta = try localSmoothness(loss, iterates, rng: &rng)
    let ball = try spectralDistance(loss.model, iterates)
    var estimate: [String: Double] = [
      "kappa": kappa, "rho2": rho2, "c1": c1, "alpha_min": alphaHat.min() ?? .nan,
      "leading_min": leading.min() ?? .nan, "beta": beta.value, "iterates": Double(iterates.count),
    ]
    if let gbar = run.result.traces["avg_grad_norm"]?.values.min() ?? leading.min().map({ ($0 / c1).squareRoot() }) {
      estimate["gbar_min"] = gbar
    }
    if let ball { estimate["rho_hat"] = ball.rho; estimate["rho1_hat"] = ball.rho1 }
    let violated = alphaHat.contains { !($0 > 0) }
    let guarantee = rscGuarantee(run, a, name, alphaMin: alphaHat.min() ?? .nan, beta: beta.value, ball: ball)
    return CertificateRecord(
      name: "rsc", verdict: violated ? .violated : .notRefuted, estimate: estimate,
      witness: worst?.1,
      method: "at \(iterates.count) iterates of run \(run.name) (steps \(iterates.first?.step ?? 0)...\(iterates.last?.step ?? 0)): "
        + "alpha_t = min over theta' in Q_kappa ∩ B(theta_t, rho2) of 2 (L(theta') - L(theta_t) - <theta' - theta_t, grad L>) / ||theta' - theta_t||^2 "
        + "by \(RSCSearch.samples) samples (|cos| uniform in [kappa, 1], radius uniform in (0, rho2]) and projected gradient descent from the \(RSCSearch.starts) worst; "
        + "leading term c1 ||gbar_t||^2 with c1 = \(c1) (2 kappa^2 for the mse scale; the c2/sqrt(m) term is not computed); "
        + "beta = max ||hess L||_2 at \(beta.points) iterates (\(beta.method))"
        + (ball == nil ? "" : "; rho_hat = max_t,l ||W_l,t - W_l,0||_2, rho1_hat = max_t ||v_t - v_0|| (biases ignored)"),
      evaluations: evaluations + beta.products, source: "004 Def 5.1, 5.2, Thm 5.1, 5.2, 5.3, Lemma 5.1",
      guarantee: guarantee,
      reason: violated
        ? "at the witness the loss lies below its tangent plane at theta_t: no alpha > 0 makes 004 Def 5.1 hold on B_t there"
        : "alpha_t > 0 at every checked iterate on the points searched (alpha_min is an upper bound of the true constant)")
  }

  /// The iterates rsc checks: those the run kept, every `every`-th, or about 20 spread evenly.
  func rscIterates(_ run: RunValue, every: Int?) throws -> [(step: Int, theta: Tensor)] {
    let kept = run.result.iterates
    guard !kept.isEmpty else { throw RuntimeError(.argument, "run \(run.name) kept no iterates to certify") }
    if let every {
      guard every > 0 else { throw RuntimeError(.argument, "every must be positive") }
      return kept.filter { $0.step % every == 0 }
    }
    let stride = Swift.max(1, (kept.count + 19) / 20)
    var chosen = kept.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    if let last = kept.last, chosen.last?.step != last.step { chosen.append(last) }
    return chosen
  }

  /// gbar = (1/n) sum_i grad f(theta; x_i): one reverse sweep with the cotangent 1/n on every
  /// output (004 Def 5.2, the quantity of 004 Sec 6).
  static func averageGradient(_ loss: LossObjective, _ theta: Tensor) throws -> Tensor {
    let n = Double(loss.data.n)
    let u = Tensor(repeating: 1 / n, shape: [loss.data.n, loss.model.outputs])
    let (_, g) = try Autodiff.vjp(at: loss.model.split(theta), cotangent: u) { p in
      try loss.model.forward(p, Var(constant: loss.data.x))
    }
    return Tensor(g.flatMap(\.scalars))
  }

  /// max ||hess L||_2 at up to five iterates spread over the run (004 Thm 5.2's beta along the run).
  func localSmoothness(
    _ loss: LossObjective, _ iterates: [(step: Int, theta: Tensor)], rng: inout RandomStream
  ) throws -> (value: Double, points: Int, products: Int, method: String) {
    let stride = Swift.max(1, (iterates.count + 4) / 5)
    var beta = 0.0, products = 0, method = "", points = 0
    for (i, it) in iterates.enumerated() where i % stride == 0 || i == iterates.count - 1 {
      let s = try HessianSpectrum.at(loss, it.theta, rng: &rng)
      beta = Swift.max(beta, Swift.abs(s.smallest), Swift.abs(s.largest))
      products += s.products
      method = s.method
      points += 1
    }
    return (beta, points, products, method)
  }

  /// For an MLP: the largest spectral norm of a hidden weight matrix's change from theta_0 and the
  /// Euclidean change of the last layer over the iterates (004 Def 3.1's B^Spec_{rho, rho1}).
  func spectralDistance(_ model: ModelValue, _ iterates: [(step: Int, theta: Tensor)]) throws -> (rho: Double, rho1: Double)? {
    guard case .mlp(let net) = model.architecture, let first = iterates.first, first.step == 0 else { return nil }
    let step = net.bias ? 2 : 1
    let start = try model.split(first.theta)
    var rho = 0.0, rho1 = 0.0
    for it in iterates.dropFirst() {
      let now = try model.split(it.theta)
      let weights = Array(stride(from: 0, to: now.count, by: step))
      guard let last = weights.last else { continue }
      for l in weights.dropLast() {
        rho = Swift.max(rho, try LinearAlgebra.singularValues(now[l] - start[l]).first ?? 0)
      }
      rho1 = Swift.max(rho1, try (now[last] - start[last]).norm())
    }
    return (rho, rho1)
  }

  /// 004 Thm 5.3: under A4.1 (alpha_t > 0), A4.2 (theta_t in B^Spec_{rho, rho1}(theta_0)) and
  /// eta = omega / beta with omega in (0, 2), L(theta_{t+1}) - L* <= (1 - alpha_t omega (1 - gamma_t)
  /// (2 - omega) / beta) (L(theta_t) - L*) with gamma_t in [0, 1) (Remark 5.2: alpha_t < beta), so the
  /// loss decreases strictly at every step. gamma_t needs inf over B_t, which pcx cannot compute, so
  /// the check is the strict decrease the theorem implies, step by step against the run's loss.
  func rscGuarantee(
    _ run: RunValue, _ a: Arguments, _ name: String, alphaMin: Double, beta: Double, ball: (rho: Double, rho1: Double)?
  ) -> Guarantee? {
    guard run.optimizer.hasPrefix("gd("), let loss = run.result.traces["loss"], loss.values.count > 1,
          let eta = run.result.traces["step_size"]?.values.first else { return nil }
    let omega = eta * beta
    var hypotheses = [
      Guarantee.Hypothesis("A4.1: alpha_t > 0 at the checked iterates (alpha_min = \(alphaMin))", met: alphaMin > 0),
      Guarantee.Hypothesis("eta = omega / beta with omega in (0, 2): omega = eta beta_hat = \(omega) (beta measured along the run, a lower bound of 004 Thm 5.2's beta)", met: omega > 0 && omega < 2),
    ]
    let rho = try? a.value("rho").map { try number($0, name) }
    if let ball, let rho = rho ?? nil {
      let rho1 = (try? a.value("rho1").map { try number($0, name) }) ?? nil
      let inside = ball.rho <= rho && ball.rho1 <= (rho1 ?? rho)
      hypotheses.append(Guarantee.Hypothesis("A4.2: iterates in B^Spec_{rho, rho1}(theta_0): max ||W_l - W_l,0||_2 = \(ball.rho) <= rho = \(rho), ||v - v_0|| = \(ball.rho1) <= rho1 = \(rho1 ?? rho)", met: inside))
    } else {
      hypotheses.append(Guarantee.Hypothesis("A4.2: iterates in B^Spec_{rho, rho1}(theta_0): give rho: (and rho1:) to check; the run's own distances are rho_hat, rho1_hat", met: nil))
    }
    var firstFailure: Int?
    for i in 1..<loss.values.count where firstFailure == nil && !(loss.values[i] < loss.values[i - 1]) {
      firstFailure = loss.steps[i]
    }
    return Guarantee(
      statement: "004 Thm 5.3: L(theta_{t+1}) - L* <= (1 - alpha_t omega (1 - gamma_t)(2 - omega) / beta) (L(theta_t) - L*) with gamma_t in [0, 1): the loss decreases strictly at every step (gamma_t is not computable, so the rate itself is not checked)",
      check: firstFailure == nil ? .consistent : .contradicted, firstFailureStep: firstFailure,
      predicted: [loss.values[0]] + loss.values.dropLast(), observed: loss.values, hypotheses: hypotheses)
  }
}

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
    guard n > rho2 * 1e-9 else { return nil }
    return n <= rho2 ? out : try out * (rho2 / n)
  }
}
