import PCXNumerics
import PCXSema

/// The certificates of SPEC §5 on continuous sets (ball, sphere, spectral_ball): each is the
/// infimum of a slack, searched by `SlackSearch`. The verdict is `violated` with a witness when a
/// point breaks the inequality (or a claimed constant), and otherwise `not_refuted` — never
/// `holds`: the estimate is the best the search found (an upper bound of an infimum, a lower bound
/// of a supremum).
extension Interpreter {
  /// The certificates measured here, by name.
  static let continuousCertificates: Set<String> = [
    "pl", "pl_star", "pl_star_eps", "uniform_conditioning", "lipschitz", "smoothness", "convexity",
    "quasi_convex", "rsi", "proxy_pl", "proxy_convex", "strict_saddle",
  ]

  mutating func certifyOnSet(_ fn: String, _ a: Arguments, name: String) throws -> CertificateRecord? {
    guard Self.continuousCertificates.contains(fn) else { return nil }
    let f = try objectiveArg(a, ["loss", "f"])
    guard let set = try continuousSet(a.value("on"), objective: f, name: name) else { return nil }
    guard let second = f.objective as? SecondOrderObjective else {
      throw RuntimeError(.argument, "\(fn) on a continuous set needs an objective pcx can differentiate twice")
    }
    var rng = env.stream("certify \(name) set")
    var search = SlackSearch()
    search.isCancelled = isCancelled
    let scale = Self.scale(of: set)
    let claimed = try claimedConstant(fn, a, name)
    var record: CertificateRecord
    switch fn {
    case "pl", "pl_star", "pl_star_eps":
      let floor = fn == "pl" ? try a.value("l_star").map { try number($0, name) } ?? 0 : 0
      let eps = fn == "pl_star_eps" ? try a.value("eps").map { try number($0, name) } ?? 0 : -Double.infinity
      // ||g||^2 / (L - L*) and its gradient (2 H g (L - L*) - ||g||^2 g) / (L - L*)^2
      func ratio(_ w: Tensor) throws -> Double? {
        let (v, g) = try f.objective.valueAndGradient(w)
        guard v - floor > 1e-300, v >= eps else { return nil }
        return try Tensor.dot(g, g) / (v - floor)
      }
      let best = try search.minimise(set, scale: scale, rng: &rng, slack: ratio) { w in
        let (v, g, hg) = try second.hessianVectorProduct(w, try f.objective.valueAndGradient(w).gradient)
        let e = v - floor, g2 = try Tensor.dot(g, g)
        return try (hg * (2 * e) - g * g2) * (1 / (e * e))
      }
      record = try ratioRecord(fn, best, claimed: claimed, key: "mu", f: f, floor: floor,
                               lhsName: "||grad L||^2", source: fn == "pl" ? "002 Thm 2.4, 000 Sec 2" : "003 eq (3), Def 3, Def 5")
    case "quasi_convex", "rsi":
      guard let xs = a.value("x_star") else { throw RuntimeError(.argument, "\(fn) needs x_star") }
      let xStar = try point(xs, dimension: f.initial.count)
      let fStar = try f.objective.value(xStar)
      // grad f^T (x - x*) / D with D = f - f* (quasi_convex) or ||x - x*||^2 (rsi)
      func parts(_ x: Tensor) throws -> (n: Double, d: Double, g: Tensor, dx: Tensor)? {
        let (v, g) = try f.objective.valueAndGradient(x)
        let dx = try x - xStar
        let d = fn == "rsi" ? try Tensor.dot(dx, dx) : v - fStar
        guard d > 1e-300 else { return nil }
        return (try Tensor.dot(g, dx), d, g, dx)
      }
      let best = try search.minimise(set, scale: scale, rng: &rng, slack: { try parts($0).map { $0.n / $0.d } }) { x in
        guard let p = try parts(x) else { return Tensor.zeros(x.shape) }
        let hdx = try second.hessianVectorProduct(x, p.dx).hv
        let gradN = try hdx + p.g
        let gradD = fn == "rsi" ? try p.dx * 2 : p.g
        return try (gradN * p.d - gradD * p.n) * (1 / (p.d * p.d))
      }
      record = try ratioRecord(fn, best, claimed: claimed, key: "tau", f: f, floor: fStar, lhsName: "grad f^T (x - x*)",
                               source: fn == "rsi" ? "002 eq (2.3)" : "002 Def 2.5, Thm 3.2", xStar: fn == "rsi" ? xStar : nil)
    case "lipschitz":
      let best = try search.minimise(set, scale: scale, rng: &rng, slack: { -(try f.objective.valueAndGradient($0).gradient.norm()) }) { w in
        let (_, g, hg) = try second.hessianVectorProduct(w, try f.objective.valueAndGradient(w).gradient)
        return try hg * (-1 / Swift.max(g.norm(), 1e-300))
      }
      record = supremumRecord(fn, best.map { (-$0.value, $0.point) }, claimed: claimed, key: "L", source: "003 Def 2, 001 Thm 2.2")
    case "smoothness", "convexity":
      var lanczosRNG = env.stream("certify \(name) lanczos")
      let best = try search.minimise(set, scale: scale, rng: &rng, slack: { w in
        let s = try HessianSpectrum.at(second, w, rng: &lanczosRNG)
        guard s.converged else { return nil }
        return fn == "convexity" ? s.smallest : -Swift.max(Swift.abs(s.smallest), Swift.abs(s.largest))
      }, gradient: nil)
      if fn == "smoothness" {
        record = supremumRecord(fn, best.map { (-$0.value, $0.point) }, claimed: claimed, key: "beta", source: "001 Thm 2.2, 003 Def 1, 004 Thm 5.2")
      } else {
        let low = best?.value ?? .nan
        let violated = low < 0
        record = CertificateRecord(
          name: fn, verdict: best == nil ? .inconclusive : (violated ? .violated : .notRefuted), estimate: ["lambda_min": low],
          witness: best.map { Witness(point: $0.point.scalars, lhs: $0.value, rhs: 0) }, method: "", evaluations: 0,
          source: "003 Sec 3, Prop 2",
          reason: best == nil ? "the eigen-solver did not converge at any sampled point"
            : (violated ? "the Hessian has a negative eigenvalue at the witness: L is not convex there (003 Prop 2)"
              : "no point with a negative Hessian eigenvalue was found (lambda_min is the smallest found)"))
      }
    case "uniform_conditioning":
      guard let loss = f.objective as? LossObjective else {
        throw RuntimeError(.argument, "uniform_conditioning needs a loss of a model on data (003 Def 3: the tangent kernel of F)")
      }
      let limit = options.limits.maxBytes
      let best = try search.minimise(set, scale: scale, rng: &rng, slack: { try Self.kernelSpectrumEnds(loss, $0, limit).lambdaMin }, gradient: nil)
      record = try ratioRecord(fn, best, claimed: claimed, key: "mu", f: f, floor: 0, lhsName: "lambda_min(K)", source: "003 Def 3, Def 4")
    case "proxy_pl":
      record = try proxyPLOnSet(a, name, f, second, set, &search, &rng, claimed: claimed)
    case "proxy_convex":
      record = try proxyConvexOnSet(a, f, second, set, &search, &rng)
    default:  // strict_saddle
      record = try strictSaddleOnSet(a, name, f, second, set, &search, &rng)
    }
    record.method = fn == "strict_saddle" ? record.method : search.method(set, gradient: !["smoothness", "convexity", "uniform_conditioning"].contains(fn))
    record.evaluations += search.evaluations
    if record.verdict == .holds { record.verdict = .notRefuted }  // never `holds` on a continuous set
    return record
  }

  /// `mu:`, `tau:`, `L:` or `beta:` as a number, nil for `auto` or absent.
  func claimedConstant(_ fn: String, _ a: Arguments, _ name: String) throws -> Double? {
    let key = ["quasi_convex": "tau", "rsi": "tau", "lipschitz": "L", "smoothness": "beta"][fn] ?? "mu"
    guard let e = a.value(key) else { return nil }
    if case .choice("auto") = e.kind { return nil }
    return try number(e, name)
  }

  /// An infimum of a ratio that must stay above a claimed constant (or above 0 with `auto`).
  func ratioRecord(
    _ fn: String, _ best: (value: Double, point: Tensor)?, claimed: Double?, key: String, f: ObjectiveValue,
    floor: Double, lhsName: String, source: String, xStar: Tensor? = nil
  ) throws -> CertificateRecord {
    guard let best else {
      return CertificateRecord(name: fn, verdict: .inconclusive, estimate: [:], method: "", evaluations: 0, source: source,
                               reason: "no sampled point has the ratio defined (the denominator vanishes everywhere sampled)")
    }
    let threshold = claimed ?? 0
    let violated = claimed != nil ? best.value < threshold * (1 - 1e-12) : best.value <= 0
    let denominator: Double
    if let xStar { denominator = try (best.point - xStar).norm() * (best.point - xStar).norm() } else {
      denominator = fn == "uniform_conditioning" ? 1 : try f.objective.value(best.point) - floor
    }
    return CertificateRecord(
      name: fn, verdict: violated ? .violated : .notRefuted, estimate: [key: best.value],
      witness: Witness(point: best.point.scalars, lhs: best.value * denominator, rhs: (claimed ?? best.value) * denominator),
      method: "", evaluations: 0, source: source,
      reason: violated
        ? "at the witness \(lhsName) = \(best.value * denominator) is below \(claimed.map { "the claimed \(key) = \($0)" } ?? "0") times its right-hand side"
        : "no point of the set was found below \(claimed.map { "the claimed \(key) = \($0)" } ?? "a positive \(key)") (\(key) = \(best.value) is the smallest ratio found: an upper bound of the true constant)")
  }

  /// A supremum that must stay below a claimed bound (with `auto`, only estimated).
  func supremumRecord(_ fn: String, _ best: (Double, Tensor)?, claimed: Double?, key: String, source: String) -> CertificateRecord {
    guard let best else {
      return CertificateRecord(name: fn, verdict: .inconclusive, estimate: [:], method: "", evaluations: 0, source: source,
                               reason: "no sampled point could be evaluated")
    }
    let violated = claimed.map { best.0 > $0 * (1 + 1e-12) } ?? false
    return CertificateRecord(
      name: fn, verdict: violated ? .violated : .notRefuted, estimate: [key: best.0],
      witness: Witness(point: best.1.scalars, lhs: best.0, rhs: claimed ?? best.0), method: "", evaluations: 0, source: source,
      reason: violated ? "the witness exceeds the claimed \(key)"
        : "\(key) = \(best.0) is the largest found: a lower bound of the supremum over the set")
  }
}
