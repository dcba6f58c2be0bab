import PCXNumerics
import PCXSema

/// Frei & Gu's proxy convexity <grad f(w), w - v> >= g(w) - h(v) (000 Def 1.1), with 000 Thm
/// 4.1(b)'s guarantee for a gd or sgd run.
enum ProxyConvex: Certificate {
  static let entry = CatalogEntry("proxy_convex", .certificate, [.required("f", .objective), .required("g", .objective), .required("h", .objective), CommonParameters.on, .optional("v", .point, .contextual("every point of the set"))],
    rule: .certificate, summary: "<grad f(w), w - v> >= g(w) - h(v)", reference: "000 Def 1.1, Thm 4.1")

  static let documentation = CertificateDoc(
    formula: "<grad f(w), w - v> >= g(w) - h(v) for all w, v of the set (000 Def 1.1); with `v:` only for that comparator (000 Ex 4.2's v*).",
    sets: "as pl; on a finite set every pair (w, v) is checked; on a continuous set w is searched for `v:` or for eight sampled comparators.",
    method: "All pairs of points; the smallest slack is the estimate.",
    verdicts: "holds / violated on finite sets (the witness is w followed by v); not_refuted / violated on continuous sets.",
    guarantee: "000 Thm 4.1(b) against a run given as on:: min_{t<T} G(w_t) <= (1 + 2 eta L2) H(v) + eps, eps = ||w0 - v||^2 / (eta T), with L2 the smallest constant making E ||grad f(w; z)||^2 <= 2 L2 G(w) at the iterates and v the best iterate.",
    example: "certify proxy_convex(f, g: G, h: H, on: run)")

  static let estimates: [String] = ["min_slack", "L2"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("f"), g = try context.objective("g"), h = try context.objective("h")
    var record: CertificateRecord
    switch try context.set(of: f) {
    case .finite(let set):
      guard g.initial.count == f.initial.count, h.initial.count == f.initial.count else {
        throw a.error("g", "proxy_convex needs g and h of as many parameters as f (\(f.initial.count))")
      }
      record = try finite(set.points, f, g, h, context)
    case .continuous(let set):
      record = try continuous(set, f, g, h, context)
    }
    if let guarantee = try ProxyGuarantees.guarantee(context, &record) { record.guarantee = guarantee }
    return CertificateOutcome(record: record)
  }

  /// Every pair (w, v) of points of the set (or w in the set and the given `v:`, 000 Ex 4.2's v*).
  static func finite(
    _ points: [Tensor], _ f: ObjectiveValue, _ g: ObjectiveValue, _ h: ObjectiveValue, _ context: CertificateContext
  ) throws -> CertificateRecord {
    let given = try context.point(argument: "v", dimension: f.initial.count)
    let comparators = given.map { [$0] } ?? points
    let grads = try points.map { try f.objective.valueAndGradient($0).gradient }
    let gs = try points.map { try g.objective.value($0) }, hs = try comparators.map { try h.objective.value($0) }
    var minSlack = Double.infinity, worst: (Int, Int, Double, Double)?, scale = 0.0
    for i in points.indices {
      for j in comparators.indices {
        let lhs = try Tensor.dot(grads[i], points[i] - comparators[j])
        let rhs = gs[i] - hs[j]
        scale = Swift.max(scale, Swift.abs(gs[i]), Swift.abs(hs[j]), Swift.abs(lhs))
        if lhs - rhs < minSlack { minSlack = lhs - rhs; worst = (i, j, lhs, rhs) }
      }
    }
    // Both sides are differences of rounded quantities (a residual near a solution is rounding
    // noise of terms of the set's size), so a slack within `Tolerance.termRounding` of the largest
    // term on the set is floating point, not a violation.
    let verdict = Verdict.decide(minSlack, .noNegativeSlack(scale: scale), on: .finite)
    return CertificateRecord(
      name: entry.name, verdict: verdict, estimate: ["min_slack": minSlack],
      witness: worst.map { Witness(point: points[$0.0].scalars + comparators[$0.1].scalars, lhs: $0.2, rhs: $0.3) },
      method: "<grad f(w), w - v> against g(w) - h(v) for all \(points.count * comparators.count) pairs (w, v) " + (given == nil ? "of the set" : "with w in the set and the given v") + " (witness point: w then v); slacks within \(Tolerance.termRounding) of the set's largest term count as rounding",
      evaluations: 3 * points.count, source: "000 Def 1.1, Thm 4.1",
      reason: verdict == .violated ? "the inequality fails for the witness pair" : nil)
  }

  /// inf over pairs of <grad f(w), w - v> - g(w) + h(v): v is `v:` when given, else each of eight
  /// sampled points of the set; w is searched for each along H_f(w)(w - v) + grad f(w) - grad g(w).
  static func continuous(
    _ set: ContinuousSet, _ f: ObjectiveValue, _ g: ObjectiveValue, _ h: ObjectiveValue, _ context: CertificateContext
  ) throws -> CertificateRecord {
    let second = try context.secondOrder(f, "f")
    var rng = context.stream(" set")
    var search = SlackSearch(isCancelled: context.isCancelled)
    let comparators = try context.point(argument: "v", dimension: f.initial.count).map { [$0] }
      ?? (0..<8).map { _ in try set.sample(&rng) }
    let perV = ContinuousSet(shape: set.shape, samples: Swift.max(set.samples / comparators.count, 8), description: set.description)
    var best: (slack: Double, w: Tensor, v: Tensor, lhs: Double, rhs: Double, size: Double)?
    for v in comparators {
      let hv = try h.objective.value(v)
      func parts(_ w: Tensor) throws -> (lhs: Double, rhs: Double, size: Double) {
        let grad = try f.objective.valueAndGradient(w).gradient
        let gw = try g.objective.value(w)
        return (try Tensor.dot(grad, w - v), gw - hv, Swift.max(Swift.abs(gw), Swift.abs(hv)))
      }
      let found = try search.minimise(perV, scale: set.scale, rng: &rng, slack: { w in try parts(w).lhs - parts(w).rhs }) { w in
        let (_, grad, hd) = try second.hessianVectorProduct(w, try w - v)
        return try hd + grad - g.objective.valueAndGradient(w).gradient
      }
      if let found, found.value < (best?.slack ?? .infinity) {
        let p = try parts(found.point)
        best = (found.value, found.point, v, p.lhs, p.rhs, p.size)
      }
    }
    guard let best else {
      return CertificateRecord(name: entry.name, verdict: .inconclusive, estimate: [:], method: search.method(set, gradient: true),
                               evaluations: search.evaluations, source: "000 Def 1.1", reason: "no point could be evaluated")
    }
    // g(w) - h(v) is a difference of terms of size `size`: below their rounding it is not a violation
    let verdict = Verdict.decide(best.slack, .noNegativeSlack(scale: Swift.max(best.size, Swift.abs(best.lhs))), on: .continuous)
    return CertificateRecord(
      name: entry.name, verdict: verdict, estimate: ["min_slack": best.slack],
      witness: Witness(point: best.w.scalars + best.v.scalars, lhs: best.lhs, rhs: best.rhs),
      method: search.method(set, gradient: true), evaluations: search.evaluations, source: "000 Def 1.1, Thm 4.1",
      reason: verdict == .violated ? "the inequality fails for the witness pair (w then v)" : "the smallest slack found is non-negative")
  }
}
