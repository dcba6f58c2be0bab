import PCXNumerics

/// The linear rate a PL-type constant gives gradient descent, set against a gd run.
enum RateGuarantee {
  /// 003 Thm 6 / Thm 14, (54)-(57), derived with pcx's conventions: for eta <= 1/beta,
  /// L(w_{t+1}) <= L(w_t) - (eta/2) ||grad L||^2. With eq (3), ||grad L||^2 >= mu L, that gives
  /// L(w_t) <= (1 - eta mu / 2)^t L(w_0); for the square loss ||grad L||^2 >= 2 lambda_min(K) L,
  /// which gives (1 - eta lambda_min)^t — the paper's (26) with its mu = lambda_min(K) (eq (4)).
  /// Checked at every recorded step of the run (the step-size hypothesis is not checked here).
  /// Nil for runs that are not gradient descent.
  static func check(_ run: RunValue, mu: Double, kernelMin: Double?) -> Guarantee? {
    guard run.kind == .gd, let loss = run.result.traces["loss"], let l0 = loss.values.first,
          let eta = run.result.traces["step_size"]?.values.first else { return nil }
    let rate = kernelMin.map { eta * $0 } ?? eta * mu / 2
    let q = Swift.max(1 - rate, 0)
    var predicted: [Double] = [], firstFailure: Int?
    for (t, l) in zip(loss.steps, loss.values) {
      let bound = l0 * libmPow(q, Double(t))
      predicted.append(bound)
      if firstFailure == nil, l > bound * (1 + Tolerance.bound) + Tolerance.zero { firstFailure = t }
    }
    let constant = kernelMin.map { "lambda_min(K) = \($0) (003 eq (4))" } ?? "mu/2 with mu = \(mu), the smallest ratio on the run"
    return Guarantee(
      statement: "003 Thm 6: L(w_t) <= (1 - eta c)^t L(w_0) with eta = \(eta), c = \(constant)",
      check: firstFailure == nil ? .consistent : .contradicted, firstFailureStep: firstFailure,
      predicted: predicted, observed: loss.values,
      hypotheses: [
        Guarantee.Hypothesis("PL* with the constant above on a ball B(w_0, R) holding the run (measured on the run's iterates only)", met: nil),
        Guarantee.Hypothesis("eta = \(eta) <= 1/beta, beta = sup ||hess L|| on the ball (certify smoothness to measure it)", met: nil),
      ])
  }
}
