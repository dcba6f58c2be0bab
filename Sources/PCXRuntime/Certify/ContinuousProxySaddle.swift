import PCXNumerics

/// proxy_pl, proxy_convex (000 Def 1.2, 1.1) and strict_saddle (002 Def 2.1) on continuous sets.
extension Interpreter {
  /// inf over the set of 2 ||grad f||^alpha / (g - xi) (points with g > xi); its gradient by the
  /// quotient rule with grad ||grad f||^alpha = alpha ||grad f||^(alpha - 2) H grad f.
  mutating func proxyPLOnSet(
    _ a: Arguments, _ name: String, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ set: ContinuousSet,
    _ search: inout SlackSearch, _ rng: inout RandomStream, claimed: Double?
  ) throws -> CertificateRecord {
    let g = try objectiveArg(a, ["g"])
    let alpha = try a.value("alpha").map { try number($0, name) } ?? 2
    let xi = try a.value("xi").map { try number($0, name) } ?? 0
    func parts(_ w: Tensor) throws -> (lhs: Double, excess: Double, grad: Tensor, gGrad: Tensor)? {
      let grad = try f.objective.valueAndGradient(w).gradient
      let (gv, gg) = try g.objective.valueAndGradient(w)
      guard gv - xi > 1e-300 else { return nil }
      return (libmPow(grad.norm(), alpha), gv - xi, grad, gg)
    }
    let best = try search.minimise(set, scale: Self.scale(of: set), rng: &rng, slack: { try parts($0).map { 2 * $0.lhs / $0.excess } }) { w in
      guard let p = try parts(w) else { return Tensor.zeros(w.shape) }
      let n = p.grad.norm()
      let hg = try second.hessianVectorProduct(w, p.grad).hv
      let gradA = try hg * (alpha * libmPow(Swift.max(n, 1e-300), alpha - 2))
      return try (gradA * p.excess - p.gGrad * p.lhs) * (2 / (p.excess * p.excess))
    }
    guard let best, let p = try parts(best.point) else {
      return CertificateRecord(name: "proxy_pl", verdict: .notRefuted, estimate: ["mu": .infinity], method: "", evaluations: 0,
                               source: "000 Def 1.2", reason: "g <= xi at every point found, so the inequality holds there for any mu")
    }
    let violated = claimed.map { best.value < $0 * (1 - 1e-12) } ?? (best.value <= 0)
    return CertificateRecord(
      name: "proxy_pl", verdict: violated ? .violated : .notRefuted, estimate: ["mu": best.value],
      witness: Witness(point: best.point.scalars, lhs: p.lhs, rhs: (claimed ?? best.value) / 2 * p.excess),
      method: "", evaluations: 0, source: "000 Def 1.2, Thm 3.1",
      reason: violated ? "the inequality fails at the witness" : "mu is the smallest ratio found (an upper bound of the true constant)")
  }

  /// inf over pairs of <grad f(w), w - v> - g(w) + h(v): v is `v:` when given, else each of eight
  /// sampled points of the set; w is searched for each along H_f(w)(w - v) + grad f(w) - grad g(w).
  mutating func proxyConvexOnSet(
    _ a: Arguments, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ set: ContinuousSet,
    _ search: inout SlackSearch, _ rng: inout RandomStream
  ) throws -> CertificateRecord {
    let g = try objectiveArg(a, ["g"]), h = try objectiveArg(a, ["h"])
    let comparators = try a.value("v").map { [try point($0, dimension: f.initial.count)] }
      ?? (0..<8).map { _ in try set.sample(&rng) }
    var perV = set
    perV = ContinuousSet(shape: set.shape, samples: Swift.max(set.samples / comparators.count, 8), description: set.description)
    var best: (slack: Double, w: Tensor, v: Tensor, lhs: Double, rhs: Double, size: Double)?
    for v in comparators {
      let hv = try h.objective.value(v)
      func parts(_ w: Tensor) throws -> (lhs: Double, rhs: Double, size: Double) {
        let grad = try f.objective.valueAndGradient(w).gradient
        let gw = try g.objective.value(w)
        return (try Tensor.dot(grad, w - v), gw - hv, Swift.max(Swift.abs(gw), Swift.abs(hv)))
      }
      let found = try search.minimise(perV, scale: Self.scale(of: set), rng: &rng, slack: { w in try parts(w).lhs - parts(w).rhs }) { w in
        let d = try w - v
        let (_, grad, hd) = try second.hessianVectorProduct(w, d)
        return try hd + grad - g.objective.valueAndGradient(w).gradient
      }
      if let found, found.value < (best?.slack ?? .infinity) {
        let p = try parts(found.point)
        best = (found.value, found.point, v, p.lhs, p.rhs, p.size)
      }
    }
    guard let best else {
      return CertificateRecord(name: "proxy_convex", verdict: .inconclusive, estimate: [:], method: "", evaluations: 0,
                               source: "000 Def 1.1", reason: "no point could be evaluated")
    }
    // g(w) - h(v) is a difference of terms of size `size`: below their rounding it is not a violation
    let violated = best.slack < -1e-12 * Swift.max(best.size, Swift.abs(best.lhs))
    return CertificateRecord(
      name: "proxy_convex", verdict: violated ? .violated : .notRefuted, estimate: ["min_slack": best.slack],
      witness: Witness(point: best.w.scalars + best.v.scalars, lhs: best.lhs, rhs: best.rhs),
      method: "", evaluations: 0, source: "000 Def 1.1, Thm 4.1",
      reason: violated ? "the inequality fails for the witness pair (w then v)" : "the smallest slack found is non-negative")
  }

  /// 002 Def 2.1 on a continuous set: the candidates are the samples and the ends of descents on
  /// ||grad f||^2 (gradient 2 H grad f) from the samples with the smallest gradients — near-
  /// stationary points are where the definition can fail; each is then classified exactly.
  mutating func strictSaddleOnSet(
    _ a: Arguments, _ name: String, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ set: ContinuousSet,
    _ search: inout SlackSearch, _ rng: inout RandomStream
  ) throws -> CertificateRecord {
    let sampled = ContinuousSet(shape: set.shape, samples: Swift.min(set.samples, 200), description: set.description)
    var candidates: [Tensor] = []
    for _ in 0..<sampled.samples { candidates.append(try sampled.sample(&rng)) }
    var descent = SlackSearch(starts: 4, steps: 60)
    if let end = try descent.minimise(sampled, scale: Self.scale(of: set), rng: &rng, slack: { w in
      let g = try f.objective.valueAndGradient(w).gradient
      return try Tensor.dot(g, g)
    }, gradient: { w in
      let g = try f.objective.valueAndGradient(w).gradient
      return try second.hessianVectorProduct(w, g).hv * 2
    }) { candidates.append(end.point) }
    var spectra: [(Tensor, HessianSpectrum)] = []
    for p in candidates { spectra.append((p, try HessianSpectrum.at(second, p, rng: &rng))) }
    let products = spectra.reduce(0) { $0 + $1.1.products }
    var record = try strictSaddle(a, name, f, second, spectra, products: products + descent.evaluations,
                                  method: spectra.first?.1.method ?? "")
    record.method = "\(sampled.samples) samples (\(set.description)) and the end of \(descent.steps) descent steps on ||grad f||^2 from the 4 smallest, each classified: " + record.method
    return record
  }
}
