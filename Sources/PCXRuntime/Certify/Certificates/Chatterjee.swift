import PCXNumerics
import PCXSema

/// Chatterjee's criterion (001 eq (2.1)) at one point or at every point of a finite set, with
/// the constants of 001 Thm 2.2 and the guarantees of Thm 2.1 and 2.2 when it is met.
enum Chatterjee: Certificate {
  static let entry = CatalogEntry("chatterjee", .certificate, [.required("f", .objective), .optional("at", .point, .contextual("none")), .required("radius", .realOr(["auto"])),
    .optional("on", .set, .contextual("none"))],
    rule: .certificate, summary: "alpha(x0, r) = inf ||grad f||^2 / f on B(x0, r); 4 f(x0) < r^2 alpha, at one x0 or at every point of on: (a grid draws 001 Figure 1)", reference: "001 eq (2.1), Thm 2.1, Thm 2.2, Figure 1")

  static let documentation = CertificateDoc(
    formula: "alpha(x0, r) = inf over B(x0, r) with f != 0 of ||grad f||^2 / f; the criterion 4 f(x0) < r^2 alpha(x0, r) (001 eq (2.1)).",
    sets: "the ball B(x0, r) around `at:` (one value per parameter, in declaration order); radius: auto searches r over 1e-3 to 10 times max(||x0||, 1); on: grid(...) evaluates the criterion with x0 at every grid point (001 Figure 1).",
    method: "Uniform samples of the ball and projected gradient descent on the ratio with exact HVPs; the smallest ratio found, alpha-hat, is an upper bound of alpha. When the criterion is met, 001 Thm 2.2's L1 (sup |d_i f| on B(x0, r)) and L2 (sup |d_ij f| on B(x0, 2r)) by samples and ascent, then epsilon, eta and delta.",
    verdicts: "violated when r^2 alpha-hat <= 4 f(x0) (certain, since alpha <= alpha-hat), with the point; else not_refuted.",
    guarantee: "001 Thm 2.1 for gradient_flow runs from x0: f(phi(t)) <= e^{-alpha t} f(x0) inside B(x0, r); 001 Thm 2.2 for gd: f(x_k) <= (1 - delta)^k f(x0) with eta <= min(r / (L1 sqrt p), 6 eps / (L2 p)); `lr: theorem` takes that eta.",
    example: "certify chatterjee(f, at: (x, y), radius: auto)")

  static let estimates = [
    "alpha", "radius", "f_x0", "margin", "epsilon", "L1", "L2", "eta", "delta", "met", "points", "fraction_met",
  ]

  /// `chatterjee(f, at: x0, radius: r)` at one point, or `on:` a finite set of starting points
  /// (a grid draws 001 Figure 1); exactly one of `at:` and `on:`.
  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("f")
    let second = try context.secondOrder(f, "f")
    switch (a.expression("at"), a.expression("on")) {
    case (let at?, nil): return try evaluate(at: at, f, second, context)
    case (nil, let on?): return CertificateOutcome(record: try ChatterjeeOverSet.record(on, f, second, context))
    case (nil, nil):
      throw a.error("f", "chatterjee needs a starting point at: (x0, y0) or a set of them on: grid(...) or points([...])")
    case (_?, _?):
      throw a.error("on", "chatterjee takes either at: (one starting point) or on: (a set of them), not both")
    }
  }

  /// radius: auto's radii, `count` values from 1e-3 to 10 times max(||x0||, 1) geometrically, or
  /// the one fixed radius.
  static func radii(_ a: CallArguments, _ x0: Tensor, count: Int) throws -> [Double] {
    guard case .number(let r)? = try a.numberOrName("radius") else {
      let scale = Swift.max(x0.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1)
      return (0..<count).map { scale * 1e-3 * libmPow(1e4, Double($0) / Double(count - 1)) }
    }
    guard r > 0, r.isFinite else { throw a.error("radius", "chatterjee needs a positive radius, found \(r)") }
    return [r]
  }

  /// The criterion at `at:` (49 radii with short searches for radius: auto, then a full search of
  /// the best), and when it is met the constants of Thm 2.2, `lr: theorem`'s step and the
  /// guarantee for the latest run of f at this sweep point.
  static func evaluate(
    at: TExpr, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ context: CertificateContext
  ) throws -> CertificateOutcome {
    let x0 = try context.point(at, dimension: f.initial.count)
    let f0 = try f.objective.value(x0)
    var search = ChatterjeeSearch(f: second, center: x0, rng: context.stream())
    let radii = try radii(context.arguments, x0, count: 49)
    var best: (r: Double, alpha: Double, point: Tensor, margin: Double)?
    for r in radii {
      try context.checkCancelled()
      let (alpha, p) = try search.alpha(radius: r, starts: radii.count > 1 ? 1 : nil, steps: radii.count > 1 ? 30 : nil)
      let margin = r * r * alpha - 4 * f0
      if best == nil || margin > (best?.margin ?? -.infinity) { best = (r, alpha, p, margin) }
    }
    if radii.count > 1, let b = best {
      let (alpha, p) = try search.alpha(radius: b.r)
      if alpha < b.alpha { best = (b.r, alpha, p, b.r * b.r * alpha - 4 * f0) }
    }
    guard let best else { throw context.arguments.error("radius", "chatterjee needs a positive radius") }
    let verdict = Verdict.decide(best.margin, .positive, on: .continuous)
    var estimate = ["alpha": best.alpha, "radius": best.r, "f_x0": f0, "margin": best.margin]
    var outcome = CertificateOutcome(record: CertificateRecord(
      name: entry.name, verdict: verdict, estimate: [:],
      witness: Witness(point: best.point.scalars, lhs: best.r * best.r * best.alpha, rhs: 4 * f0),
      method: "alpha(x0, r) = inf over B(x0, r) of ||grad f||^2 / f by \(search.samples) uniform samples and projected gradient descent on the ratio (exact HVPs) from the \(search.starts) best; criterion 4 f(x0) < r^2 alpha"
        + (radii.count > 1 ? "; radius: auto tries \(radii.count) radii from 1e-3 to 10 times max(||x0||, 1) with short searches and searches the best one fully" : ""),
      evaluations: search.evaluations, source: "001 eq (2.1), Thm 2.1, Thm 2.2",
      reason: verdict == .violated ? "the ratio at the witness already makes r^2 alpha <= 4 f(x0), so the criterion fails"
        : "no point of the ball was found with a ratio low enough to break the criterion (alpha_hat is an upper bound of alpha)"))
    if verdict != .violated {
      var rng = context.stream(" constants")
      let bounds = try ChatterjeeBounds.derivatives(second, x0: x0, radius: best.r, rng: &rng)
      if let theorems = ChatterjeeTheorems(alpha: best.alpha, radius: best.r, f0: f0, l1: bounds.l1, l2: bounds.l2,
                                           p: x0.count, startsAtX0: x0.shape == f.initial.shape && x0.scalars == f.initial.scalars) {
        estimate.merge(theorems.estimate) { a, _ in a }
        outcome.followUp = theorems.followUp(objective: f.name)
        outcome.record.guarantee = context.latestRun(of: f.name).flatMap(theorems.guarantee)
      }
    }
    outcome.record.estimate = estimate
    return outcome
  }
}
