import PCXNumerics
import PCXSema

/// The Polyak-Lojasiewicz inequality ||grad L(w)||^2 >= mu (L(w) - L*) (002 Thm 2.4, 000 Sec 2).
enum PL: Certificate {
  static let entry = CatalogEntry("pl", .certificate, [.required("loss", .objective), CommonParameters.on, .optional("l_star", .real, 0.0), CommonParameters.claimMu],
    rule: .certificate, summary: "||grad L(w)||^2 >= mu (L(w) - L*)", reference: "002 Thm 2.4, 000 Sec 2")

  static let documentation = CertificateDoc(
    formula: "||grad L(w)||^2 >= mu (L(w) - L*) for every w of the set (L* from `l_star:`, default 0); mu-hat is the smallest ratio ||grad L||^2 / (L - L*).",
    sets: "on: run (every iterate), run every k, points([...]), grid(...): finite, exact; ball(...), sphere, spectral_ball(...): continuous, sampled and searched.",
    method: "Exact gradients at every point of a finite set; on a continuous set, uniform samples then projected gradient descent on the ratio (its gradient by Hessian-vector products) from the worst samples.",
    verdicts: "holds / violated on finite sets (violated: a point with L > L* and zero gradient, or below a claimed `mu:`, with both sides); not_refuted / violated on continuous sets (mu-hat is then an upper bound of the true constant, and a claimed mu is violated only by a point that beats it); inconclusive when no point has L > L*.",
    guarantee: "002 Thm 2.4 / 003 Thm 6: gradient descent with eta <= 1/beta has L(w_t) <= (1 - eta mu / 2)^t L(w_0); checked step by step against a gd run on the set, or a later gd run of the same loss.",
    example: "certify pl(L, on: run every 10)")

  static let estimates: [String] = ["mu", "lambda_min"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    try PLRatio(name: entry.name, floor: try context.arguments.real("l_star"), eps: -.infinity, kernelSingularBreaks: false,
                finiteSource: entry.reference, continuousSource: entry.reference).evaluate(context)
  }
}
