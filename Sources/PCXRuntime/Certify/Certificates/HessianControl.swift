import PCXNumerics
import PCXSema

/// `hessian_control` (003 Thm 2): with lambda_0 = lambda_min(K(w0)) > 0, if
/// ||H_F|| = max_i ||H_{F_i}||_2 <= (lambda_0 - mu) / (2 L_F sqrt(n) R) on B(w0, R), then
/// lambda_min(K(w)) >= mu on the ball (uniform conditioning, hence mu-PL* for the square loss).
enum HessianControl: Certificate {
  static let entry = CatalogEntry("hessian_control", .certificate, [.required("loss", .objective), .required("radius", .realOr(["auto"])), .optional("mu", .real, .contextual("lambda_0 / 2")), .optional("samples", .int, 12)],
    rule: .certificate, summary: "||H_F|| <= (lambda_0 - mu) / (2 L_F sqrt(n) R) in B(w0, R)", reference: "003 Thm 2")

  static let documentation = CertificateDoc(
    formula: "||H_F|| = max_i ||H_{F_i}||_2 <= (lambda_0 - mu) / (2 L_F sqrt(n) R) on B(w0, R), lambda_0 = lambda_min(K(w0)) (003 Thm 2).",
    sets: "the ball B(w0, R) around the loss's initial parameters; radius: auto is 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu (with ||DF(w0)||_2 for L_F).",
    method: "lambda_0 exactly at w0; the model Hessians H_{F_i} (one per sample: dense or Lanczos) and L_F = sqrt(lambda_max(K)) at w0 and `samples` uniform points of the ball. The sups are lower bounds, so the bound computed is an upper bound of the theorem's.",
    verdicts: "violated when a point's model Hessian exceeds the (over-estimated) bound, with both sides; else not_refuted; inconclusive unless 0 < mu < lambda_0.",
    guarantee: "003 Thm 2's conclusion, uniform conditioning lambda_min(K(w)) >= mu in the ball, checked at the sampled points.",
    example: "certify hessian_control(L, radius: auto, mu: 0.01)")

  static let estimates: [String] = ["lambda_0", "mu", "radius", "L_F", "hessian_norm", "hessian_bound", "lambda_min_ball"]

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("loss")
    let because = "hessian_control needs a loss of a one-output model on data (003 Thm 2's map F(w) = (f(w; x_i))_i)"
    let loss = try context.loss(f, "loss", because: because)
    guard loss.model.outputs == 1 else { throw a.error("loss", because) }
    let w0 = f.initial
    let n = loss.data.n
    var rng = context.stream()
    let limit = context.limits.maxBytes
    let k0 = try loss.tangentKernel(w0, limit: limit)
    let ends0 = try KernelSpectrum.ends(of: k0)
    let lambda0 = ends0.low
    let mu = try a.optionalReal("mu") ?? lambda0 / 2
    guard lambda0 > 0, mu > 0, mu < lambda0 else {
      return CertificateOutcome(record: CertificateRecord(
        name: entry.name, verdict: .inconclusive, estimate: ["lambda_0": lambda0, "mu": mu],
        method: "lambda_0 = lambda_min(K(w0)) by dsyevr", evaluations: 1, source: "003 Thm 2",
        reason: "003 Thm 2 needs 0 < mu < lambda_0 = lambda_min(K(w0)); here lambda_0 = \(lambda0), mu = \(mu)"))
    }
    // L_F = sup ||DF||_2 = sup sqrt(lambda_max(K)) over the ball: samples give a lower bound
    var lf = ends0.high.squareRoot()
    let residual = try ModelHessian.residualNorm(loss, w0)
    let radius: Double
    let auto = try a.numberOrName("radius") == .name("auto")
    if auto {
      // 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu with ||DF(w0)||_2 <= L_F: a lower bound of that R
      radius = 2 * lf * residual / mu
    } else {
      radius = try a.real("radius")
    }
    let samples = try a.int("samples")
    var points = [w0]
    for _ in 0..<Swift.max(samples, 1) { points.append(try ChatterjeeBounds.ballSample(w0, radius, &rng)) }
    var kernelLow = Double.infinity, hNorm = 0.0, worst = w0, products = 0
    for w in points {
      try context.checkCancelled()
      let ends = try KernelSpectrum.ends(of: try loss.tangentKernel(w, limit: limit))
      kernelLow = Swift.min(kernelLow, ends.low)
      lf = Swift.max(lf, ends.high.squareRoot())
      let h = try ModelHessian.norm(loss, w, rng: &rng)
      products += h.products
      if h.norm > hNorm { (hNorm, worst) = (h.norm, w) }
    }
    let bound = (lambda0 - mu) / (2 * lf * Double(n).squareRoot() * radius)
    let verdict = Verdict.decide(hNorm, .atMost(bound), on: .continuous)
    let violated = verdict == .violated
    let conditioned = kernelLow >= mu
    return CertificateOutcome(record: CertificateRecord(
      name: entry.name, verdict: verdict,
      estimate: ["lambda_0": lambda0, "mu": mu, "radius": radius, "L_F": lf, "hessian_norm": hNorm,
                 "hessian_bound": bound, "lambda_min_ball": kernelLow],
      witness: Witness(point: worst.scalars, lhs: hNorm, rhs: bound),
      method: "||H_F|| = max_i ||H_{F_i}||_2 (\(HessianSpectrum.denseLimit >= w0.count ? "dense" : "Lanczos") per sample) and L_F = sup sqrt(lambda_max(K)) at w0 and \(samples) points uniform in B(w0, R)"
        + (auto ? "; radius: auto is 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu with ||DF(w0)||_2 for L_F (so R is a lower bound of the theorem's)" : "")
        + "; both sups are lower bounds, so the bound (lambda_0 - mu) / (2 L_F sqrt(n) R) is an upper bound of the theorem's",
      evaluations: points.count * (n + 1) + products, source: "003 Thm 2, Def 1, Thm 6",
      guarantee: Guarantee(
        statement: "003 Thm 2: lambda_min(K(w)) >= mu = \(mu) in B(w0, \(radius)); checked at the \(points.count) sampled points (smallest \(kernelLow))",
        check: conditioned ? .consistent : .contradicted,
        hypotheses: [
          Guarantee.Hypothesis("lambda_0 = lambda_min(K(w0)) = \(lambda0) > mu", met: true),
          Guarantee.Hypothesis("||H_F|| <= (lambda_0 - mu) / (2 L_F sqrt(n) R) = \(bound) on the ball (largest found \(hNorm))", met: violated ? false : nil),
        ]),
      reason: violated
        ? "the model Hessian at the witness is larger than 003 Thm 2 allows, so the theorem does not certify uniform conditioning on this ball"
        : "no sampled point has a model Hessian above the bound (a sampled sup is a lower bound)"))
  }
}
