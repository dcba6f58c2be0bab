import PCXNumerics
import PCXSema

/// The restricted secant inequality grad f(x)^T (x - x*) >= tau ||x - x*||^2 (002 eq (2.3)).
enum RSI: Certificate {
  static let entry = CatalogEntry("rsi", .certificate, [.required("f", .objective), .required("x_star", .point), .optional("tau", .real, .contextual("auto")), CommonParameters.on],
    rule: .certificate, summary: "grad f(x)^T (x - x*) >= tau ||x - x*||^2", reference: "002 eq (2.3)")

  static let documentation = CertificateDoc(
    formula: "grad f(x)^T (x - x*) >= tau ||x - x*||^2 (002 eq (2.3)).",
    sets: "as pl.",
    method: "As quasi_convex.",
    verdicts: "as quasi_convex.",
    guarantee: nil,
    example: "certify rsi(f, x_star: w_star, on: run)")

  static let estimates: [String] = ["tau", "f_star"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    try SecantInequality(name: entry.name, rsi: true, finiteSource: "002 eq (2.3)", continuousSource: "002 eq (2.3)")
      .evaluate(context)
  }
}
