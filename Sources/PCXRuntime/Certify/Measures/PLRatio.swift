import PCXNumerics
import PCXSema

/// The PL family (`pl`, `pl_star`, `pl_star_eps`): the ratio ||grad L||^2 / (L - L*) over a set,
/// with the tangent kernel's lambda_min for square losses (003 Thm 1), and the rate guarantee its
/// constant gives gradient descent (003 Thm 6).
struct PLRatio {
  /// Which certificate (its records carry this name).
  let name: String
  /// L*: the ratio's floor (`l_star:` of pl; 0 for PL*).
  let floor: Double
  /// PL*_eps (003 Def 5) leaves out points with L < eps; -infinity keeps every point.
  let eps: Double
  /// A singular tangent kernel breaks PL* (003 Prop 3); not so for PL*_eps, whose ratio decides.
  let kernelSingularBreaks: Bool
  /// The paper reference of finite and continuous records.
  let finiteSource: String
  let continuousSource: String

  /// Measures the ratio on the certificate's set, decides the verdict against `mu:` and leaves
  /// the rate guarantee for gd runs of the loss.
  func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let f = try context.objective("loss")
    let claimed = try context.arguments.claim("mu")
    let record: CertificateRecord
    switch try context.set(of: f) {
    case .finite(let set): record = try finite(set, f, claimed: claimed, context)
    case .continuous(let set): record = try continuous(set, f, claimed: claimed, context)
    }
    guard let mu = record.estimate["mu"], record.verdict != .violated else { return CertificateOutcome(record: record) }
    let kernelMin = record.estimate["lambda_min"]
    let followUp = CertificateFollowUp(objective: f.name, stepSize: nil) { run in
      RateGuarantee.check(run, mu: mu, kernelMin: kernelMin)
    }
    return CertificateOutcome(record: record, followUp: followUp)
  }

  /// Every point of a finite set: the smallest ratio, and lambda_min(K) for square losses.
  func finite(_ set: FiniteSet, _ f: ObjectiveValue, claimed: Double?, _ context: CertificateContext) throws -> CertificateRecord {
    let points = eps == -.infinity ? set.points : try set.points.filter { try f.objective.value($0) >= eps }
    var muHat = Double.infinity, worst: (point: Tensor, lhs: Double, rhs: Double)?
    var kernel = KernelWatch(breaksOnSingular: kernelSingularBreaks)
    let square = (f.objective as? LossObjective).map { $0.kind == .square && $0.model.outputs == 1 } ?? false
    for theta in points {
      let (v, g) = try f.objective.valueAndGradient(theta)
      let g2 = g.scalars.reduce(0) { $0 + $1 * $1 }
      let excess = v - floor
      guard excess > 0 else { continue }
      if g2 / excess < muHat { (muHat, worst) = (g2 / excess, (theta, g2, excess)) }
      if square, let loss = f.objective as? LossObjective { try kernel.observe(loss, theta, context.limits.maxBytes) }
    }
    guard let worst, muHat.isFinite else {
      return CertificateRecord(name: name, verdict: .inconclusive, estimate: [:], method: "ratio on \(points.count) points",
                               evaluations: points.count, source: "003 eq (3)",
                               reason: "no point of the set has L(w) > L*: the ratio is undefined")
    }
    var estimate = ["mu": muHat]
    if kernel.low.isFinite { estimate["lambda_min"] = kernel.low }
    var witness = kernel.singularAt.map { Witness(point: $0.scalars, lhs: kernel.low, rhs: 0) }
      ?? Witness(point: worst.point.scalars, lhs: worst.lhs, rhs: worst.rhs)
    var reason: String? = kernel.singularAt != nil
      ? "the tangent kernel is singular at the witness (lambda_min = \(kernel.low) against a mean eigenvalue \(kernel.scale)): no PL* constant holds there uniformly (003 Prop 3)"
      : (muHat > 0 ? nil : "a point with L > L* has a zero gradient")
    let requirement = Requirement.claimedAtLeast(claimed)
    let verdict = Verdict.decide(measured: true, satisfied: Requirement.positive.isMet(by: muHat) && kernel.singularAt == nil
                                   && requirement.isMet(by: muHat), on: .finite)
    if let claimed, muHat > 0, kernel.singularAt == nil, !requirement.isMet(by: muHat) {
      // the claim's side at the witness is mu (L - L*)
      witness.rhs = witness.rhs > 0 ? claimed * witness.rhs : claimed
      reason = "the claimed mu = \(claimed) fails at the witness, where the set's smallest value is \(muHat)"
    }
    return CertificateRecord(
      name: name, verdict: verdict, estimate: estimate, witness: witness,
      method: "||grad L||^2 / (L - L*) at every point of a finite set of \(points.count) points (mu = its minimum)"
        + (kernel.low.isFinite ? "; lambda_min of the tangent kernel K = DF DF^T at each point (003 Thm 1: ||grad L||^2 >= 2 lambda_min(K) L)" : ""),
      evaluations: points.count, source: finiteSource,
      guarantee: set.run.flatMap { RateGuarantee.check($0, mu: muHat, kernelMin: kernel.low.isFinite ? kernel.low : nil) },
      reason: reason)
  }

  /// A continuous set: the smallest ratio found by samples and projected descent along its
  /// gradient (2 H g (L - L*) - ||g||^2 g) / (L - L*)^2 (exact HVPs).
  func continuous(_ set: ContinuousSet, _ f: ObjectiveValue, claimed: Double?, _ context: CertificateContext) throws -> CertificateRecord {
    let second = try context.secondOrder(f, "loss")
    var rng = context.stream(" set")
    var search = SlackSearch(isCancelled: context.isCancelled)
    func ratio(_ w: Tensor) throws -> Double? {
      let (v, g) = try f.objective.valueAndGradient(w)
      guard v - floor > Tolerance.zero, v >= eps else { return nil }
      return try Tensor.dot(g, g) / (v - floor)
    }
    let best = try search.minimise(set, scale: set.scale, rng: &rng, slack: ratio) { w in
      let (v, g, hg) = try second.hessianVectorProduct(w, try f.objective.valueAndGradient(w).gradient)
      let e = v - floor, g2 = try Tensor.dot(g, g)
      return try (hg * (2 * e) - g * g2) * (1 / (e * e))
    }
    var record = try InfimumRecord.make(
      name, best, claimed: claimed, key: "mu", lhsName: "||grad L||^2", source: continuousSource) { p in
      try f.objective.value(p) - floor
    }
    record.method = search.method(set, gradient: true)
    record.evaluations += search.evaluations
    return record
  }
}

/// The tangent kernel's smallest eigenvalue over the points of a set, and the first point where
/// it is numerically zero (003 Prop 3).
struct KernelWatch {
  let breaksOnSingular: Bool
  private(set) var low = Double.infinity
  private(set) var scale = 0.0
  private(set) var singularAt: Tensor?

  mutating func observe(_ loss: LossObjective, _ theta: Tensor, _ maxBytes: Int) throws {
    let ends = try KernelSpectrum.ends(loss, theta, maxBytes)
    low = Swift.min(low, ends.low)
    scale = Swift.max(scale, ends.mean)
    if breaksOnSingular, singularAt == nil, ends.low <= Tolerance.singularKernel * Swift.max(ends.mean, Tolerance.zero) {
      singularAt = theta
    }
  }
}
