import PCXNumerics
import PCXSema

/// The extreme eigenvalues of hess f at a point (Lanczos on HVPs; dense when p is small) and, for a
/// loss of a one-output model, the model Hessian norm max_i ||hess_theta f(theta; x_i)||_2 (004 Thm 4.1).
enum HessianSpectrumCertificate: Certificate {
  static let entry = CatalogEntry("hessian_spectrum", .certificate, [.required("f", .objective), .optional("at", .point, .contextual("the initial parameters")), .optional("count", .int, 1)],
    rule: .certificate, summary: "extreme eigenvalues of hess f (Lanczos on HVPs, dense when p is small)", reference: "004 Thm 4.1, 003 App C")

  static let documentation = CertificateDoc(
    formula: "the extreme eigenvalues of hess f at a point; for a loss of a one-output model also the model Hessian norm max_i ||hess_theta f(theta; x_i)||_2 (004 Thm 4.1).",
    sets: "the point `at:`.",
    method: "Dense dsyevr when p <= 400, else Lanczos with full reorthogonalisation on exact Hessian-vector products, with a residual bound.",
    verdicts: "holds (a quantity measured exactly at a point); inconclusive if the eigen-solver does not converge.",
    guarantee: nil,
    example: "certify hessian_spectrum(g, at: x)")

  static let estimates: [String] = ["lambda_min", "lambda_max", "beta", "model_hessian_norm"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("f")
    let second = try context.secondOrder(f, "f")
    // at: defaults to the objective's initial parameters (a model's initialisation, 004 Thm 4.1)
    let at = try context.point(argument: "at", dimension: f.initial.count) ?? f.initial
    let scan = try CurvatureScan(second, at: [at], context)
    guard scan.converged else { return CertificateOutcome(record: scan.inconclusive(entry.name, source: "004 Thm 4.1, 003 App C")) }
    var record = CertificateRecord(
      name: entry.name, verdict: .holds,
      estimate: ["lambda_min": scan.lambdaMin, "lambda_max": scan.lambdaMax, "beta": scan.normMax],
      method: scan.method, evaluations: scan.products, source: "004 Thm 4.1, 003 App C")
    if let loss = f.objective as? LossObjective, loss.model.outputs == 1 {
      var rng = context.stream(" model hessian")
      let h = try ModelHessian.norm(loss, at, rng: &rng)
      record.estimate["model_hessian_norm"] = h.norm
      record.evaluations += h.products
      record.method += "; model_hessian_norm = max_i ||hess_theta f(theta; x_i)||_2 over the \(loss.data.n) samples (004 Thm 4.1)"
    }
    return CertificateOutcome(record: record)
  }
}
