import PCXNumerics

/// Inequalities against a reference point x* (002): weak quasi-convexity (Def 2.5,
/// grad f(x)^T (x - x*) >= tau (f(x) - f(x*))) and the restricted secant inequality (eq (2.3),
/// grad f(x)^T (x - x*) >= tau ||x - x*||^2). With `tau:` absent the estimate is the smallest
/// ratio (positive: the inequality holds with it); with a number every point is checked against it.
struct SecantInequality {
  /// The certificate's name.
  let name: String
  /// True for the restricted secant inequality (the denominator ||x - x*||^2).
  let rsi: Bool
  let finiteSource: String
  let continuousSource: String

  func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("f")
    guard let xStar = try context.point(argument: "x_star", dimension: f.initial.count) else {
      throw context.arguments.error("x_star", "\(name) needs x_star:")
    }
    let claimed = try context.arguments.optionalReal("tau")
    switch try context.set(of: f) {
    case .finite(let set): return CertificateOutcome(record: try finite(set.points, f, xStar, claimed: claimed))
    case .continuous(let set): return CertificateOutcome(record: try continuous(set, f, xStar, claimed: claimed, context))
    }
  }

  /// Every point: the smallest ratio, and the first point below a claimed tau.
  func finite(_ points: [Tensor], _ f: ObjectiveValue, _ xStar: Tensor, claimed: Double?) throws -> CertificateRecord {
    let fStar = try f.objective.value(xStar)
    var tauHat = Double.infinity
    var worst: (Tensor, Double, Double)?, failure: (Tensor, Double, Double)?
    for x in points {
      let (v, g) = try f.objective.valueAndGradient(x)
      let d = try x - xStar
      let lhs = try Tensor.dot(g, d)
      let scale = rsi ? try Tensor.dot(d, d) : v - fStar
      guard scale > 0 else { continue }  // at x* (or below f(x*)) the inequality says nothing
      if lhs / scale < tauHat { tauHat = lhs / scale; worst = (x, lhs, scale) }
      if let tau = claimed, lhs < tau * scale, failure == nil { failure = (x, lhs, tau * scale) }
    }
    guard let worst else {
      return CertificateRecord(name: name, verdict: .inconclusive, estimate: [:], method: "ratio on \(points.count) points",
                               evaluations: points.count, source: finiteSource,
                               reason: "every point of the set is x* or has f(x) <= f(x*)")
    }
    // a claimed tau is checked point by point, exactly; without one the smallest ratio must be positive
    let verdict = Verdict.decide(measured: true, satisfied: claimed != nil ? failure == nil : tauHat > 0, on: .finite)
    return CertificateRecord(
      name: name, verdict: verdict, estimate: ["tau": tauHat, "f_star": fStar],
      witness: failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: $0.2) }
        ?? Witness(point: worst.0.scalars, lhs: worst.1, rhs: (claimed ?? 0) * worst.2),
      method: "grad f(x)^T (x - x*) against tau \(rsi ? "||x - x*||^2" : "(f(x) - f(x*))") at every one of \(points.count) points"
        + (claimed.map { "; claimed tau = \($0)" } ?? "; tau = the smallest ratio"),
      evaluations: points.count + 1, source: finiteSource,
      reason: verdict == .violated ? "the inequality fails at the witness" : nil)
  }

  /// The smallest ratio found by samples and projected descent along its gradient (quotient rule,
  /// with H (x - x*) + grad f by an HVP).
  func continuous(
    _ set: ContinuousSet, _ f: ObjectiveValue, _ xStar: Tensor, claimed: Double?, _ context: CertificateContext
  ) throws -> CertificateRecord {
    let second = try context.secondOrder(f, "f")
    let fStar = try f.objective.value(xStar)
    var rng = context.stream(" set")
    var search = SlackSearch(isCancelled: context.isCancelled)
    func parts(_ x: Tensor) throws -> (n: Double, d: Double, g: Tensor, dx: Tensor)? {
      let (v, g) = try f.objective.valueAndGradient(x)
      let dx = try x - xStar
      let d = rsi ? try Tensor.dot(dx, dx) : v - fStar
      guard d > Tolerance.zero else { return nil }
      return (try Tensor.dot(g, dx), d, g, dx)
    }
    let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { try parts($0).map { $0.n / $0.d } }) { x in
      guard let p = try parts(x) else { return Tensor.zeros(x.shape) }
      let hdx = try second.hessianVectorProduct(x, p.dx).hv
      let gradN = try hdx + p.g
      let gradD = rsi ? try p.dx * 2 : p.g
      return try (gradN * p.d - gradD * p.n) * (1 / (p.d * p.d))
    }
    var record = try InfimumRecord.make(name, best, claimed: claimed, key: "tau", lhsName: "grad f^T (x - x*)",
                                        source: continuousSource) { p in
      if rsi { let n = try (p - xStar).norm(); return n * n }
      return try f.objective.value(p) - fStar
    }
    record.method = search.method(set, gradient: true)
    record.evaluations += search.evaluations
    return record
  }
}
