import PCXNumerics
import PCXSema

/// The strict saddle property (002 Def 2.1) at every point of a set.
enum StrictSaddle: Certificate {
  static let entry = CatalogEntry("strict_saddle", .certificate, [.required("f", .objective), .required("alpha", .real), .required("beta", .real), .required("gamma", .real), CommonParameters.on],
    rule: .certificate, summary: "||grad f|| >= alpha or lambda_min(hess f) <= -beta or a local min within gamma", reference: "002 Def 2.1")

  static let documentation = CertificateDoc(
    formula: "each point has ||grad f|| >= alpha, or lambda_min(hess f) <= -beta, or lies within gamma of a local minimum (002 Def 2.1).",
    sets: "finite sets (run, points, grid); continuous sets sampled and searched.",
    method: "Gradient and Hessian spectrum at each point; the third case descends from the point to a second-order stationary point and measures the distance. On a continuous set the points are samples plus the end of a descent on ||grad f||^2 (near-stationary points are where the definition can fail).",
    verdicts: "holds / violated (the witness fails all three); counts of each case in the estimate.",
    guarantee: nil,
    example: "certify strict_saddle(g, alpha: 0.1, beta: 0.1, gamma: 0.1, on: points([p1, p2]))")

  static let estimates: [String] = ["large_gradient", "negative_curvature", "near_local_min", "points"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("f")
    let second = try context.secondOrder(f, "f")
    let check = StrictSaddleCheck(alpha: try a.real("alpha"), beta: try a.real("beta"), gamma: try a.real("gamma"))
    switch try context.set(of: f) {
    case .finite(let set):
      let scan = try CurvatureScan(second, at: set.points, context)
      guard scan.converged else { return CertificateOutcome(record: scan.inconclusive(entry.name, source: "002 Def 2.1")) }
      return CertificateOutcome(record: try check.record(
        f.objective, second, scan.spectra, products: scan.products, method: scan.method, on: .finite, context))
    case .continuous(let set):
      return CertificateOutcome(record: try onContinuousSet(set, f, second, check, context))
    }
  }

  /// On a continuous set the candidates are the samples and the end of a descent on ||grad f||^2
  /// (gradient 2 H grad f) from the samples with the smallest gradients — near-stationary points
  /// are where the definition can fail; each is then classified exactly.
  static func onContinuousSet(
    _ set: ContinuousSet, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ check: StrictSaddleCheck,
    _ context: CertificateContext
  ) throws -> CertificateRecord {
    var rng = context.stream(" set")
    let sampled = ContinuousSet(shape: set.shape, samples: Swift.min(set.samples, 200), description: set.description)
    var candidates: [Tensor] = []
    for _ in 0..<sampled.samples { candidates.append(try sampled.sample(&rng)) }
    var descent = SlackSearch(starts: 4, steps: 60, isCancelled: context.isCancelled)
    if let end = try descent.minimise(sampled, scale: set.scale, rng: &rng, slack: { w in
      let g = try f.objective.valueAndGradient(w).gradient
      return try Tensor.dot(g, g)
    }, gradient: { w in
      let g = try f.objective.valueAndGradient(w).gradient
      return try second.hessianVectorProduct(w, g).hv * 2
    }) { candidates.append(end.point) }
    var spectra: [(point: Tensor, spectrum: HessianSpectrum)] = []
    for p in candidates { spectra.append((p, try HessianSpectrum.at(second, p, rng: &rng))) }
    let products = spectra.reduce(0) { $0 + $1.spectrum.products }
    var record = try check.record(f.objective, second, spectra, products: products + descent.evaluations,
                                  method: spectra.first?.spectrum.method ?? "", on: .continuous, context)
    record.method = "\(sampled.samples) samples (\(set.description)) and the end of \(descent.steps) descent steps on ||grad f||^2 from the 4 smallest, each classified: " + record.method
    return record
  }
}
