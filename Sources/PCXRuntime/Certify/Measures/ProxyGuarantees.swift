import PCXNumerics

/// The guarantees of Frei & Gu for the proxy certificates measured on a run (`on: run`):
/// 000 Thm 3.1 for `proxy_pl` and 000 Thm 4.1(b) for `proxy_convex`.
///
/// Both are statements about SGD on F(w) = E_z f(w; z) in expectation over the samples. pcx takes
/// f(.; z_i) = the objective restricted to sample i, scaled so that its mean over i is F (what
/// online SGD steps on), and, for objectives without samples, f(.; z) = F. `g` and `h` are given as
/// objectives equal to G = E g(.; z) and H = E h(.; z), which is all the conclusions need. One run
/// is one draw of the samples, so the hypothesis "in expectation" is listed as not checkable.
enum ProxyGuarantees {
  /// What both theorems read of the run: its iterates, G at each, the start, the step, T.
  struct RunFacts {
    let iterates: [(step: Int, theta: Tensor)]
    let gValues: [Double]
    let w0: Tensor
    let f0: Double
    let eta: Double
    let steps: Int
    let expectation = Guarantee.Hypothesis("the bound holds in expectation over the samples z_0, ..., z_{T-1}; one run is one draw", met: nil)
  }

  /// The guarantee of `proxy_pl` or `proxy_convex` for the run of `on:` (gd or sgd), or nil when
  /// `on:` is not such a run; `proxy_convex` also records L2 in the record's estimates.
  static func guarantee(_ context: CertificateContext, _ record: inout CertificateRecord) throws -> Guarantee? {
    let a = context.arguments
    var runExpr = a.expression("on")
    if let e = runExpr, case .every(let base, _) = e.kind { runExpr = base }
    guard let on = runExpr, case .run(let run)? = try? context.env.evaluate(on),
          run.kind == .gd || run.kind.isSGD,
          let loss = run.result.traces["loss"], let f0 = loss.values.first,
          let eta = run.result.traces["step_size"]?.values.first, eta > 0 else { return nil }
    let g = try context.objective("g")
    let iterates = run.result.iterates.map { (step: $0.step, theta: $0.theta) }
    guard let w0 = iterates.first?.theta, let steps = loss.steps.last, steps > 0 else { return nil }
    let facts = RunFacts(iterates: iterates, gValues: try iterates.map { try g.objective.value($0.theta) },
                         w0: w0, f0: f0, eta: eta, steps: steps)
    if a.entry.name == ProxyPL.entry.name { return try theorem31(facts, record, context) }
    return try theorem41b(facts, &record, context)
  }

  /// 000 Thm 3.1: T = 2 eta^{-1} (mu eps / 2)^{-2/alpha} f(w0; z0), solved for eps at the run's T.
  static func theorem31(_ run: RunFacts, _ record: CertificateRecord, _ context: CertificateContext) throws -> Guarantee? {
    let a = context.arguments, f = try context.objective("f")
    let alpha = try a.real("alpha"), xi = try a.real("xi"), eta = run.eta, steps = run.steps
    guard let mu = record.estimate["mu"], mu > 0, mu.isFinite else { return nil }
    let eps = (2 / mu) * libmPow(2 * run.f0 / (eta * Double(steps)), alpha / 2)
    var rng = context.env.stream("certify \(a.entry.name) guarantee")  // named by the certificate, not its binding
    var l2 = 0.0
    if let second = f.objective as? SecondOrderObjective {
      let stride = Swift.max(1, (run.iterates.count + 4) / 5)
      for (i, it) in run.iterates.enumerated() where i % stride == 0 {
        let s = try HessianSpectrum.at(second, it.theta, rng: &rng)
        l2 = Swift.max(l2, Swift.abs(s.smallest), Swift.abs(s.largest))
      }
    }
    let nonNegative = try run.iterates.allSatisfy { try f.objective.value($0.theta) >= 0 }
    return minimumCheck(
      run.gValues, run.iterates.map(\.step), bound: xi + eps, steps: steps,
      statement: "000 Thm 3.1: min_{t<T} G(w_t) <= E xi + eps = \(xi + eps) with T = \(steps), eta = \(eta), mu = \(mu), alpha = \(alpha), so eps = (2/mu) (2 f(w0) / (eta T))^{alpha/2} = \(eps)",
      hypotheses: [
        Guarantee.Hypothesis("the (g, xi, alpha, mu)-proxy PL inequality: \(record.verdict.rawValue) on the run", met: met(record.verdict)),
        Guarantee.Hypothesis("f >= 0 at the iterates", met: nonNegative),
        Guarantee.Hypothesis("eta < 1/L2 with L2 = max ||hess f|| at \(Swift.min(5, run.iterates.count)) iterates = \(l2) (a lower bound of the sup)", met: l2 > 0 ? eta < 1 / l2 : nil),
        run.expectation,
      ])
  }

  /// 000 Thm 4.1(b): E ||grad f(w; z)||^2 <= 2 L2 G(w); eta <= 1 / (2 L2); T = ||w0 - v||^2 / (eta eps).
  static func theorem41b(_ run: RunFacts, _ record: inout CertificateRecord, _ context: CertificateContext) throws -> Guarantee? {
    let f = try context.objective("f"), h = try context.objective("h"), eta = run.eta, steps = run.steps
    var l2 = 0.0
    for (it, gv) in zip(run.iterates, run.gValues) {
      let energy = try meanSampleGradientEnergy(f.objective, it.theta)
      if gv > 0 { l2 = Swift.max(l2, energy / (2 * gv)) } else if energy > 0 { l2 = .infinity }
    }
    record.estimate["L2"] = l2  // the smallest L2 with E ||grad f(w; z)||^2 <= 2 L2 G(w) on the run
    // the comparator v: `v:` when given (000 Ex 4.2's v*), else the iterate minimising the bound
    // (1 + 2 eta L2) H(v) + ||w0 - v||^2 / (eta T)
    let given = try context.point(argument: "v", dimension: run.w0.count)
    let candidates = given.map { [(step: -1, theta: $0)] } ?? run.iterates
    var best = (bound: Double.infinity, step: 0)
    for it in candidates {
      let distance2 = try (it.theta - run.w0).norm()
      let bound = (1 + 2 * eta * l2) * (try h.objective.value(it.theta)) + distance2 * distance2 / (eta * Double(steps))
      if bound < best.bound { best = (bound, it.step) }
    }
    return minimumCheck(
      run.gValues, run.iterates.map(\.step), bound: best.bound, steps: steps,
      statement: "000 Thm 4.1(b): min_{t<T} G(w_t) <= (1 + 2 eta L2) H(v) + eps = \(best.bound) with T = \(steps), eta = \(eta), L2 = \(l2), v = \(given == nil ? "the iterate of step \(best.step)" : "the given v"), eps = ||w0 - v||^2 / (eta T)",
      hypotheses: [
        Guarantee.Hypothesis("(g, h)-proxy convexity: \(record.verdict.rawValue) on the pairs of iterates", met: met(record.verdict)),
        Guarantee.Hypothesis("E_z ||grad f(w; z)||^2 <= 2 L2 G(w) at every iterate with L2 = \(l2) (the smallest that works there)", met: l2.isFinite),
        Guarantee.Hypothesis("eta <= 1 / (2 L2) = \(1 / (2 * l2))", met: l2.isFinite ? eta <= 1 / (2 * l2) : false),
        run.expectation,
      ])
  }

  /// A certificate's verdict as a hypothesis: met when it holds, not met when violated.
  static func met(_ verdict: Verdict) -> Bool? { verdict == .holds ? true : (verdict == .violated ? false : nil) }

  /// E_i ||grad f(w; z_i)||^2 over the samples of a loss (each scaled as online SGD steps on it),
  /// or ||grad F||^2 for an objective without samples.
  static func meanSampleGradientEnergy(_ f: any Objective, _ w: Tensor) throws -> Double {
    guard let n = f.sampleCount, n > 0 else {
      let g = try f.valueAndGradient(w).gradient.norm()
      return g * g
    }
    var total = 0.0
    for i in 0..<n {
      let g = try f.valueAndGradient(w, batch: [i]).gradient.norm()
      total += g * g
    }
    return total / Double(n)
  }

  private static func minimumCheck(
    _ values: [Double], _ steps: [Int], bound: Double, steps total: Int, statement: String,
    hypotheses: [Guarantee.Hypothesis]
  ) -> Guarantee {
    let reached = values.firstIndex { $0 <= bound }
    return Guarantee(
      statement: statement + (reached.map { "; reached at step \(steps[$0])" } ?? ""),
      check: reached == nil ? .contradicted : .consistent, firstFailureStep: reached == nil ? total : nil,
      predicted: values.map { _ in bound }, observed: values, hypotheses: hypotheses)
  }
}
