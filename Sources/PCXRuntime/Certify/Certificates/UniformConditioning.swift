import PCXNumerics
import PCXSema

/// Uniform conditioning: lambda_min(K(w)) >= mu on a set, with the condition number
/// lambda_max / lambda_min of the tangent kernel (003 Def 3, Def 4, Prop 5).
enum UniformConditioning: Certificate {
  static let entry = CatalogEntry("uniform_conditioning", .certificate, [.required("loss", .objective), CommonParameters.on, CommonParameters.claimMu],
    rule: .certificate, summary: "lambda_min(K(w)) >= mu and the condition number", reference: "003 Def 3, Def 4, Prop 5")

  static let documentation = CertificateDoc(
    formula: "lambda_min(K(w)) >= mu at every point, K = DF DF^T the tangent kernel (003 Def 3), and the condition number lambda_max / lambda_min (003 Def 4).",
    sets: "as pl.",
    method: "dsyevr on the tangent kernel at every point.",
    verdicts: "holds / violated on finite sets (violated where lambda_min is numerically 0 or below a claimed mu); not_refuted / violated on continuous sets.",
    guarantee: nil,
    example: "certify uniform_conditioning(L, on: points([w0]))")

  static let estimates: [String] = ["mu", "condition_number"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("loss")
    let loss = try context.loss(f, "loss", because: "uniform_conditioning needs a loss of a model on data (003 Def 3: the tangent kernel of F)")
    let claimed = try context.arguments.claim("mu")
    switch try context.set(of: f) {
    case .finite(let set): return CertificateOutcome(record: try finite(set, loss, claimed: claimed, context))
    case .continuous(let set):
      _ = try context.secondOrder(f, "loss")
      var rng = context.stream(" set")
      var search = SlackSearch(isCancelled: context.isCancelled)
      let limit = context.limits.maxBytes
      let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: { try KernelSpectrum.ends(loss, $0, limit).low }, gradient: nil)
      var record = try InfimumRecord.make(entry.name, best, claimed: claimed, key: "mu", lhsName: "lambda_min(K)",
                                          source: "003 Def 3, Def 4") { _ in 1 }
      record.method = search.method(set, gradient: false)
      record.evaluations += search.evaluations
      return CertificateOutcome(record: record)
    }
  }

  /// lambda_min(K(w)) at every point of a finite set, its minimum `mu` and the largest condition
  /// number lambda_max / lambda_min of K.
  static func finite(_ set: FiniteSet, _ loss: LossObjective, claimed: Double?, _ context: CertificateContext) throws -> CertificateRecord {
    var mu = Double.infinity, condition = 0.0, witness: Tensor?
    for theta in set.points {
      let k = try loss.tangentKernel(theta, limit: context.limits.maxBytes)
      let values = try LinearAlgebra.symmetricEigen(k, vectors: false).values
      let lo = values.first ?? .nan, hi = values.last ?? .nan
      if lo < mu { mu = lo; witness = theta }
      condition = Swift.max(condition, lo > 0 ? hi / lo : .infinity)
    }
    let positive = Requirement.positive.isMet(by: mu)
    let claimBroken = positive && !Requirement.claimedAtLeast(claimed).isMet(by: mu)
    return CertificateRecord(
      name: entry.name, verdict: Verdict.decide(measured: true, satisfied: positive && !claimBroken, on: .finite),
      estimate: ["mu": mu, "condition_number": condition],
      witness: witness.map { Witness(point: $0.scalars, lhs: mu, rhs: claimBroken ? claimed ?? 0 : 0) },
      method: "lambda_min and lambda_max of the tangent kernel K = DF DF^T (dsyevr) at every one of \(set.points.count) points",
      evaluations: set.points.count, source: "003 Def 3, Def 4, Prop 5",
      reason: !positive ? "the tangent kernel is singular at the witness (003 Prop 3: PL* fails there)"
        : (claimBroken ? "the claimed mu = \(claimed ?? .nan) fails at the witness, where the set's smallest value is \(mu)" : nil))
  }
}
