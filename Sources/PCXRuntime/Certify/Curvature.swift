import PCXNumerics
import PCXSema

/// Certificates about curvature on finite sets: `hessian_spectrum` (a quantity at a point),
/// `convexity` (lambda_min(hess L) >= 0, 003 Sec 3), `smoothness` (sup ||hess L||_2) and
/// `strict_saddle` (002 Def 2.1). Every point of the set is evaluated, so verdicts are exact on it.
extension Interpreter {
  mutating func curvature(_ fn: String, _ a: Arguments, name: String) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["f", "loss"])
    guard let second = f.objective as? SecondOrderObjective else { return nil }
    var rng = env.stream("certify \(name)")
    let points: [Tensor]
    if fn == "hessian_spectrum" {
      // at: defaults to the objective's initial parameters (a model's initialisation, 004 Thm 4.1)
      points = [try a.value("at").map { try point($0, dimension: f.initial.count) } ?? f.initial]
    } else {
      guard let set = try finitePoints(a.value("on"), objective: f) else { return nil }
      points = set
    }
    var spectra: [(Tensor, HessianSpectrum)] = []
    for p in points { try checkCancelled(); spectra.append((p, try HessianSpectrum.at(second, p, rng: &rng))) }
    let products = spectra.reduce(0) { $0 + $1.1.products }
    let method = spectra.first?.1.method ?? "no points"
    guard spectra.allSatisfy({ $0.1.converged && $0.1.smallest.isFinite && $0.1.largest.isFinite }) else {
      return CertificateRecord(name: fn, verdict: .inconclusive, estimate: [:], method: method, evaluations: products,
                               source: Self.curvatureSource(fn), reason: "the eigen-solver did not converge at some point (or gave NaN)")
    }
    let lowest = spectra.min { $0.1.smallest < $1.1.smallest }
    let lambdaMin = lowest?.1.smallest ?? .nan
    let lambdaMax = spectra.map { $0.1.largest }.max() ?? .nan
    let normMax = spectra.map { Swift.max(Swift.abs($0.1.smallest), Swift.abs($0.1.largest)) }.max() ?? .nan
    switch fn {
    case "convexity":
      let ok = lambdaMin >= 0
      return CertificateRecord(
        name: fn, verdict: ok ? .holds : .violated, estimate: ["lambda_min": lambdaMin, "lambda_max": lambdaMax],
        witness: lowest.map { Witness(point: $0.0.scalars, lhs: $0.1.smallest, rhs: 0) },
        method: "lambda_min(hess L) >= 0 at each of \(points.count) points; " + method, evaluations: products,
        source: Self.curvatureSource(fn),
        reason: ok ? nil : "the Hessian has a negative eigenvalue at the witness: L is not convex there (003 Prop 2)")
    case "strict_saddle":
      return try strictSaddle(a, name, f, second, spectra, products: products, method: method)
    default:  // hessian_spectrum, smoothness: quantities measured exactly at every point of the set
      return CertificateRecord(
        name: fn, verdict: .holds,
        estimate: ["lambda_min": lambdaMin, "lambda_max": lambdaMax, "beta": normMax],
        witness: nil, method: method + (fn == "smoothness" ? "; beta = max over \(points.count) points of ||hess L||_2" : ""),
        evaluations: products, source: Self.curvatureSource(fn))
    }
  }

  static func curvatureSource(_ fn: String) -> String {
    switch fn {
    case "convexity": return "003 Sec 3, Prop 2"
    case "smoothness": return "001 Thm 2.2, 003 Def 1, 004 Thm 5.2"
    case "strict_saddle": return "002 Def 2.1"
    default: return "004 Thm 4.1, 003 App C"
    }
  }

  /// A finite set of points (`points([...])`, `grid(...)`, a run's iterates), or nil for sets this version
  /// does not measure yet (balls, spheres).
  func finitePoints(_ e: TExpr?, objective f: ObjectiveValue) throws -> [Tensor]? {
    if let e, case .call(let set, _, _) = e.kind, set != "points", set != "grid" { return nil }
    return try pointSet(e, objective: f).0
  }

  /// 002 Def 2.1: every point has ||grad f|| >= alpha, or lambda_min(hess f) <= -beta, or lies
  /// within gamma of a local minimum. The last is decided by descending from the point (gradient
  /// descent with step 1/||hess||, 2000 steps) and checking the end: gradient below 1e-8, Hessian
  /// positive semi-definite (up to 1e-8 of its norm), and distance at most gamma. A second-order
  /// stationary point is taken for a local minimum: a degenerate one (x^3 at 0) passes this test.
  mutating func strictSaddle(
    _ a: Arguments, _ name: String, _ f: ObjectiveValue, _ second: any SecondOrderObjective,
    _ spectra: [(Tensor, HessianSpectrum)], products: Int, method: String
  ) throws -> CertificateRecord {
    let alpha = try a.value("alpha").map { try number($0, name) } ?? 0
    let beta = try a.value("beta").map { try number($0, name) } ?? 0
    let gamma = try a.value("gamma").map { try number($0, name) } ?? 0
    var rng = env.stream("certify \(name) descent")
    var counts = ["large_gradient": 0.0, "negative_curvature": 0.0, "near_local_min": 0.0]
    var failure: (Tensor, Double, Double)?
    var evaluations = products
    for (p, spectrum) in spectra {
      let g = try f.objective.valueAndGradient(p).gradient
      let gn = g.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if gn >= alpha { counts["large_gradient", default: 0] += 1; continue }
      if spectrum.smallest <= -beta { counts["negative_curvature", default: 0] += 1; continue }
      let (end, ok, used) = try descendToMinimum(f.objective, second, from: p, rng: &rng)
      evaluations += used
      let distance = try (end - p).norm()
      if ok && distance <= gamma { counts["near_local_min", default: 0] += 1; continue }
      if failure == nil { failure = (p, gn, spectrum.smallest) }
    }
    var estimate = counts
    estimate["points"] = Double(spectra.count)
    return CertificateRecord(
      name: "strict_saddle", verdict: failure == nil ? .holds : .violated, estimate: estimate,
      witness: failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: alpha) },
      method: "at each of \(spectra.count) points: ||grad f|| >= \(alpha), else lambda_min(hess f) <= -\(beta) (\(method)), else descent to a local minimum within \(gamma)",
      evaluations: evaluations, source: "002 Def 2.1",
      reason: failure.map { "at the witness ||grad f|| = \($0.1) < alpha, lambda_min = \($0.2) > -beta, and no local minimum was found within gamma" })
  }

  /// Gradient descent from p with step 1/beta (beta from the Hessian there); whether it ends at a
  /// point with a tiny gradient and a positive semi-definite Hessian.
  func descendToMinimum(
    _ f: any Objective, _ second: any SecondOrderObjective, from p: Tensor, rng: inout RandomStream
  ) throws -> (Tensor, Bool, Int) {
    var x = p
    let s0 = try HessianSpectrum.at(second, x, rng: &rng)
    let step = 1 / Swift.max(Swift.abs(s0.largest), Swift.abs(s0.smallest), 1e-12)
    var used = s0.products
    for _ in 0..<2000 {
      let g = try f.valueAndGradient(x).gradient
      used += 1
      if g.scalars.reduce(0, { $0 + $1 * $1 }).squareRoot() < 1e-10 { break }
      try x.addScaled(g, -step)
      // the descent ran away (f unbounded below along it): no local minimum on this path
      if !x.isFinite || x.scalars.contains(where: { Swift.abs($0) > 1e150 }) { return (x, false, used) }
    }
    let g = try f.valueAndGradient(x).gradient
    let s = try HessianSpectrum.at(second, x, rng: &rng)
    used += s.products + 1
    let scale = Swift.max(Swift.abs(s.largest), 1)
    let ok = g.scalars.reduce(0, { $0 + $1 * $1 }).squareRoot() < 1e-8 && s.smallest >= -1e-8 * scale
    return (x, ok, used)
  }
}
