import PCXNumerics
import PCXSema

/// Smoothness: beta = sup ||hess L||_2 over a set (001 Thm 2.2, 003 Def 1, 004 Thm 5.2); its
/// 1/beta is the step `lr: theorem` takes (the descent lemma).
enum Smoothness: Certificate {
  static let entry = CatalogEntry("smoothness", .certificate, [.required("loss", .objective), CommonParameters.on, .optional("beta", .realOr(["auto"]), .choice("auto"))],
    rule: .certificate, summary: "sup of ||hess L||_2 over a set", reference: "001 Thm 2.2, 003 Def 1, 004 Thm 5.2")

  static let documentation = CertificateDoc(
    formula: "beta = sup of ||hess L||_2 over the set (001 Thm 2.2, 003 Def 1, 004 Thm 5.2).",
    sets: "as pl.",
    method: "The Hessian spectrum at every point (dense or Lanczos); on a continuous set, samples and a random-direction ascent (no gradient of an eigenvalue is taken).",
    verdicts: "holds / violated on finite sets (violated: above a claimed beta); not_refuted on continuous sets (beta-hat is a lower bound of the sup).",
    guarantee: "prescribes eta = 1/beta for `lr: theorem` (the descent lemma's step).",
    example: "certify smoothness(L, on: run)")

  static let estimates: [String] = ["beta", "lambda_min", "lambda_max"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("loss")
    let second = try context.secondOrder(f, "loss")
    let claimed = try context.arguments.claim("beta")
    let record: CertificateRecord
    switch try context.set(of: f) {
    case .finite(let set):
      let scan = try CurvatureScan(second, at: set.points, context)
      guard scan.converged else { return CertificateOutcome(record: scan.inconclusive(entry.name, source: entry.reference)) }
      let verdict = Verdict.decide(scan.normMax, .claimedAtMost(claimed), on: .finite)
      record = CertificateRecord(
        name: entry.name, verdict: verdict,
        estimate: ["lambda_min": scan.lambdaMin, "lambda_max": scan.lambdaMax, "beta": scan.normMax],
        method: scan.method + "; beta = max over \(set.points.count) points of ||hess L||_2", evaluations: scan.products,
        source: entry.reference,
        reason: verdict == .violated ? "the claimed beta = \(claimed ?? .nan) fails at the witness, where the set's largest value is \(scan.normMax)" : nil)
    case .continuous(let set):
      var rng = context.stream(" set"), lanczos = context.stream(" lanczos")
      var search = SlackSearch(isCancelled: context.isCancelled)
      let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { w in
        let s = try HessianSpectrum.at(second, w, rng: &lanczos)
        return s.converged ? -Swift.max(Swift.abs(s.smallest), Swift.abs(s.largest)) : nil
      }, gradient: nil)
      var r = SupremumRecord.make(entry.name, best.map { (-$0.value, $0.point) }, claimed: claimed, key: "beta", source: entry.reference)
      r.method = search.method(set, gradient: false)
      r.evaluations += search.evaluations
      record = r
    }
    guard let beta = record.estimate["beta"], beta > 0 else { return CertificateOutcome(record: record) }
    // the descent lemma's step (002 Thm 2.4, 003 Thm 6), for `lr: theorem`
    let followUp = CertificateFollowUp(objective: f.name, stepSize: (1 / beta, "1/beta, the descent lemma"), guarantee: { _ in nil })
    return CertificateOutcome(record: record, followUp: followUp)
  }
}
