import PCXNumerics
import PCXSema

/// PL*_eps: PL* on the points of a set with L(w) >= eps (003 Def 5, Thm 9, 10).
enum PLStarEps: Certificate {
  static let entry = CatalogEntry("pl_star_eps", .certificate, [.required("loss", .objective), .required("eps", .real), CommonParameters.on, CommonParameters.claimMu],
    rule: .certificate, summary: "PL* on {w in S : L(w) >= eps}", reference: "003 Def 5, Thm 9, 10")

  static let documentation = CertificateDoc(
    formula: "PL* on {w in S : L(w) >= eps} (003 Def 5): points below eps are left out.",
    sets: "as pl.",
    method: "As pl_star on the points of the set with L(w) >= eps.",
    verdicts: "as pl_star; inconclusive when no point has L >= eps.",
    guarantee: "003 Thm 9/10: L < eps in O(log(1/eps)) steps inside R = 2 sqrt(2 beta L(w0)) / mu (the rate is checked as for pl_star).",
    example: "certify pl_star_eps(L, eps: 1e-3, on: run)")

  static let estimates: [String] = ["mu", "lambda_min"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    // 003 Def 5 is made for under-parameterised systems, whose kernel is singular everywhere:
    // the ratio decides, not the kernel
    try PLRatio(name: entry.name, floor: 0, eps: try context.arguments.real("eps"), kernelSingularBreaks: false,
                finiteSource: "003 eq (3), Def 3, Thm 1, Thm 6", continuousSource: "003 eq (3), Def 3, Def 5").evaluate(context)
  }
}
