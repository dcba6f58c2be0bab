import PCXNumerics

/// Extreme Hessian eigenvalues at every point of a finite set (`HessianSpectrum` per point): what
/// `hessian_spectrum`, `convexity`, `smoothness` and `strict_saddle` read on finite sets.
struct CurvatureScan {
  /// Each point with its spectrum, in order.
  let spectra: [(point: Tensor, spectrum: HessianSpectrum)]
  /// Hessian-vector products used.
  let products: Int
  /// How the first point's spectrum was computed.
  let method: String

  /// The spectra at `points` (the certificate's stream, polling cancellation between points).
  init(_ f: any SecondOrderObjective, at points: [Tensor], _ context: CertificateContext) throws {
    var rng = context.stream()
    var spectra: [(point: Tensor, spectrum: HessianSpectrum)] = []
    for p in points {
      try context.checkCancelled()
      spectra.append((p, try HessianSpectrum.at(f, p, rng: &rng)))
    }
    self.spectra = spectra
    products = spectra.reduce(0) { $0 + $1.spectrum.products }
    method = spectra.first?.spectrum.method ?? "no points"
  }

  /// Whether the eigen-solver converged to finite values at every point.
  var converged: Bool { spectra.allSatisfy { $0.spectrum.converged && $0.spectrum.smallest.isFinite && $0.spectrum.largest.isFinite } }
  /// The point with the smallest eigenvalue.
  var lowest: (point: Tensor, spectrum: HessianSpectrum)? { spectra.min { $0.spectrum.smallest < $1.spectrum.smallest } }
  /// The smallest eigenvalue over the set.
  var lambdaMin: Double { lowest?.spectrum.smallest ?? .nan }
  /// The largest eigenvalue over the set.
  var lambdaMax: Double { spectra.map(\.spectrum.largest).max() ?? .nan }
  /// The largest ||hess||_2 over the set.
  var normMax: Double { spectra.map { Swift.max(Swift.abs($0.spectrum.smallest), Swift.abs($0.spectrum.largest)) }.max() ?? .nan }

  /// The record of a scan whose solver failed somewhere.
  func inconclusive(_ name: String, source: String) -> CertificateRecord {
    CertificateRecord(name: name, verdict: .inconclusive, estimate: [:], method: method, evaluations: products,
                      source: source, reason: "the eigen-solver did not converge at some point (or gave NaN)")
  }
}

/// 002 Def 2.1 at the points of a set: every point has ||grad f|| >= alpha, or
/// lambda_min(hess f) <= -beta, or lies within gamma of a local minimum. The last is decided by
/// descending from the point (gradient descent with step 1/||hess||, 2000 steps) and checking the
/// end: gradient below `Tolerance.localMinimum`, Hessian positive semi-definite (up to that
/// fraction of its norm), and distance at most gamma. A second-order stationary point is taken for
/// a local minimum: a degenerate one (x^3 at 0) passes this test.
struct StrictSaddleCheck {
  let alpha: Double
  let beta: Double
  let gamma: Double

  /// The record of the check at `spectra` (points with their Hessian spectra).
  func record(
    _ f: any Objective, _ second: any SecondOrderObjective, _ spectra: [(point: Tensor, spectrum: HessianSpectrum)],
    products: Int, method: String, on set: SetKind, _ context: CertificateContext
  ) throws -> CertificateRecord {
    var rng = context.stream(" descent")
    var counts = ["large_gradient": 0.0, "negative_curvature": 0.0, "near_local_min": 0.0]
    var failure: (Tensor, Double, Double)?
    var evaluations = products
    for (p, spectrum) in spectra {
      let g = try f.valueAndGradient(p).gradient
      let gn = g.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if gn >= alpha { counts["large_gradient", default: 0] += 1; continue }
      if spectrum.smallest <= -beta { counts["negative_curvature", default: 0] += 1; continue }
      let (end, ok, used) = try Self.descendToMinimum(f, second, from: p, rng: &rng)
      evaluations += used
      let distance = try (end - p).norm()
      if ok && distance <= gamma { counts["near_local_min", default: 0] += 1; continue }
      if failure == nil { failure = (p, gn, spectrum.smallest) }
    }
    var estimate = counts
    estimate["points"] = Double(spectra.count)
    return CertificateRecord(
      name: StrictSaddle.entry.name, verdict: Verdict.decide(measured: true, satisfied: failure == nil, on: set), estimate: estimate,
      witness: failure.map { Witness(point: $0.0.scalars, lhs: $0.1, rhs: alpha) },
      method: "at each of \(spectra.count) points: ||grad f|| >= \(alpha), else lambda_min(hess f) <= -\(beta) (\(method)), else descent to a local minimum within \(gamma)",
      evaluations: evaluations, source: "002 Def 2.1",
      reason: failure.map { "at the witness ||grad f|| = \($0.1) < alpha, lambda_min = \($0.2) > -beta, and no local minimum was found within gamma" })
  }

  /// Gradient descent from p with step 1/beta (beta from the Hessian there); whether it ends at a
  /// point with a tiny gradient and a positive semi-definite Hessian.
  static func descendToMinimum(
    _ f: any Objective, _ second: any SecondOrderObjective, from p: Tensor, rng: inout RandomStream
  ) throws -> (Tensor, Bool, Int) {
    var x = p
    let s0 = try HessianSpectrum.at(second, x, rng: &rng)
    let step = 1 / Swift.max(Swift.abs(s0.largest), Swift.abs(s0.smallest), Tolerance.curvatureFloor)
    var used = s0.products
    for _ in 0..<2000 {
      let g = try f.valueAndGradient(x).gradient
      used += 1
      if g.scalars.reduce(0, { $0 + $1 * $1 }).squareRoot() < Tolerance.descentGradient { break }
      try x.addScaled(g, -step)
      // the descent ran away (f unbounded below along it): no local minimum on this path
      if !x.isFinite || x.scalars.contains(where: { Swift.abs($0) > Tolerance.runaway }) { return (x, false, used) }
    }
    let g = try f.valueAndGradient(x).gradient
    let s = try HessianSpectrum.at(second, x, rng: &rng)
    used += s.products + 1
    let scale = Swift.max(Swift.abs(s.largest), 1)
    let ok = g.scalars.reduce(0, { $0 + $1 * $1 }).squareRoot() < Tolerance.localMinimum
      && s.smallest >= -Tolerance.localMinimum * scale
    return (x, ok, used)
  }
}
