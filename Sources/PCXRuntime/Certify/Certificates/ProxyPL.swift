import PCXNumerics
import PCXSema

/// Frei & Gu's proxy PL inequality ||grad f(w)||^alpha >= (mu/2) (g(w) - xi) (000 Def 1.2), with
/// 000 Thm 3.1's guarantee for a gd or sgd run.
enum ProxyPL: Certificate {
  static let entry = CatalogEntry("proxy_pl", .certificate, [.required("f", .objective), .required("g", .objective), .optional("alpha", .real, 2.0), .optional("mu", .real, .contextual("auto")), .optional("xi", .real, 0.0), CommonParameters.on],
    rule: .certificate, summary: "||grad f(w)||^alpha >= (mu/2) (g(w) - xi)", reference: "000 Def 1.2, Thm 3.1")

  static let documentation = CertificateDoc(
    formula: "||grad f(w)||^alpha >= (mu / 2) (g(w) - xi), g an objective (000 Def 1.2).",
    sets: "as pl.",
    method: "Exact gradients and g at every point; mu: auto estimates the smallest 2 ||grad f||^alpha / (g - xi).",
    verdicts: "holds / violated on finite sets (a claimed mu beaten at the witness); not_refuted / violated on continuous sets.",
    guarantee: "000 Thm 3.1 against a gd/sgd run given as on:: min_{t<T} G(w_t) <= E xi + eps with eps solved from T = 2 eta^{-1} (mu eps / 2)^{-2/alpha} f(w0); hypotheses f >= 0 and eta < 1/L2 listed (in expectation over samples).",
    example: "certify proxy_pl(f, g: G, alpha: 1.0, on: run)")

  static let estimates: [String] = ["mu"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("f"), g = try context.objective("g")
    let alpha = try a.real("alpha"), xi = try a.real("xi"), claimed = try a.optionalReal("mu")
    var record: CertificateRecord
    switch try context.set(of: f) {
    case .finite(let set):
      guard g.initial.count == f.initial.count else {
        throw a.error("g", "proxy_pl needs g of the same parameters as f (\(f.initial.count)); it has \(g.initial.count)")
      }
      record = try finite(set.points, f, g, alpha: alpha, xi: xi, claimed: claimed)
    case .continuous(let set):
      record = try continuous(set, f, g, alpha: alpha, xi: xi, claimed: claimed, context)
    }
    if let guarantee = try ProxyGuarantees.guarantee(context, &record) { record.guarantee = guarantee }
    return CertificateOutcome(record: record)
  }

  /// Every point: the smallest 2 ||grad f||^alpha / (g - xi) over points with g > xi, and the
  /// first point below a claimed mu.
  static func finite(
    _ points: [Tensor], _ f: ObjectiveValue, _ g: ObjectiveValue, alpha: Double, xi: Double, claimed: Double?
  ) throws -> CertificateRecord {
    var muHat = Double.infinity, worst: (Tensor, Double, Double)?, failure: (Tensor, Double, Double)?
    for w in points {
      let grad = try f.objective.valueAndGradient(w).gradient
      let lhs = libmPow(grad.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot(), alpha)
      let excess = try g.objective.value(w) - xi
      guard excess > 0 else { continue }
      if 2 * lhs / excess < muHat { muHat = 2 * lhs / excess; worst = (w, lhs, excess) }
      if let mu = claimed, lhs < mu / 2 * excess, failure == nil { failure = (w, lhs, mu / 2 * excess) }
    }
    guard let worst else {
      return CertificateRecord(name: entry.name, verdict: .holds, estimate: ["mu": .infinity], method: "no point has g > xi",
                               evaluations: points.count, source: "000 Def 1.2",
                               reason: "g(w) <= xi at every point, so the inequality holds for any mu")
    }
    let verdict = Verdict.decide(measured: true, satisfied: claimed != nil ? failure == nil : muHat > 0, on: .finite)
    return CertificateRecord(
      name: entry.name, verdict: verdict, estimate: ["mu": muHat],
      witness: failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: $0.2) }
        ?? Witness(point: worst.0.scalars, lhs: worst.1, rhs: (claimed ?? muHat) / 2 * worst.2),
      method: "||grad f||^\(alpha) against (mu/2)(g - \(xi)) at every one of \(points.count) points",
      evaluations: 2 * points.count, source: "000 Def 1.2, Thm 3.1",
      reason: verdict == .violated ? "the inequality fails at the witness" : nil)
  }

  /// inf over the set of 2 ||grad f||^alpha / (g - xi) (points with g > xi); its gradient by the
  /// quotient rule with grad ||grad f||^alpha = alpha ||grad f||^(alpha - 2) H grad f.
  static func continuous(
    _ set: ContinuousSet, _ f: ObjectiveValue, _ g: ObjectiveValue, alpha: Double, xi: Double, claimed: Double?,
    _ context: CertificateContext
  ) throws -> CertificateRecord {
    let second = try context.secondOrder(f, "f")
    var rng = context.stream(" set")
    var search = SlackSearch(isCancelled: context.isCancelled)
    func parts(_ w: Tensor) throws -> (lhs: Double, excess: Double, grad: Tensor, gGrad: Tensor)? {
      let grad = try f.objective.valueAndGradient(w).gradient
      let (gv, gg) = try g.objective.valueAndGradient(w)
      guard gv - xi > Tolerance.zero else { return nil }
      return (libmPow(grad.norm(), alpha), gv - xi, grad, gg)
    }
    let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { try parts($0).map { 2 * $0.lhs / $0.excess } }) { w in
      guard let p = try parts(w) else { return Tensor.zeros(w.shape) }
      let hg = try second.hessianVectorProduct(w, p.grad).hv
      let gradA = try hg * (alpha * libmPow(Swift.max(p.grad.norm(), Tolerance.zero), alpha - 2))
      return try (gradA * p.excess - p.gGrad * p.lhs) * (2 / (p.excess * p.excess))
    }
    var record: CertificateRecord
    if let best, let p = try parts(best.point) {
      let verdict = Verdict.decide(best.value, .claimedAtLeast(claimed), on: .continuous)
      record = CertificateRecord(
        name: entry.name, verdict: verdict, estimate: ["mu": best.value],
        witness: Witness(point: best.point.scalars, lhs: p.lhs, rhs: (claimed ?? best.value) / 2 * p.excess),
        method: "", evaluations: 0, source: "000 Def 1.2, Thm 3.1",
        reason: verdict == .violated ? "the inequality fails at the witness" : "mu is the smallest ratio found (an upper bound of the true constant)")
    } else {
      record = CertificateRecord(name: entry.name, verdict: .notRefuted, estimate: ["mu": .infinity], method: "", evaluations: 0,
                                 source: "000 Def 1.2", reason: "g <= xi at every point found, so the inequality holds there for any mu")
    }
    record.method = search.method(set, gradient: true)
    record.evaluations += search.evaluations
    return record
  }
}
