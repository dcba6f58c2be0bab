import PCXNumerics

/// Frei & Gu's proxy conditions on finite sets (000 Def 1.1, Def 1.2), with g and h given as
/// objectives of the same number of parameters as f.
extension Interpreter {
  /// 000 Def 1.2: ||grad f(w)||^alpha >= (mu / 2) (g(w) - xi) at every point; with `mu: auto` the
  /// estimate is the smallest 2 ||grad f||^alpha / (g - xi) over points with g > xi.
  mutating func proxyPL(_ a: Arguments, name: String) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["f"]), g = try objectiveArg(a, ["g"])
    guard g.initial.count == f.initial.count else {
      throw RuntimeError(.argument, "proxy_pl needs g of the same parameters as f (\(f.initial.count)); it has \(g.initial.count)")
    }
    guard let points = try finitePoints(a.value("on"), objective: f) else { return nil }
    let alpha = try a.value("alpha").map { try number($0, name) } ?? 2
    let xi = try a.value("xi").map { try number($0, name) } ?? 0
    var claimed: Double?
    if let m = a.value("mu"), !{ if case .choice("auto") = m.kind { return true } else { return false } }() {
      claimed = try number(m, name)
    }
    var muHat = Double.infinity, worst: (Tensor, Double, Double)?, failure: (Tensor, Double, Double)?
    for w in points {
      let grad = try f.objective.valueAndGradient(w).gradient
      let lhs = libmPow(grad.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot(), alpha)
      let excess = try g.objective.value(w) - xi
      guard excess > 0 else { continue }
      let ratio = 2 * lhs / excess
      if ratio < muHat { muHat = ratio; worst = (w, lhs, excess) }
      if let mu = claimed, lhs < mu / 2 * excess, failure == nil { failure = (w, lhs, mu / 2 * excess) }
    }
    guard let worst else {
      return CertificateRecord(name: "proxy_pl", verdict: .holds, estimate: ["mu": .infinity], method: "no point has g > xi",
                               evaluations: points.count, source: "000 Def 1.2",
                               reason: "g(w) <= xi at every point, so the inequality holds for any mu")
    }
    let violated = claimed != nil ? failure != nil : muHat <= 0
    return CertificateRecord(
      name: "proxy_pl", verdict: violated ? .violated : .holds, estimate: ["mu": muHat],
      witness: failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: $0.2) }
        ?? Witness(point: worst.0.scalars, lhs: worst.1, rhs: (claimed ?? muHat) / 2 * worst.2),
      method: "||grad f||^\(alpha) against (mu/2)(g - \(xi)) at every one of \(points.count) points",
      evaluations: 2 * points.count, source: "000 Def 1.2, Thm 3.1",
      reason: violated ? "the inequality fails at the witness" : nil)
  }

  /// 000 Def 1.1: <grad f(w), w - v> >= g(w) - h(v) for every pair (w, v) of points of the set.
  mutating func proxyConvex(_ a: Arguments) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["f"]), g = try objectiveArg(a, ["g"]), h = try objectiveArg(a, ["h"])
    guard g.initial.count == f.initial.count, h.initial.count == f.initial.count else {
      throw RuntimeError(.argument, "proxy_convex needs g and h of as many parameters as f (\(f.initial.count))")
    }
    guard let points = try finitePoints(a.value("on"), objective: f) else { return nil }
    // 000 Ex 4.2 claims the inequality for one comparator v = v*: `v:` restricts the pairs to (w, v)
    let comparators = try a.value("v").map { [try point($0, dimension: f.initial.count)] } ?? points
    let grads = try points.map { try f.objective.valueAndGradient($0).gradient }
    let gs = try points.map { try g.objective.value($0) }, hs = try comparators.map { try h.objective.value($0) }
    var minSlack = Double.infinity, worst: (Int, Int, Double, Double)?, scale = 0.0
    for i in points.indices {
      for j in comparators.indices {
        let lhs = try Tensor.dot(grads[i], points[i] - comparators[j])
        let rhs = gs[i] - hs[j]
        scale = Swift.max(scale, Swift.abs(gs[i]), Swift.abs(hs[j]), Swift.abs(lhs))
        if lhs - rhs < minSlack { minSlack = lhs - rhs; worst = (i, j, lhs, rhs) }
      }
    }
    // Both sides are differences of rounded quantities (a residual near a solution is rounding
    // noise of terms of the set's size), so a slack within 1e-12 of the largest term on the set
    // is floating point, not a violation.
    let violated = minSlack < -1e-12 * scale
    return CertificateRecord(
      name: "proxy_convex", verdict: violated ? .violated : .holds, estimate: ["min_slack": minSlack],
      witness: worst.map { Witness(point: points[$0.0].scalars + comparators[$0.1].scalars, lhs: $0.2, rhs: $0.3) },
      method: "<grad f(w), w - v> against g(w) - h(v) for all \(points.count * comparators.count) pairs (w, v) " + (a.value("v") == nil ? "of the set" : "with w in the set and the given v") + " (witness point: w then v); slacks within 1e-12 of the set's largest term count as rounding",
      evaluations: 3 * points.count, source: "000 Def 1.1, Thm 4.1",
      reason: violated ? "the inequality fails for the witness pair" : nil)
  }
}
