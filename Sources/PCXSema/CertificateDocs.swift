/// The long-form documentation of one certificate: what `pcx explain`, the REPL's `:help` and
/// docs/certificates.md print (the catalog entry carries the signature, summary and reference).
public struct CertificateDoc: Sendable {
  /// The inequality or quantity, as in the paper.
  public let formula: String
  /// The sets it ranges over and what each means for it.
  public let sets: String
  /// How pcx evaluates it.
  public let method: String
  /// What each verdict means for it.
  public let verdicts: String
  /// The guarantee it feeds, if any.
  public let guarantee: String?
  /// A line of pcx that uses it.
  public let example: String

  /// The sections as indented text.
  public func rendered(indent: String) -> String {
    var parts = [("formula", formula), ("sets", sets), ("method", method), ("verdicts", verdicts)]
    if let guarantee { parts.append(("guarantee", guarantee)) }
    parts.append(("example", example))
    return parts.map { "\(indent)\($0.0):\n" + Self.wrap($0.1, indent: indent + "  ", width: 96) }.joined(separator: "\n")
  }

  /// Words of `text` in lines of at most `width` columns, each line indented.
  static func wrap(_ text: String, indent: String, width: Int) -> String {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
        lines.append(indent + line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(indent + line) }
    return lines.joined(separator: "\n")
  }
}

/// The documentation of every certificate of the catalog, by name.
public enum CertificateDocs {
  /// docs/certificates.md: every certificate of the catalog with its signature, summary, source
  /// and documentation (a test keeps the checked-in file equal to this).
  public static func markdown() -> String {
    var out = [
      "# Certificates", "",
      "Generated from the catalog (`Sources/PCXSema/CertificateDocs.swift`); `pcx explain NAME` prints the same text.",
      "Verdicts follow SPEC §5: `holds`/`violated` on finite sets (every point evaluated), `not_refuted`/`violated` on",
      "continuous sets (sampled and searched adversarially; a continuous set never `holds`), `inconclusive` with a reason.",
      "Guarantees are `consistent` or `contradicted` (with the first failing step) and list the theorem's hypotheses",
      "with whether pcx found each met.", "",
    ]
    let names = Catalog.names.filter { name in Catalog.entries(named: name).contains { $0.kind == .certificate } }
    for name in names {
      guard let entry = Catalog.entries(named: name).first(where: { $0.kind == .certificate }) else { continue }
      out += ["## `\(name)`", "", "`\(Explain.signature(entry))`", "", "\(entry.summary) — source: \(entry.reference)", ""]
      if let doc = table[name] {
        var parts = [("Formula", doc.formula), ("Sets", doc.sets), ("Method", doc.method), ("Verdicts", doc.verdicts)]
        if let g = doc.guarantee { parts.append(("Guarantee", g)) }
        for (title, text) in parts { out += ["- **\(title).** \(text)"] }
        out += ["", "```", doc.example, "```", ""]
      }
    }
    return out.joined(separator: "\n")
  }

  /// The documentation of a certificate, or nil for other names.
  public static func entry(_ name: String) -> CertificateDoc? { table[name] }

  static let table: [String: CertificateDoc] = [
    "chatterjee": CertificateDoc(
      formula: "alpha(x0, r) = inf over B(x0, r) with f != 0 of ||grad f||^2 / f; the criterion 4 f(x0) < r^2 alpha(x0, r) (001 eq (2.1)).",
      sets: "the ball B(x0, r) around `at:` (one value per parameter, in declaration order); radius: auto searches r over 1e-3 to 10 times max(||x0||, 1); on: grid(...) evaluates the criterion with x0 at every grid point (001 Figure 1).",
      method: "Uniform samples of the ball and projected gradient descent on the ratio with exact HVPs; the smallest ratio found, alpha-hat, is an upper bound of alpha. When the criterion is met, 001 Thm 2.2's L1 (sup |d_i f| on B(x0, r)) and L2 (sup |d_ij f| on B(x0, 2r)) by samples and ascent, then epsilon, eta and delta.",
      verdicts: "violated when r^2 alpha-hat <= 4 f(x0) (certain, since alpha <= alpha-hat), with the point; else not_refuted.",
      guarantee: "001 Thm 2.1 for gradient_flow runs from x0: f(phi(t)) <= e^{-alpha t} f(x0) inside B(x0, r); 001 Thm 2.2 for gd: f(x_k) <= (1 - delta)^k f(x0) with eta <= min(r / (L1 sqrt p), 6 eps / (L2 p)); `lr: theorem` takes that eta.",
      example: "certify chatterjee(f, at: (x, y), radius: auto)"),
    "convexity": CertificateDoc(
      formula: "lambda_min(hess L) >= 0 at every point of the set (003 Sec 3; 003 Prop 2: over-parameterised losses are not convex near their minima).",
      sets: "as pl.",
      method: "The Hessian's smallest eigenvalue at every point (dense or Lanczos); on a continuous set, samples and a random-direction descent on it.",
      verdicts: "holds / violated on finite sets (with the point and its eigenvalue); not_refuted / violated on continuous sets.",
      guarantee: nil,
      example: "certify convexity(L, on: run)"),
    "hessian_control": CertificateDoc(
      formula: "||H_F|| = max_i ||H_{F_i}||_2 <= (lambda_0 - mu) / (2 L_F sqrt(n) R) on B(w0, R), lambda_0 = lambda_min(K(w0)) (003 Thm 2).",
      sets: "the ball B(w0, R) around the loss's initial parameters; radius: auto is 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu (with ||DF(w0)||_2 for L_F).",
      method: "lambda_0 exactly at w0; the model Hessians H_{F_i} (one per sample: dense or Lanczos) and L_F = sqrt(lambda_max(K)) at w0 and `samples` uniform points of the ball. The sups are lower bounds, so the bound computed is an upper bound of the theorem's.",
      verdicts: "violated when a point's model Hessian exceeds the (over-estimated) bound, with both sides; else not_refuted; inconclusive unless 0 < mu < lambda_0.",
      guarantee: "003 Thm 2's conclusion, uniform conditioning lambda_min(K(w)) >= mu in the ball, checked at the sampled points.",
      example: "certify hessian_control(L, radius: auto, mu: 0.01)"),
    "hessian_spectrum": CertificateDoc(
      formula: "the extreme eigenvalues of hess f at a point; for a loss of a one-output model also the model Hessian norm max_i ||hess_theta f(theta; x_i)||_2 (004 Thm 4.1).",
      sets: "the point `at:`.",
      method: "Dense dsyevr when p <= 400, else Lanczos with full reorthogonalisation on exact Hessian-vector products, with a residual bound.",
      verdicts: "holds (a quantity measured exactly at a point); inconclusive if the eigen-solver does not converge.",
      guarantee: nil,
      example: "certify hessian_spectrum(g, at: x)"),
    "landscape": CertificateDoc(
      formula: "multi-start local search: the limits of descent from many starts, clustered and classified by their Hessian (min / saddle / max); spurious local minima are minima above the best value (002 Sec 2.2, 4, 5).",
      sets: "the whole space, or the unit sphere for `param ... on sphere` (Riemannian gradient and Hessian of 002 Sec 2.3).",
      method: "`starts` random starts, `steps` of (Riemannian) gradient descent, clustering of the limits, dense or Lanczos Hessian at each cluster.",
      verdicts: "not_refuted when no spurious minimum was found (the space is continuous), violated with the spurious minimum as witness.",
      guarantee: nil,
      example: "certify landscape(h, starts: 100)"),
    "lipschitz": CertificateDoc(
      formula: "sup of ||grad L|| over the set (003 Def 2, 001 Thm 2.2's L1).",
      sets: "as pl.",
      method: "Exact gradients at every point; on a continuous set, samples and ascent (grad ||grad L||^2 = 2 H grad L by an HVP).",
      verdicts: "holds / violated on finite sets (violated: above a claimed L); not_refuted on continuous sets.",
      guarantee: nil,
      example: "certify lipschitz(L, on: points([w0, w1]))"),
    "pl": CertificateDoc(
      formula: "||grad L(w)||^2 >= mu (L(w) - L*) for every w of the set (L* from `l_star:`, default 0); mu-hat is the smallest ratio ||grad L||^2 / (L - L*).",
      sets: "on: run (every iterate), run every k, points([...]), grid(...): finite, exact; ball(...), sphere, spectral_ball(...): continuous, sampled and searched.",
      method: "Exact gradients at every point of a finite set; on a continuous set, uniform samples then projected gradient descent on the ratio (its gradient by Hessian-vector products) from the worst samples.",
      verdicts: "holds / violated on finite sets (violated: a point with L > L* and zero gradient, or below a claimed `mu:`, with both sides); not_refuted / violated on continuous sets (mu-hat is then an upper bound of the true constant, and a claimed mu is violated only by a point that beats it); inconclusive when no point has L > L*.",
      guarantee: "002 Thm 2.4 / 003 Thm 6: gradient descent with eta <= 1/beta has L(w_t) <= (1 - eta mu / 2)^t L(w_0); checked step by step against a gd run on the set, or a later gd run of the same loss.",
      example: "certify pl(L, on: run every 10)"),
    "pl_star": CertificateDoc(
      formula: "||grad L(w)||^2 >= mu L(w) (003 eq (3)); for a square loss also lambda_min(K(w)) of the tangent kernel K = DF DF^T, since ||grad L||^2 >= 2 lambda_min(K) L (003 Thm 1).",
      sets: "as pl.",
      method: "The ratio at every point (or sampled and searched on a continuous set) and, for square losses of one-output models, lambda_min(K) by dsyevr on the kernel (structured per layer for MLPs, chunked per-sample gradients otherwise).",
      verdicts: "holds / violated on finite sets; violated with the point as witness where K is singular (003 Prop 3: no PL* constant there); not_refuted / violated on continuous sets.",
      guarantee: "003 Thm 6: L(w_t) <= (1 - eta lambda_min)^t L(w_0) for gd (with mu/2 for other losses), checked at every step of the run.",
      example: "certify pl_star(L, on: run)"),
    "pl_star_eps": CertificateDoc(
      formula: "PL* on {w in S : L(w) >= eps} (003 Def 5): points below eps are left out.",
      sets: "as pl.",
      method: "As pl_star on the points of the set with L(w) >= eps.",
      verdicts: "as pl_star; inconclusive when no point has L >= eps.",
      guarantee: "003 Thm 9/10: L < eps in O(log(1/eps)) steps inside R = 2 sqrt(2 beta L(w0)) / mu (the rate is checked as for pl_star).",
      example: "certify pl_star_eps(L, eps: 1e-3, on: run)"),
    "proxy_convex": CertificateDoc(
      formula: "<grad f(w), w - v> >= g(w) - h(v) for all w, v of the set (000 Def 1.1); with `v:` only for that comparator (000 Ex 4.2's v*).",
      sets: "as pl; on a finite set every pair (w, v) is checked; on a continuous set w is searched for `v:` or for eight sampled comparators.",
      method: "All pairs of points; the smallest slack is the estimate.",
      verdicts: "holds / violated on finite sets (the witness is w followed by v); not_refuted / violated on continuous sets.",
      guarantee: "000 Thm 4.1(b) against a run given as on:: min_{t<T} G(w_t) <= (1 + 2 eta L2) H(v) + eps, eps = ||w0 - v||^2 / (eta T), with L2 the smallest constant making E ||grad f(w; z)||^2 <= 2 L2 G(w) at the iterates and v the best iterate.",
      example: "certify proxy_convex(f, g: G, h: H, on: run)"),
    "proxy_pl": CertificateDoc(
      formula: "||grad f(w)||^alpha >= (mu / 2) (g(w) - xi), g an objective (000 Def 1.2).",
      sets: "as pl.",
      method: "Exact gradients and g at every point; mu: auto estimates the smallest 2 ||grad f||^alpha / (g - xi).",
      verdicts: "holds / violated on finite sets (a claimed mu beaten at the witness); not_refuted / violated on continuous sets.",
      guarantee: "000 Thm 3.1 against a gd/sgd run given as on:: min_{t<T} G(w_t) <= E xi + eps with eps solved from T = 2 eta^{-1} (mu eps / 2)^{-2/alpha} f(w0); hypotheses f >= 0 and eta < 1/L2 listed (in expectation over samples).",
      example: "certify proxy_pl(f, g: G, alpha: 1.0, on: run)"),
    "quasi_convex": CertificateDoc(
      formula: "grad f(x)^T (x - x*) >= tau (f(x) - f(x*)) (002 Def 2.5).",
      sets: "as pl.",
      method: "The inequality at every point; tau: auto estimates the largest tau that works.",
      verdicts: "holds / violated on finite sets; not_refuted / violated on continuous sets (the GLM of 002 Thm 3.2 on its ball).",
      guarantee: nil,
      example: "certify quasi_convex(f, x_star: w_star, on: ball(w_star, 1.0, 200))"),
    "rsc": CertificateDoc(
      formula: "along a run: gbar_t = (1/n) sum_i grad f(theta_t; x_i), alpha_t = c1 ||gbar_t||^2 - c2 / sqrt(m) with c1 = 2 kappa^2; L(theta') >= L(theta_t) + <theta' - theta_t, grad L(theta_t)> + alpha_t / 2 ||theta' - theta_t||^2 on Q_kappa ∩ B(theta_t, rho2) (004 Def 5.1, 5.2, Thm 5.1).",
      sets: "the iterates of `run` (about 20 spread over it, or every k), each with the cone Q_kappa = {|cos(theta - theta_t, gbar_t)| >= kappa} within rho2.",
      method: "gbar_t by one reverse sweep; the direct check by samples (|cos| uniform in [kappa, 1], radius uniform in (0, rho2]) and projected gradient descent on the quotient 2 (L(theta') - L(theta_t) - <.,.>) / ||.||^2; local smoothness beta = ||hess L||_2 at a few iterates; for MLPs the layerwise spectral distance from theta_0 (004 A4.2).",
      verdicts: "violated when some theta' lies below the tangent plane (no alpha > 0 works), with both sides; else not_refuted, alpha_min an upper bound of the true constant.",
      guarantee: "004 Thm 5.3: under A4.1 (alpha_t > 0), A4.2 (in B^Spec_{rho, rho1}; give rho:) and eta = omega / beta, omega in (0, 2), the loss decreases strictly at every step; checked against the run.",
      example: "certify rsc(run, kappa: 0.5, rho2: 1.0)"),
    "rsi": CertificateDoc(
      formula: "grad f(x)^T (x - x*) >= tau ||x - x*||^2 (002 eq (2.3)).",
      sets: "as pl.",
      method: "As quasi_convex.",
      verdicts: "as quasi_convex.",
      guarantee: nil,
      example: "certify rsi(f, x_star: w_star, on: run)"),
    "smoothness": CertificateDoc(
      formula: "beta = sup of ||hess L||_2 over the set (001 Thm 2.2, 003 Def 1, 004 Thm 5.2).",
      sets: "as pl.",
      method: "The Hessian spectrum at every point (dense or Lanczos); on a continuous set, samples and a random-direction ascent (no gradient of an eigenvalue is taken).",
      verdicts: "holds / violated on finite sets (violated: above a claimed beta); not_refuted on continuous sets (beta-hat is a lower bound of the sup).",
      guarantee: "prescribes eta = 1/beta for `lr: theorem` (the descent lemma's step).",
      example: "certify smoothness(L, on: run)"),
    "strict_saddle": CertificateDoc(
      formula: "each point has ||grad f|| >= alpha, or lambda_min(hess f) <= -beta, or lies within gamma of a local minimum (002 Def 2.1).",
      sets: "finite sets (run, points, grid); continuous sets sampled and searched.",
      method: "Gradient and Hessian spectrum at each point; the third case descends from the point to a second-order stationary point and measures the distance. On a continuous set the points are samples plus the end of a descent on ||grad f||^2 (near-stationary points are where the definition can fail).",
      verdicts: "holds / violated (the witness fails all three); counts of each case in the estimate.",
      guarantee: nil,
      example: "certify strict_saddle(g, alpha: 0.1, beta: 0.1, gamma: 0.1, on: points([p1, p2]))"),
    "uniform_conditioning": CertificateDoc(
      formula: "lambda_min(K(w)) >= mu at every point, K = DF DF^T the tangent kernel (003 Def 3), and the condition number lambda_max / lambda_min (003 Def 4).",
      sets: "as pl.",
      method: "dsyevr on the tangent kernel at every point.",
      verdicts: "holds / violated on finite sets (violated where lambda_min is numerically 0 or below a claimed mu); not_refuted / violated on continuous sets.",
      guarantee: nil,
      example: "certify uniform_conditioning(L, on: points([w0]))"),
  ]
}
