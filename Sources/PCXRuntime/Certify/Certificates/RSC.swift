import PCXNumerics
import PCXSema

/// Restricted strong convexity along a run (004 Sec 5): alpha_t on Q_kappa ∩ B(theta_t, rho2) at the
/// run's iterates, the leading term c1 ||gbar_t||^2 of 004 Thm 5.1, local smoothness, the layerwise
/// spectral distances of A4.2, and 004 Thm 5.3's strict decrease (see `RSCMeasures`).
enum RSC: Certificate {
  static let entry = CatalogEntry("rsc", .certificate, [.required("run", .run), .required("kappa", .real), .optional("rho2", .real, 1.0), .optional("every", .int, .contextual("about 20 iterates")), .optional("rho", .real, .contextual("none")), .optional("rho1", .real, .contextual("rho"))],
    rule: .certificate, summary: "restricted strong convexity along a run, alpha_t = c1 ||gbar_t||^2 - c2/sqrt(m)", reference: "004 Def 5.1, 5.2, Thm 5.1-5.3, Lemma 5.1")

  static let documentation = CertificateDoc(
    formula: "along a run: gbar_t = (1/n) sum_i grad f(theta_t; x_i), alpha_t = c1 ||gbar_t||^2 - c2 / sqrt(m) with c1 = 2 kappa^2; L(theta') >= L(theta_t) + <theta' - theta_t, grad L(theta_t)> + alpha_t / 2 ||theta' - theta_t||^2 on Q_kappa ∩ B(theta_t, rho2) (004 Def 5.1, 5.2, Thm 5.1).",
    sets: "the iterates of `run` (about 20 spread over it, or every k), each with the cone Q_kappa = {|cos(theta - theta_t, gbar_t)| >= kappa} within rho2.",
    method: "gbar_t by one reverse sweep; the direct check by samples (|cos| uniform in [kappa, 1], radius uniform in (0, rho2]) and projected gradient descent on the quotient 2 (L(theta') - L(theta_t) - <.,.>) / ||.||^2; local smoothness beta = ||hess L||_2 at a few iterates; for MLPs the layerwise spectral distance from theta_0 (004 A4.2).",
    verdicts: "violated when some theta' lies below the tangent plane (no alpha > 0 works), with both sides; else not_refuted, alpha_min an upper bound of the true constant.",
    guarantee: "004 Thm 5.3: under A4.1 (alpha_t > 0), A4.2 (in B^Spec_{rho, rho1}; give rho:) and eta = omega / beta, omega in (0, 2), the loss decreases strictly at every step; checked against the run.",
    example: "certify rsc(run, kappa: 0.5, rho2: 1.0)")

  static let estimates: [String] = ["kappa", "rho2", "c1", "alpha_min", "leading_min", "beta", "iterates", "gbar_min", "rho_hat", "rho1_hat"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let run = try context.run("run")
    guard case .objective(let f)? = context.env.values[run.objective], let loss = f.objective as? LossObjective else {
      throw a.error("run", "rsc measures a loss of a model on data (004 Sec 3); run \(run.name) trains \(run.objective)")
    }
    guard loss.kind == .square || loss.kind == .mse, loss.model.outputs == 1 else {
      throw a.error("run", "rsc needs a square or mse loss of a one-output model (004 Thm 5.1, Assumption 3); \(run.objective) is \(loss.kind.rawValue) with \(loss.model.outputs) outputs")
    }
    let kappa = try a.real("kappa"), rho2 = try a.real("rho2")
    guard kappa > 0, kappa <= 1 else { throw a.error("kappa", "rsc needs 0 < kappa <= 1 (004 Def 5.2); got kappa = \(kappa)") }
    guard rho2 > 0 else { throw a.error("rho2", "rsc needs rho2 > 0; got rho2 = \(rho2)") }
    let iterates = try RSCMeasures.iterates(run, every: try a.optionalInt("every"), a)
    // c1 for pcx's loss scale: the Gauss-Newton part of hess L is (2 s n) times the mean of
    // grad f_i grad f_i^T when L = s sum_i (f_i - y_i)^2; 004 Thm 5.1 (s = 1/n) gives 2 kappa^2.
    let c1 = 2 * loss.fullScale * Double(loss.data.n) * kappa * kappa
    var rng = context.stream()
    var evaluations = 0
    var alphaHat: [Double] = [], leading: [Double] = [], worst: (Double, Witness)?
    for (_, theta) in iterates {
      try context.checkCancelled()
      let gbar = try RSCMeasures.averageGradient(loss, theta)
      let gbarNorm = gbar.norm()
      leading.append(c1 * gbarNorm * gbarNorm)
      var search = try RSCSearch(loss: loss, theta: theta, gbar: gbar, kappa: kappa, rho2: rho2, rng: rng)
      let found = try search.run()
      rng = search.rng
      evaluations += search.evaluations
      alphaHat.append(found.alpha)
      if found.alpha < (worst?.0 ?? .infinity) { worst = (found.alpha, found.witness) }
    }
    let beta = try RSCMeasures.localSmoothness(loss, iterates, rng: &rng)
    let ball = try RSCMeasures.spectralDistance(loss.model, iterates)
    var estimate: [String: Double] = [
      "kappa": kappa, "rho2": rho2, "c1": c1, "alpha_min": alphaHat.min() ?? .nan,
      "leading_min": leading.min() ?? .nan, "beta": beta.value, "iterates": Double(iterates.count),
    ]
    if let gbar = run.result.traces["avg_grad_norm"]?.values.min() ?? leading.min().map({ ($0 / c1).squareRoot() }) {
      estimate["gbar_min"] = gbar
    }
    if let ball { estimate["rho_hat"] = ball.rho; estimate["rho1_hat"] = ball.rho1 }
    let verdict = Verdict.decide(measured: true, satisfied: alphaHat.allSatisfy { Requirement.positive.isMet(by: $0) }, on: .continuous)
    let violated = verdict == .violated
    let guarantee = RSCMeasures.guarantee(run, a, alphaMin: alphaHat.min() ?? .nan, beta: beta.value, ball: ball)
    return CertificateOutcome(record: CertificateRecord(
      name: entry.name, verdict: verdict, estimate: estimate,
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
        : "alpha_t > 0 at every checked iterate on the points searched (alpha_min is an upper bound of the true constant)"))
  }
}
