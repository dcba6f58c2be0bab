import PCXNumerics
import PCXSema

/// Measurements of restricted strong convexity along a run (004 Sec 5), measured at the run's iterates:
/// - `gbar_t = (1/n) sum_i grad_theta f(theta_t; x_i)` (004 Def 5.2) and the leading term of
///   004 Thm 5.1's `alpha_t = c1 ||gbar_t||^2 - c2 / sqrt(m)`, `c1 = 2 kappa^2` for the paper's
///   loss `(1/n) sum (y - f)^2`; `c2` is built from O(poly(L)) bounds (c_H, rho, Lemma 4.2) that pcx
///   does not compute, so the term is reported as what it is: an upper bound of the theorem's alpha_t.
/// - the direct check of Def 5.1 on `B_t = Q_kappa ∩ B_Euc(theta_t, rho2)`: the largest alpha with
///   `L(theta') >= L(theta_t) + <theta' - theta_t, grad L(theta_t)> + alpha/2 ||theta' - theta_t||^2`
///   for every theta' found (samples, then projected gradient descent on the quotient).
/// - local smoothness beta (004 Thm 5.2) as ||hess L||_2 at a few iterates, and the run's
///   layerwise spectral distance from theta_0 (membership in B^Spec_{rho, rho1}, 004 A4.2).
enum RSCMeasures {
  /// The iterates rsc checks: those the run kept, every `every`-th, or about 20 spread evenly.
  static func iterates(_ run: RunValue, every: Int?, _ a: CallArguments) throws -> [(step: Int, theta: Tensor)] {
    let kept = run.result.iterates
    guard !kept.isEmpty else { throw a.error("run", "run \(run.name) kept no iterates to certify") }
    if let every {
      guard every > 0 else { throw a.error("every", "every must be positive") }
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
  static func localSmoothness(
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
  static func spectralDistance(_ model: ModelValue, _ iterates: [(step: Int, theta: Tensor)]) throws -> (rho: Double, rho1: Double)? {
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
  static func guarantee(
    _ run: RunValue, _ a: CallArguments, alphaMin: Double, beta: Double, ball: (rho: Double, rho1: Double)?
  ) -> Guarantee? {
    guard run.kind == .gd, let loss = run.result.traces["loss"], loss.values.count > 1,
          let eta = run.result.traces["step_size"]?.values.first else { return nil }
    let omega = eta * beta
    var hypotheses = [
      Guarantee.Hypothesis("A4.1: alpha_t > 0 at the checked iterates (alpha_min = \(alphaMin))", met: alphaMin > 0),
      Guarantee.Hypothesis("eta = omega / beta with omega in (0, 2): omega = eta beta_hat = \(omega) (beta measured along the run, a lower bound of 004 Thm 5.2's beta)", met: omega > 0 && omega < 2),
    ]
    let rho = try? a.optionalReal("rho")
    if let ball, let rho = rho ?? nil {
      let rho1 = (try? a.optionalReal("rho1")) ?? nil
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
