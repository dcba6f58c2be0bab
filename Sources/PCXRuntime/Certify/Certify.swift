import Foundation
import PCXNumerics
import PCXSema

/// The certificates this version evaluates: `chatterjee` (001 eq (2.1)), `pl` (002 Thm 2.4),
/// `pl_star` (003 eq (3), with the tangent-kernel bound of 003 Thm 1 for square losses), and on
/// finite sets `hessian_spectrum`, `convexity`, `smoothness`, `strict_saddle` (Curvature.swift).
/// The others are recorded as not evaluated.
extension Interpreter {
  mutating func evaluateCertificate(_ fn: String, _ e: TExpr, binding: String?) throws -> CertificateRecord? {
    guard case .call(_, _, let args) = e.kind else { return nil }
    let a = Arguments(args)
    let start = Date()
    var record: CertificateRecord
    if let onSet = try certifyOnSet(fn, a, name: binding ?? fn) {
      record = onSet
    } else {
    switch fn {
    case "chatterjee": record = try chatterjee(a, name: binding ?? fn)
    case "pl", "pl_star", "pl_star_eps":
      guard let r = try pl(fn, a) else { return nil }
      record = r
    case "lipschitz":
      guard let r = try lipschitz(a) else { return nil }
      record = r
    case "quasi_convex", "rsi":
      guard let r = try secant(fn, a, name: binding ?? fn) else { return nil }
      record = r
    case "landscape":
      guard let r = try landscape(a, name: binding ?? fn) else { return nil }
      record = r
    case "proxy_pl":
      guard let r = try proxyPL(a, name: binding ?? fn) else { return nil }
      record = r
    case "proxy_convex":
      guard let r = try proxyConvex(a) else { return nil }
      record = r
    case "uniform_conditioning":
      guard let r = try uniformConditioning(a) else { return nil }
      record = r
    case "rsc": record = try rsc(a, name: binding ?? fn)
    case "hessian_control": record = try hessianControl(a, name: binding ?? fn)
    case "hessian_spectrum", "convexity", "smoothness", "strict_saddle":
      guard let r = try curvature(fn, a, name: binding ?? fn) else { return nil }
      record = r
    default: return nil
    }
    try checkClaim(fn, a, &record, name: binding ?? fn)
    }
    if pendingFollowUp == nil { pendingFollowUp = try defaultFollowUp(fn, a, record) }
    if fn == "hessian_spectrum" { try addModelHessianNorm(&record, a, name: binding ?? fn) }
    if fn == "proxy_pl" || fn == "proxy_convex", record.guarantee == nil { record.guarantee = try proxyGuarantee(fn, a, &record) }
    record.name = fn
    record.binding = binding
    record.key = keyObject(env.key)
    record.timing = Timing(seconds: Date().timeIntervalSince(start))
    return record
  }

  /// A claimed constant (`mu:`, `L:`, `beta:`) checked against a finite set's exact estimate: a
  /// point beating it makes the certificate violated (the witness is the worst point, whose
  /// ratio or norm is the estimate).
  func checkClaim(_ fn: String, _ a: Arguments, _ record: inout CertificateRecord, name: String) throws {
    guard record.verdict == .holds, let claimed = try claimedConstant(fn, a, name) else { return }
    let (key, below): (String, Bool)
    switch fn {
    case "pl", "pl_star", "pl_star_eps", "uniform_conditioning": (key, below) = ("mu", true)
    case "lipschitz": (key, below) = ("L", false)
    case "smoothness": (key, below) = ("beta", false)
    default: return
    }
    guard let estimate = record.estimate[key] else { return }
    let broken = below ? estimate < claimed * (1 - 1e-12) : estimate > claimed * (1 + 1e-12)
    guard broken else { return }
    record.verdict = .violated
    if var w = record.witness, below, fn != "uniform_conditioning", w.rhs > 0 {
      w.rhs = claimed * w.rhs  // the witness's rhs was L - L*: the claim's side is mu (L - L*)
      record.witness = w
    } else if var w = record.witness {
      w.rhs = claimed
      record.witness = w
    }
    record.reason = "the claimed \(key) = \(claimed) fails at the witness, where the set's \(below ? "smallest" : "largest") value is \(estimate)"
  }

  /// Zero when x and y are the same point (to the last bit).
  static func same(_ x: Tensor, _ y: Tensor) -> Bool { x.shape == y.shape && x.scalars == y.scalars }

  /// The follow-ups of certificates whose theorem applies to later runs: pl and pl_star (003 Thm 6's
  /// rate for gd) and smoothness (eta = 1/beta, the descent lemma's step: 002 Thm 2.4, 003 Thm 6).
  func defaultFollowUp(_ fn: String, _ a: Arguments, _ record: CertificateRecord) throws -> CertificateFollowUp? {
    guard ["pl", "pl_star", "pl_star_eps", "smoothness"].contains(fn) else { return nil }
    let f = try objectiveArg(a, ["loss", "f"])
    switch fn {
    case "pl", "pl_star", "pl_star_eps":
      guard let mu = record.estimate["mu"], record.verdict != .violated else { return nil }
      let kernelMin = record.estimate["lambda_min"]
      return CertificateFollowUp(objective: f.name, stepSize: nil) { run in Self.rateGuarantee(run, mu: mu, kernelMin: kernelMin) }
    case "smoothness":
      guard let beta = record.estimate["beta"], beta > 0 else { return nil }
      return CertificateFollowUp(objective: f.name, stepSize: (1 / beta, "1/beta, the descent lemma"), guarantee: { _ in nil })
    default: return nil
    }
  }

  func objectiveArg(_ a: Arguments, _ names: [String]) throws -> ObjectiveValue {
    for n in names {
      if let e = a.value(n), case .objective(let o) = try evaluate(e) { return o }
    }
    throw RuntimeError(.argument, "the certificate needs an objective or loss")
  }

  // MARK: chatterjee

  /// `chatterjee(f, at: x0, radius: r)` at one point, or `on:` a finite set of starting points
  /// (a grid draws 001 Figure 1); exactly one of `at:` and `on:`.
  mutating func chatterjee(_ a: Arguments, name: String) throws -> CertificateRecord {
    let f = try objectiveArg(a, ["f"])
    guard let second = f.objective as? SecondOrderObjective else {
      throw RuntimeError(.argument, "chatterjee needs an objective pcx can differentiate twice")
    }
    switch (a.value("at"), a.value("on")) {
    case (let at?, nil): return try chatterjeeAt(at, f, second, a, name: name)
    case (nil, let on?): return try chatterjeeOver(on, f, second, a, name: name)
    case (nil, nil):
      throw RuntimeError(.argument, "chatterjee needs a starting point at: (x0, y0) or a set of them on: grid(...) or points([...])")
    case (_?, _?):
      throw RuntimeError(.argument, "chatterjee takes either at: (one starting point) or on: (a set of them), not both")
    }
  }

  /// radius: auto's radii: `count` values from 1e-3 to 10 times max(||x0||, 1), geometrically.
  func chatterjeeRadii(_ a: Arguments, _ x0: Tensor, count: Int, name: String) throws -> [Double]? {
    guard let r = a.value("radius"), case .choice("auto") = r.kind else { return nil }
    let scale = Swift.max(x0.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1)
    return (0..<count).map { scale * 1e-3 * libmPow(1e4, Double($0) / Double(count - 1)) }
  }

  /// The fixed radius of `radius: r`, which must be positive.
  func chatterjeeRadius(_ a: Arguments, name: String) throws -> Double {
    let r = try a.value("radius").map { try number($0, name) } ?? 1
    guard r > 0, r.isFinite else { throw RuntimeError(.argument, "chatterjee needs a positive radius, found \(r)") }
    return r
  }

  mutating func chatterjeeAt(
    _ at: TExpr, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ a: Arguments, name: String
  ) throws -> CertificateRecord {
    let x0 = try point(at, dimension: f.initial.count)
    let f0 = try f.objective.value(x0)
    var search = ChatterjeeSearch(f: second, center: x0, rng: env.stream("certify \(name)"))
    // radius: auto: r from 1e-3 to 10 times the scale of x0, geometrically
    let radii = try chatterjeeRadii(a, x0, count: 49, name: name) ?? [try chatterjeeRadius(a, name: name)]
    // every radius gets a short adversarial search; the best one a full search
    var best: (r: Double, alpha: Double, point: Tensor, margin: Double)?
    for r in radii {
      try checkCancelled()
      let (alpha, p) = try search.alpha(radius: r, starts: radii.count > 1 ? 1 : nil, steps: radii.count > 1 ? 30 : nil)
      let margin = r * r * alpha - 4 * f0
      if best == nil || margin > (best?.margin ?? -.infinity) { best = (r, alpha, p, margin) }
    }
    if radii.count > 1, let b = best {
      let (alpha, p) = try search.alpha(radius: b.r)
      if alpha < b.alpha { best = (b.r, alpha, p, b.r * b.r * alpha - 4 * f0) }
    }
    guard let best else { throw RuntimeError(.argument, "chatterjee needs a positive radius") }
    let holds = best.margin > 0
    var estimate = ["alpha": best.alpha, "radius": best.r, "f_x0": f0, "margin": best.margin]
    var guarantee: Guarantee?
    if holds {
      var rng = env.stream("certify \(name) constants")
      let bounds = try chatterjeeDerivativeBounds(second, x0: x0, radius: best.r, rng: &rng)
      if let theorems = ChatterjeeTheorems(alpha: best.alpha, radius: best.r, f0: f0, l1: bounds.l1, l2: bounds.l2,
                                           p: x0.count, startsAtX0: Self.same(x0, f.initial)) {
        estimate.merge(theorems.estimate) { a, _ in a }
        pendingFollowUp = theorems.followUp(objective: f.name)
        guarantee = experiment.runs.last { $0.objective == f.name && "\($0.key)" == "\(env.key)" }.flatMap(theorems.guarantee)
      }
    }
    return CertificateRecord(
      name: "chatterjee", verdict: holds ? .notRefuted : .violated,
      estimate: estimate,
      witness: Witness(point: best.point.scalars, lhs: best.r * best.r * best.alpha, rhs: 4 * f0),
      method: "alpha(x0, r) = inf over B(x0, r) of ||grad f||^2 / f by \(search.samples) uniform samples and projected gradient descent on the ratio (exact HVPs) from the \(search.starts) best; criterion 4 f(x0) < r^2 alpha"
        + (radii.count > 1 ? "; radius: auto tries \(radii.count) radii from 1e-3 to 10 times max(||x0||, 1) with short searches and searches the best one fully" : ""),
      evaluations: search.evaluations, source: "001 eq (2.1), Thm 2.1, Thm 2.2",
      guarantee: guarantee,
      reason: holds ? "no point of the ball was found with a ratio low enough to break the criterion (alpha_hat is an upper bound of alpha)"
        : "the ratio at the witness already makes r^2 alpha <= 4 f(x0), so the criterion fails")
  }

  /// A point given per parameter of f in declaration order (`at: (x, y)`) as a flat vector.
  func point(_ e: TExpr, dimension: Int) throws -> Tensor {
    let v = try evaluate(e)
    let parts: [Value]
    if case .tuple(let items) = v { parts = items } else { parts = [v] }
    let flat = try parts.flatMap { p -> [Double] in
      guard let t = p.tensor else { throw RuntimeError(.argument, "a point's coordinates must be numbers") }
      return t.scalars
    }
    guard flat.count == dimension else {
      throw RuntimeError(.argument, "the point has \(flat.count) coordinates; the objective has \(dimension) parameters")
    }
    return Tensor(flat)
  }

  // MARK: pl and pl_star

  /// pl, pl_star and pl_star_eps (003 Def 5: PL* on the points with L(w) >= eps) on finite sets.
  mutating func pl(_ fn: String, _ a: Arguments) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["loss"])
    let lStar = fn == "pl" ? try a.value("l_star").map { try number($0, fn) } ?? 0 : 0
    if let on = a.value("on"), case .call(let set, _, _) = on.kind, set != "points", set != "grid" { return nil }
    var (points, _, run) = try pointSet(a.value("on"), objective: f)
    if fn == "pl_star_eps" {
      let eps = try a.value("eps").map { try number($0, fn) } ?? 0
      points = try points.filter { try f.objective.value($0) >= eps }
    }
    var muHat = Double.infinity, worst: (ratio: Double, point: Tensor, lhs: Double, rhs: Double)?
    var kernelMin = Double.infinity, kernelScale = 0.0, singularAt: Tensor?
    let square = (f.objective as? LossObjective).map { $0.kind == .square && $0.model.outputs == 1 } ?? false
    var evaluations = 0
    for theta in points {
      let (v, g) = try f.objective.valueAndGradient(theta)
      evaluations += 1
      let g2 = g.scalars.reduce(0) { $0 + $1 * $1 }
      let excess = v - lStar
      guard excess > 0 else { continue }
      let ratio = g2 / excess
      if ratio < muHat { muHat = ratio; worst = (ratio, theta, g2, excess) }
      if square, let loss = f.objective as? LossObjective {
        let (low, mean) = try Self.kernelSpectrumEnds(loss, theta, options.limits.maxBytes)
        if low < kernelMin { kernelMin = low }
        kernelScale = Swift.max(kernelScale, mean)
        // 003 Prop 3: a singular tangent kernel (lambda_min numerically 0) means PL* fails there
        // (not for pl_star_eps: an under-parameterised system's kernel is singular everywhere, and
        // PL*_eps (003 Def 5) is made for exactly that case; its ratio decides)
        if fn == "pl_star", singularAt == nil, low <= 1e-12 * Swift.max(mean, 1e-300) { singularAt = theta }
      }
    }
    guard let worst, muHat.isFinite else {
      return CertificateRecord(name: fn, verdict: .inconclusive, estimate: [:], method: "ratio on \(points.count) points",
                               evaluations: evaluations, source: "003 eq (3)",
                               reason: "no point of the set has L(w) > L*: the ratio is undefined")
    }
    var estimate = ["mu": muHat]
    if kernelMin.isFinite { estimate["lambda_min"] = kernelMin }
    let holds = muHat > 0 && singularAt == nil
    let guarantee = run.flatMap { Self.rateGuarantee($0, mu: muHat, kernelMin: kernelMin.isFinite ? kernelMin : nil) }
    return CertificateRecord(
      name: fn, verdict: holds ? .holds : .violated, estimate: estimate,
      witness: singularAt.map { Witness(point: $0.scalars, lhs: kernelMin, rhs: 0) }
        ?? Witness(point: worst.point.scalars, lhs: worst.lhs, rhs: worst.rhs),
      method: "||grad L||^2 / (L - L*) at every point of a finite set of \(points.count) points (mu = its minimum)"
        + (kernelMin.isFinite ? "; lambda_min of the tangent kernel K = DF DF^T at each point (003 Thm 1: ||grad L||^2 >= 2 lambda_min(K) L)" : ""),
      evaluations: evaluations, source: fn == "pl" ? "002 Thm 2.4, 000 Sec 2" : "003 eq (3), Def 3, Thm 1, Thm 6",
      guarantee: guarantee,
      reason: holds ? nil
        : (singularAt != nil ? "the tangent kernel is singular at the witness (lambda_min = \(kernelMin) against a mean eigenvalue \(kernelScale)): no PL* constant holds there uniformly (003 Prop 3)"
          : "a point with L > L* has a zero gradient"))
  }

  /// sup ||grad L|| on a finite set (001 Thm 2.2's L1, 003 Def 1).
  mutating func lipschitz(_ a: Arguments) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["loss"])
    guard let points = try finitePoints(a.value("on"), objective: f) else { return nil }
    var best = (norm: -1.0, point: f.initial)
    for p in points {
      try checkCancelled()
      let g = try f.objective.valueAndGradient(p).gradient
      let n = g.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if n > best.norm { best = (n, p) }
    }
    return CertificateRecord(
      name: "lipschitz", verdict: .holds, estimate: ["L": best.norm],
      witness: Witness(point: best.point.scalars, lhs: best.norm, rhs: best.norm),
      method: "the largest ||grad L|| over \(points.count) points", evaluations: points.count,
      source: "001 Thm 2.2, 003 Def 1")
  }

  /// The points of `on:` (the iterates of a run, every k, or listed points), with their steps.
  func pointSet(_ e: TExpr?, objective f: ObjectiveValue) throws -> ([Tensor], [Int], RunValue?) {
    var runExpr = e, every = 1
    if let e, case .every(let base, let k) = e.kind { runExpr = base; every = try intValue(k, "") }
    if let grid = try gridSpec(e, objective: f) { return (grid.points, [], nil) }
    if let e, case .call("points", _, let args) = e.kind {
      guard let list = args.first?.value, case .vector(let items) = list.kind else {
        throw RuntimeError(.argument, "points([...]) needs a list of points")
      }
      return (try items.map { try point($0, dimension: f.initial.count) }, [], nil)
    }
    let run: RunValue
    if let runExpr {
      guard case .run(let r) = try evaluate(runExpr) else {
        throw RuntimeError(.argument, "this certificate measures on a run, 'run every k' or points([...]) in this version")
      }
      run = r
    } else {
      guard let r = experiment.runs.last(where: { $0.objective == f.name }) else {
        throw RuntimeError(.argument, "no run trains \(f.name) before this certificate", hint: "give on: a run or points")
      }
      run = r
    }
    let kept = run.result.iterates.filter { $0.step % every == 0 }
    guard !kept.isEmpty else {
      throw RuntimeError(.argument, "run \(run.name) kept no iterates to certify")
    }
    return (kept.map(\.theta), kept.map(\.step), run)
  }

  /// 003 Thm 6 / Thm 14, (54)-(57), derived with this file's conventions: for eta <= 1/beta,
  /// L(w_{t+1}) <= L(w_t) - (eta/2) ||grad L||^2. With eq (3), ||grad L||^2 >= mu L, that gives
  /// L(w_t) <= (1 - eta mu / 2)^t L(w_0); for the square loss ||grad L||^2 >= 2 lambda_min(K) L,
  /// which gives (1 - eta lambda_min)^t — the paper's (26) with its mu = lambda_min(K) (eq (4)).
  /// Checked at every recorded step of the run (the step-size hypothesis is not checked here).
  static func rateGuarantee(_ run: RunValue, mu: Double, kernelMin: Double?) -> Guarantee? {
    guard run.optimizer.hasPrefix("gd("), let loss = run.result.traces["loss"], let l0 = loss.values.first,
          let eta = run.result.traces["step_size"]?.values.first else { return nil }
    let rate = kernelMin.map { eta * $0 } ?? eta * mu / 2
    let q = Swift.max(1 - rate, 0)
    var predicted: [Double] = [], firstFailure: Int?
    for (t, l) in zip(loss.steps, loss.values) {
      let bound = l0 * libmPow(q, Double(t))
      predicted.append(bound)
      if firstFailure == nil, l > bound * (1 + 1e-9) + 1e-300 { firstFailure = t }
    }
    let constant = kernelMin.map { "lambda_min(K) = \($0) (003 eq (4))" } ?? "mu/2 with mu = \(mu), the smallest ratio on the run"
    return Guarantee(
      statement: "003 Thm 6: L(w_t) <= (1 - eta c)^t L(w_0) with eta = \(eta), c = \(constant)",
      check: firstFailure == nil ? .consistent : .contradicted, firstFailureStep: firstFailure,
      predicted: predicted, observed: loss.values,
      hypotheses: [
        Guarantee.Hypothesis("PL* with the constant above on a ball B(w_0, R) holding the run (measured on the run's iterates only)", met: nil),
        Guarantee.Hypothesis("eta = \(eta) <= 1/beta, beta = sup ||hess L|| on the ball (certify smoothness to measure it)", met: nil),
      ])
  }
}
