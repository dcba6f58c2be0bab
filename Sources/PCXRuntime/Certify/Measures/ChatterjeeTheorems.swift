import PCXNumerics

/// 001 Thm 2.1 and Thm 2.2 from a met criterion (2.1): the constants of Thm 2.2 (epsilon, L1, L2,
/// eta, delta), the step size `lr: theorem` takes, and the guarantees set against runs of f from x0.
///
/// L1 bounds the magnitudes of the first derivatives |d_i f| on B(x0, r) and L2 those of the second
/// derivatives |d_ij f| on B(x0, 2r) (001 Thm 2.2 as printed: entries, not norms). pcx finds them by
/// search (samples and ascent), so they are lower bounds of the sups, and the step size is the one the
/// theorem gives for the constants found, not a certified one; the statement says so.
struct ChatterjeeTheorems: Sendable {
  let epsilon: Double
  let l1: Double
  let l2: Double
  let eta: Double
  let delta: Double
  let alpha: Double
  let radius: Double
  let f0: Double
  /// Whether the objective's declared start is x0 (its runs start there).
  let startsAtX0: Bool

  var estimate: [String: Double] { ["epsilon": epsilon, "L1": l1, "L2": l2, "eta": eta, "delta": delta] }

  /// Chooses epsilon in (0, 1 - sqrt(4 f0 / (r^2 alpha))) (001 (2.2)) to maximise delta =
  /// min(1, (1 - eps) alpha eta) with eta = min(r / (L1 sqrt p), 6 eps / (L2 p)).
  init?(alpha: Double, radius r: Double, f0: Double, l1: Double, l2: Double, p: Int, startsAtX0: Bool) {
    guard alpha > 0, r > 0, 4 * f0 < r * r * alpha else { return nil }
    let epsMax = 1 - (4 * f0 / (r * r * alpha)).squareRoot()
    let pd = Double(p)
    func eta(_ e: Double) -> Double {
      Swift.min(l1 > 0 ? r / (l1 * pd.squareRoot()) : .infinity, l2 > 0 ? 6 * e / (l2 * pd) : .infinity)
    }
    var best = (eps: epsMax / 2, delta: -1.0)
    for k in 1..<200 {
      let e = epsMax * Double(k) / 200
      let d = Swift.min(1, (1 - e) * alpha * eta(e))
      if d > best.delta { best = (e, d) }
    }
    guard eta(best.eps).isFinite else { return nil }
    (epsilon, self.l1, self.l2, self.eta, delta) = (best.eps, l1, l2, eta(best.eps), best.delta)
    (self.alpha, radius, self.f0, self.startsAtX0) = (alpha, r, f0, startsAtX0)
  }

  /// The follow-up `certify` keeps: `lr: theorem` = eta, and the guarantee for runs of f from x0.
  func followUp(objective: String) -> CertificateFollowUp {
    CertificateFollowUp(objective: objective, stepSize: (eta, "001 Thm 2.2"), guarantee: { run in guarantee(run) })
  }

  /// Thm 2.1 for a gradient flow, Thm 2.2 for gradient descent; nil for other runs.
  func guarantee(_ run: RunValue) -> Guarantee? {
    guard startsAtX0, let loss = run.result.traces["loss"], !loss.values.isEmpty else { return nil }
    let distance = run.result.traces["distance"]
    let criterion = Guarantee.Hypothesis("(2.1) 4 f(x0) = \(4 * f0) < r^2 alpha = \(radius * radius * alpha) with alpha_hat, an upper bound of alpha found by search: not refuted", met: nil)
    if case .gradientFlow = run.kind, let time = run.result.traces["time"] {
      let times = Dictionary(zip(time.steps, time.values), uniquingKeysWith: { a, _ in a })
      let predicted = loss.steps.map { libmExp(-alpha * (times[$0] ?? 0)) * f0 }
      return check(loss, predicted, distance, hypotheses: [criterion],
                   statement: "001 Thm 2.1: f(phi(t)) <= e^{-alpha t} f(x0) and phi(t) in B(x0, r) with alpha = \(alpha), r = \(radius) (alpha_hat >= alpha makes this bound tighter than the theorem's)")
    }
    guard run.kind == .gd, let step = run.result.traces["step_size"]?.values.first else { return nil }
    let predicted = loss.steps.map { libmPow(1 - delta, Double($0)) * f0 }
    let stepOK = Guarantee.Hypothesis("eta_run = \(step) <= min(r / (L1 sqrt p), 6 eps / (L2 p)) = \(eta) (L1 = \(l1), L2 = \(l2) found by search: lower bounds of the sups)", met: step <= eta * (1 + Tolerance.step))
    return check(loss, predicted, distance, hypotheses: [criterion, stepOK],
                 statement: "001 Thm 2.2: f(x_k) <= (1 - delta)^k f(x0) and x_k in B(x0, r) with delta = min(1, (1 - eps) alpha eta) = \(delta), eps = \(epsilon), r = \(radius)")
  }

  private func check(_ loss: Trace, _ predicted: [Double], _ distance: Trace?, hypotheses: [Guarantee.Hypothesis], statement: String) -> Guarantee {
    var firstFailure: Int?
    for (i, step) in loss.steps.enumerated() where firstFailure == nil {
      if loss.values[i] > predicted[i] * (1 + Tolerance.bound) + Tolerance.zero { firstFailure = step }
    }
    if let distance {
      for (i, step) in distance.steps.enumerated() where distance.values[i] > radius * (1 + Tolerance.radius) {
        firstFailure = Swift.min(firstFailure ?? step, step)
        break
      }
    }
    return Guarantee(statement: statement, check: firstFailure == nil ? .consistent : .contradicted,
                     firstFailureStep: firstFailure, predicted: predicted, observed: loss.values, hypotheses: hypotheses)
  }
}

/// Bounds on the derivatives of f around x0, as 001 Thm 2.2 defines them.
enum ChatterjeeBounds {
  /// L1 = sup over B(x0, r) of max_i |d_i f| and L2 = sup over B(x0, 2r) of max_ij |d_ij f|: uniform
  /// samples, then projected ascent from the three largest — on |d_i f| with its exact gradient
  /// H e_i (an HVP), and, for p <= 50, on |H_ij| along central differences of H e_j (the third
  /// derivative is only the search direction; every value is exact). For p > HessianSpectrum's dense
  /// limit L2 uses ||H||_2 >= max |H_ij| at samples instead.
  static func derivatives(
    _ f: any SecondOrderObjective, x0: Tensor, radius r: Double, rng: inout RandomStream
  ) throws -> (l1: Double, l2: Double, evaluations: Int) {
    var evaluations = 0
    func firstEntry(_ x: Tensor) throws -> (Double, Int) {
      evaluations += 1
      let g = try f.valueAndGradient(x).gradient.scalars.map { Swift.abs($0) }
      let i = g.indices.max { g[$0] < g[$1] } ?? 0
      return (g.isEmpty ? 0 : g[i], i)
    }
    let l1 = try ascend(x0, r, rng: &rng, value: { try firstEntry($0).0 }) { x in
      let (_, i) = try firstEntry(x)
      let (_, g, hv) = try f.hessianVectorProduct(x, unit(i, x0.count))
      evaluations += 1
      return try hv * (g.scalars[i] < 0 ? -1 : 1)
    }
    guard x0.count <= HessianSpectrum.denseLimit else {
      var l2 = 0.0
      for k in 0..<8 {
        let s = try HessianSpectrum.at(f, k == 0 ? x0 : try ballSample(x0, 2 * r, &rng), rng: &rng)
        l2 = Swift.max(l2, Swift.abs(s.smallest), Swift.abs(s.largest))
        evaluations += s.products
      }
      return (l1, l2, evaluations)
    }
    func secondEntry(_ x: Tensor) throws -> (Double, Int, Int) {
      let h = try f.hessianOperator(x).dense()
      evaluations += x0.count
      let p = x0.count
      let k = h.scalars.indices.max { Swift.abs(h.scalars[$0]) < Swift.abs(h.scalars[$1]) } ?? 0
      return (Swift.abs(h.scalars[k]), k / p, k % p)
    }
    let l2 = try ascend(x0, 2 * r, rng: &rng, value: { try secondEntry($0).0 }) { x in
      guard x0.count <= 50 else { return Tensor.zeros(x0.shape) }
      let (_, i, j) = try secondEntry(x)
      let sign: Double = try f.hessianVectorProduct(x, unit(j, x0.count)).hv.scalars[i] < 0 ? -1 : 1
      var direction = [Double](repeating: 0, count: x0.count)
      for k in 0..<x0.count {
        let h = finiteDifferenceStep * Swift.max(1, Swift.abs(x.scalars[k]))
        var up = x, down = x
        up.scalars[k] += h
        down.scalars[k] -= h
        let hu = try f.hessianVectorProduct(up, unit(j, x0.count)).hv.scalars[i]
        let hd = try f.hessianVectorProduct(down, unit(j, x0.count)).hv.scalars[i]
        direction[k] = sign * (hu - hd) / (2 * h)
        evaluations += 2
      }
      return try Tensor(shape: x0.shape, scalars: direction)
    }
    return (l1, l2, evaluations)
  }

  /// The largest `value` over B(center, r): 64 uniform samples, then 30 steps of projected,
  /// normalised ascent along `direction` from the three largest, halving the step on failure.
  static func ascend(
    _ center: Tensor, _ r: Double, rng: inout RandomStream,
    value: (Tensor) throws -> Double, direction: (Tensor) throws -> Tensor
  ) throws -> Double {
    var found: [(Double, Tensor)] = []
    for k in 0..<64 {
      let x = k == 0 ? center : try ballSample(center, r, &rng)
      found.append((try value(x), x))
    }
    var best = found.map(\.0).max() ?? 0
    for (v0, start) in found.sorted(by: { $0.0 > $1.0 }).prefix(3) {
      var (v, x, step) = (v0, start, r / 4)
      for _ in 0..<30 {
        let d = try direction(x)
        let n = d.norm()
        guard n > 0, n.isFinite else { break }
        var trial = try x + d * (step / n)
        let offset = try trial - center
        let on = offset.norm()
        if on > r { trial = try center + offset * (r / on) }
        let vt = try value(trial)
        if vt > v { (v, x) = (vt, trial) } else { step /= 2 }
      }
      best = Swift.max(best, v)
    }
    return best
  }

  /// The relative step of the central differences that only steer the ascent on |H_ij| (the
  /// values it compares are exact).
  static let finiteDifferenceStep = 1e-4

  static func unit(_ i: Int, _ p: Int) -> Tensor {
    var e = [Double](repeating: 0, count: p)
    e[i] = 1
    return Tensor(e)
  }

  /// A point uniform in B(center, r).
  static func ballSample(_ center: Tensor, _ r: Double, _ rng: inout RandomStream) throws -> Tensor {
    let direction = try rng.unitSphere(center.count)
    let radius = r * libmPow(rng.nextDouble(), 1 / Double(Swift.max(center.count, 1)))
    return try center + (direction * radius).reshaped(center.shape)
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
