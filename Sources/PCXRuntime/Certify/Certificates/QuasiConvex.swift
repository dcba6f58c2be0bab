import PCXNumerics
import PCXSema

/// Weak quasi-convexity grad f(x)^T (x - x*) >= tau (f(x) - f(x*)) (002 Def 2.5).
enum QuasiConvex: Certificate {
  static let entry = CatalogEntry("quasi_convex", .certificate, [.required("f", .objective), .required("x_star", .point), .optional("tau", .real, .contextual("auto")), CommonParameters.on],
    rule: .certificate, summary: "grad f(x)^T (x - x*) >= tau (f(x) - f(x*))", reference: "002 Def 2.5")

  static let documentation = CertificateDoc(
    formula: "grad f(x)^T (x - x*) >= tau (f(x) - f(x*)) (002 Def 2.5).",
    sets: "as pl.",
    method: "The inequality at every point; tau: auto estimates the largest tau that works.",
    verdicts: "holds / violated on finite sets; not_refuted / violated on continuous sets (the GLM of 002 Thm 3.2 on its ball).",
    guarantee: nil,
    example: "certify quasi_convex(f, x_star: w_star, on: ball(w_star, 1.0, 200))")

  static let estimates: [String] = ["tau", "f_star"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    try SecantInequality(name: entry.name, rsi: false, finiteSource: "002 Def 2.5", continuousSource: "002 Def 2.5, Thm 3.2")
      .evaluate(context)
  }
}
