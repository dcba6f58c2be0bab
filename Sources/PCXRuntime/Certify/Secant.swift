import PCXNumerics

/// Inequalities against a reference point x* on finite sets: weak quasi-convexity (002 Def 2.5,
/// grad f(x)^T (x - x*) >= tau (f(x) - f(x*))) and the restricted secant inequality (002 eq (2.3),
/// grad f(x)^T (x - x*) >= tau ||x - x*||^2). With `tau: auto` the estimate is the smallest
/// ratio on the set (holds when positive); with a number every point is checked against it.
extension Interpreter {
  mutating func secant(_ fn: String, _ a: Arguments, name: String) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["f"])
    guard let xs = a.value("x_star") else { throw RuntimeError(.argument, "\(fn) needs x_star:") }
    let xStar = try point(xs, dimension: f.initial.count)
    guard let points = try finitePoints(a.value("on"), objective: f) else { return nil }
    var claimed: Double?
    if let t = a.value("tau") {
      if case .choice("auto") = t.kind {} else { claimed = try number(t, name) }
    }
    let fStar = try f.objective.value(xStar)
    var tauHat = Double.infinity
    var worst: (Tensor, Double, Double)?
    var failure: (Tensor, Double, Double)?
    for x in points {
      let (v, g) = try f.objective.valueAndGradient(x)
      let d = try x - xStar
      let lhs = try Tensor.dot(g, d)
      let scale = fn == "rsi" ? try Tensor.dot(d, d) : v - fStar
      guard scale > 0 else { continue }  // at x* (or below f(x*)) the inequality says nothing
      let ratio = lhs / scale
      if ratio < tauHat { tauHat = ratio; worst = (x, lhs, scale) }
      if let tau = claimed, lhs < tau * scale, failure == nil { failure = (x, lhs, tau * scale) }
    }
    guard let worst else {
      return CertificateRecord(name: fn, verdict: .inconclusive, estimate: [:], method: "ratio on \(points.count) points",
                               evaluations: points.count, source: fn == "rsi" ? "002 eq (2.3)" : "002 Def 2.5",
                               reason: "every point of the set is x* or has f(x) <= f(x*)")
    }
    let violated = claimed != nil ? failure != nil : tauHat <= 0
    let witness = failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: $0.2) }
      ?? Witness(point: worst.0.scalars, lhs: worst.1, rhs: (claimed ?? 0) * worst.2)
    return CertificateRecord(
      name: fn, verdict: violated ? .violated : .holds, estimate: ["tau": tauHat, "f_star": fStar],
      witness: witness,
      method: "grad f(x)^T (x - x*) against tau \(fn == "rsi" ? "||x - x*||^2" : "(f(x) - f(x*))") at every one of \(points.count) points"
        + (claimed.map { "; claimed tau = \($0)" } ?? "; tau = the smallest ratio"),
      evaluations: points.count + 1, source: fn == "rsi" ? "002 eq (2.3)" : "002 Def 2.5",
      reason: violated ? "the inequality fails at the witness" : nil)
  }

  /// 003 Def 3, Def 4: lambda_min(K(w)) at every point of a finite set, its minimum `mu` and the
  /// largest condition number lambda_max / lambda_min of K.
  mutating func uniformConditioning(_ a: Arguments) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["loss"])
    guard let loss = f.objective as? LossObjective, let points = try finitePoints(a.value("on"), objective: f) else { return nil }
    var mu = Double.infinity, condition = 0.0, witness: Tensor?
    for theta in points {
      let k = try loss.tangentKernel(theta, limit: options.limits.maxBytes)
      let values = try LinearAlgebra.symmetricEigen(k, vectors: false).values
      let lo = values.first ?? .nan, hi = values.last ?? .nan
      if lo < mu { mu = lo; witness = theta }
      condition = Swift.max(condition, lo > 0 ? hi / lo : .infinity)
    }
    let holds = mu > 0
    return CertificateRecord(
      name: "uniform_conditioning", verdict: holds ? .holds : .violated, estimate: ["mu": mu, "condition_number": condition],
      witness: witness.map { Witness(point: $0.scalars, lhs: mu, rhs: 0) },
      method: "lambda_min and lambda_max of the tangent kernel K = DF DF^T (dsyevr) at every one of \(points.count) points",
      evaluations: points.count, source: "003 Def 3, Def 4, Prop 5",
      reason: holds ? nil : "the tangent kernel is singular at the witness (003 Prop 3: PL* fails there)")
  }
}
