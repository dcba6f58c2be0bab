import PCXNumerics
import PCXSema

/// PL* ||grad L(w)||^2 >= mu L(w) (003 eq (3)), with the tangent kernel bound of 003 Thm 1.
enum PLStar: Certificate {
  static let entry = CatalogEntry("pl_star", .certificate, [.required("loss", .objective), CommonParameters.on, CommonParameters.claimMu],
    rule: .certificate, summary: "||grad L(w)||^2 >= mu L(w); for square loss also lambda_min(K(w))", reference: "003 eq (3), Def 3, Thm 1, Thm 6")

  static let documentation = CertificateDoc(
    formula: "||grad L(w)||^2 >= mu L(w) (003 eq (3)); for a square loss also lambda_min(K(w)) of the tangent kernel K = DF DF^T, since ||grad L||^2 >= 2 lambda_min(K) L (003 Thm 1).",
    sets: "as pl.",
    method: "The ratio at every point (or sampled and searched on a continuous set) and, for square losses of one-output models, lambda_min(K) by dsyevr on the kernel (structured per layer for MLPs, chunked per-sample gradients otherwise).",
    verdicts: "holds / violated on finite sets; violated with the point as witness where K is singular (003 Prop 3: no PL* constant there); not_refuted / violated on continuous sets.",
    guarantee: "003 Thm 6: L(w_t) <= (1 - eta lambda_min)^t L(w_0) for gd (with mu/2 for other losses), checked at every step of the run.",
    example: "certify pl_star(L, on: run)")

  static let estimates: [String] = ["mu", "lambda_min"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    try PLRatio(name: entry.name, floor: 0, eps: -.infinity, kernelSingularBreaks: true,
                finiteSource: "003 eq (3), Def 3, Thm 1, Thm 6", continuousSource: "003 eq (3), Def 3, Def 5").evaluate(context)
  }
}
