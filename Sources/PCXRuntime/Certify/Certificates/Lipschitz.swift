import PCXNumerics
import PCXSema

/// Lipschitz constant: sup ||grad L|| over a set (001 Thm 2.2's L1, 003 Def 2).
enum Lipschitz: Certificate {
  static let entry = CatalogEntry("lipschitz", .certificate, [.required("loss", .objective), CommonParameters.on, .optional("L", .realOr(["auto"]), .choice("auto"))],
    rule: .certificate, summary: "sup of ||grad L|| (or ||DF||_2) over a set", reference: "003 Def 2, 001 Thm 2.2")

  static let documentation = CertificateDoc(
    formula: "sup of ||grad L|| over the set (003 Def 2, 001 Thm 2.2's L1).",
    sets: "as pl.",
    method: "Exact gradients at every point; on a continuous set, samples and ascent (grad ||grad L||^2 = 2 H grad L by an HVP).",
    verdicts: "holds / violated on finite sets (violated: above a claimed L); not_refuted on continuous sets.",
    guarantee: nil,
    example: "certify lipschitz(L, on: points([w0, w1]))")

  static let estimates: [String] = ["L"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("loss")
    let claimed = try context.arguments.claim("L")
    switch try context.set(of: f) {
    case .finite(let set):
      var best = (norm: -1.0, point: f.initial)
      for p in set.points {
        try context.checkCancelled()
        let n = try f.objective.valueAndGradient(p).gradient.norm()
        if n > best.norm { best = (n, p) }
      }
      let verdict = Verdict.decide(best.norm, .claimedAtMost(claimed), on: .finite)
      return CertificateOutcome(record: CertificateRecord(
        name: entry.name, verdict: verdict, estimate: ["L": best.norm],
        witness: Witness(point: best.point.scalars, lhs: best.norm, rhs: verdict == .violated ? claimed ?? best.norm : best.norm),
        method: "the largest ||grad L|| over \(set.points.count) points", evaluations: set.points.count,
        source: "001 Thm 2.2, 003 Def 1",
        reason: verdict == .violated ? "the claimed L = \(claimed ?? .nan) fails at the witness, where the set's largest value is \(best.norm)" : nil))
    case .continuous(let set):
      let second = try context.secondOrder(f, "loss")
      var rng = context.stream(" set")
      var search = SlackSearch(isCancelled: context.isCancelled)
      let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { -(try f.objective.valueAndGradient($0).gradient.norm()) }) { w in
        let (_, g, hg) = try second.hessianVectorProduct(w, try f.objective.valueAndGradient(w).gradient)
        return try hg * (-1 / Swift.max(g.norm(), Tolerance.zero))
      }
      var record = SupremumRecord.make(entry.name, best.map { (-$0.value, $0.point) }, claimed: claimed, key: "L", source: "003 Def 2, 001 Thm 2.2")
      record.method = search.method(set, gradient: true)
      record.evaluations += search.evaluations
      return CertificateOutcome(record: record)
    }
  }
}
