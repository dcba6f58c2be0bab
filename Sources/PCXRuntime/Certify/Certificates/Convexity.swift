import PCXNumerics
import PCXSema

/// Convexity, lambda_min(hess L) >= 0 on a set (003 Sec 3; 003 Prop 2 shows over-parameterised
/// losses are not convex near their minima).
enum Convexity: Certificate {
  static let entry = CatalogEntry("convexity", .certificate, [.required("loss", .objective), CommonParameters.on],
    rule: .certificate, summary: "lambda_min(hess L) >= 0 on a set", reference: "003 Sec 3, Prop 2")

  static let documentation = CertificateDoc(
    formula: "lambda_min(hess L) >= 0 at every point of the set (003 Sec 3; 003 Prop 2: over-parameterised losses are not convex near their minima).",
    sets: "as pl.",
    method: "The Hessian's smallest eigenvalue at every point (dense or Lanczos); on a continuous set, samples and a random-direction descent on it.",
    verdicts: "holds / violated on finite sets (with the point and its eigenvalue); not_refuted / violated on continuous sets.",
    guarantee: nil,
    example: "certify convexity(L, on: run)")

  static let estimates: [String] = ["lambda_min", "lambda_max"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("loss")
    let second = try context.secondOrder(f, "loss")
    switch try context.set(of: f) {
    case .finite(let set):
      let scan = try CurvatureScan(second, at: set.points, context)
      guard scan.converged else { return CertificateOutcome(record: scan.inconclusive(entry.name, source: "003 Sec 3, Prop 2")) }
      let verdict = Verdict.decide(scan.lambdaMin, .nonNegative, on: .finite)
      return CertificateOutcome(record: CertificateRecord(
        name: entry.name, verdict: verdict, estimate: ["lambda_min": scan.lambdaMin, "lambda_max": scan.lambdaMax],
        witness: scan.lowest.map { Witness(point: $0.point.scalars, lhs: $0.spectrum.smallest, rhs: 0) },
        method: "lambda_min(hess L) >= 0 at each of \(set.points.count) points; " + scan.method, evaluations: scan.products,
        source: "003 Sec 3, Prop 2",
        reason: verdict == .violated ? "the Hessian has a negative eigenvalue at the witness: L is not convex there (003 Prop 2)" : nil))
    case .continuous(let set):
      var rng = context.stream(" set"), lanczos = context.stream(" lanczos")
      var search = SlackSearch(isCancelled: context.isCancelled)
      let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { w in
        let s = try HessianSpectrum.at(second, w, rng: &lanczos)
        return s.converged ? s.smallest : nil
      }, gradient: nil)
      let verdict = Verdict.decide(best?.value, .nonNegative, on: .continuous)
      return CertificateOutcome(record: CertificateRecord(
        name: entry.name, verdict: verdict, estimate: ["lambda_min": best?.value ?? .nan],
        witness: best.map { Witness(point: $0.point.scalars, lhs: $0.value, rhs: 0) },
        method: search.method(set, gradient: false), evaluations: search.evaluations, source: "003 Sec 3, Prop 2",
        reason: best == nil ? "the eigen-solver did not converge at any sampled point"
          : (verdict == .violated ? "the Hessian has a negative eigenvalue at the witness: L is not convex there (003 Prop 2)"
            : "no point with a negative Hessian eigenvalue was found (lambda_min is the smallest found)")))
    }
  }
}
