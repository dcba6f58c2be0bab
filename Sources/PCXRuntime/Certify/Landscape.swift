import PCXNumerics

/// `landscape(f, starts, steps)` (002 Sec 2.2, 4, 5): local search from many random starts, the
/// limits clustered and classified by their (Riemannian) Hessian. On the unit sphere (every
/// param of f declared `on sphere`) the gradient is P grad f and the Hessian
/// P hess f P - (x^T grad f) P, P = I - x x^T (002 Sec 2.3). A spurious local minimum (one whose
/// value is above the best found) makes the verdict `violated` with it as witness; otherwise the
/// search found none, which is `not_refuted`, never `holds` (the set of starts is a sample).
extension Interpreter {
  mutating func landscape(_ a: Arguments, name: String) throws -> CertificateRecord? {
    let f = try objectiveArg(a, ["f"])
    guard let second = f.objective as? SecondOrderObjective else { return nil }
    let starts = try a.value("starts").map { try intValue($0, name) } ?? 20
    let steps = try a.value("steps").map { try intValue($0, name) } ?? 1000
    let sphere = !f.blocks.isEmpty && f.blocks.allSatisfy(\.onSphere) && f.blocks.count == 1
    let p = f.initial.count
    guard p <= HessianSpectrum.denseLimit else { return nil }
    var rng = env.stream("certify \(name)")
    var limits: [(point: Tensor, value: Double, kind: String)] = []
    var evaluations = 0
    for k in 0..<max(starts, 1) {
      try checkCancelled()
      var start: Tensor
      if sphere {
        start = try rng.unitSphere(p)
      } else {
        let scale = Swift.max(try f.initial.norm(), 1)
        start = try f.initial + (try rng.normalTensor([p]) * scale)
      }
      if k == 0 && !sphere { start = f.initial }
      let (x, used) = try localMinimum(f.objective, from: start, steps: steps, sphere: sphere)
      evaluations += used
      let (kind, products) = try classify(second, x, sphere: sphere)
      evaluations += products
      limits.append((x, try f.objective.value(x), kind))
    }
    // cluster the limits (distance below 1e-4 of the scale)
    var clusters: [(point: Tensor, value: Double, kind: String, count: Int)] = []
    for l in limits {
      let scale = Swift.max(try l.point.norm(), 1)
      if let i = try clusters.firstIndex(where: { try Tensor.distance($0.point, l.point) < 1e-4 * scale }) {
        clusters[i].count += 1
      } else {
        clusters.append((l.point, l.value, l.kind, 1))
      }
    }
    let minima = clusters.filter { $0.kind == "min" }
    let best = minima.map(\.value).min() ?? .nan
    let tolerance = 1e-8 * Swift.max(Swift.abs(best), 1)
    let spurious = minima.filter { $0.value > best + tolerance }
    var estimate: [String: Double] = [
      "local_minima": Double(minima.count), "spurious_minima": Double(spurious.count),
      "saddles": Double(clusters.filter { $0.kind == "saddle" }.count),
      "maxima": Double(clusters.filter { $0.kind == "max" }.count),
      "unclassified": Double(clusters.filter { $0.kind == "degenerate" || $0.kind == "not converged" }.count),
      "best_value": best,
    ]
    estimate["starts"] = Double(starts)
    let worst = spurious.max { $0.value < $1.value }
    return CertificateRecord(
      name: "landscape", verdict: worst == nil ? (minima.isEmpty ? .inconclusive : .notRefuted) : .violated,
      estimate: estimate,
      witness: worst.map { Witness(point: $0.point.scalars, lhs: $0.value, rhs: best) },
      method: "\(starts) random starts\(sphere ? " on the unit sphere" : ""), \(sphere ? "Riemannian " : "")gradient descent with backtracking (at most \(steps) steps), limits clustered and classified by the \(sphere ? "Riemannian " : "")Hessian's extreme eigenvalues (dense, exact HVPs)",
      evaluations: evaluations, source: "002 Sec 2.2, 2.3, 4, 5",
      reason: worst != nil ? "a local minimum with a higher value than the best one found (a spurious local minimum)"
        : (minima.isEmpty ? "no start converged to a local minimum" : "no spurious local minimum found from the starts (a search, not a proof)"))
  }

  /// Gradient descent with backtracking (Armijo, constant 1/2), on the sphere with the projected gradient and
  /// the normalising retraction (002 Sec 2.3). Returns the last point and the evaluations used.
  func localMinimum(_ f: any Objective, from start: Tensor, steps: Int, sphere: Bool) throws -> (Tensor, Int) {
    var x = start, step = 1.0, used = 0
    for _ in 0..<steps {
      var (v, g) = try f.valueAndGradient(x)
      used += 1
      if sphere { g = try g - x * (try Tensor.dot(x, g)) }
      let g2 = try Tensor.dot(g, g)
      if g2.squareRoot() < 1e-12 * Swift.max(Swift.abs(v), 1) { break }
      var accepted = false
      for _ in 0..<60 {
        var trial = try x - g * step
        if sphere { trial = try trial.normalized() }
        let vt = try f.value(trial)
        used += 1
        // sufficient decrease with constant 1/2: accepted steps stay below about 1/(curvature),
        // so the search converges linearly at a non-degenerate minimum instead of oscillating
        if vt <= v - 0.5 * step * g2 {
          x = trial
          step = Swift.min(step * 2, 1e4)  // grow after success, but never past what 60 halvings undo
          accepted = true
          break
        }
        step /= 2
      }
      if !accepted { break }
    }
    return (x, used)
  }

  /// min / max / saddle / degenerate from the (Riemannian) gradient and Hessian at x.
  func classify(_ f: any SecondOrderObjective, _ x: Tensor, sphere: Bool) throws -> (String, Int) {
    let op = try f.hessianOperator(x)
    let p = op.dimension
    var h = try op.dense()
    var g = Tensor(op.gradient.flatMap(\.scalars))
    if sphere {
      // 002 Sec 2.3: Hess f = P hess f P - (x^T grad f) P, P = I - x x^T; the normal direction is
      // shifted far away (+-c x x^T) so the extreme eigenvalues are tangent ones
      let proj = try Tensor.identity(p) - Tensor.outer(x, x)
      let radial = try Tensor.dot(x, g)
      h = try Tensor.matmul(Tensor.matmul(proj, h), proj) - proj * radial
      g = try g - x * radial
    }
    let scale = Swift.max(try h.norm(), 1)
    if try g.norm() > 1e-6 * scale { return ("not converged", p) }
    func extreme(_ shift: Double) throws -> [Double] {
      let shifted = sphere ? try h + Tensor.outer(x, x) * shift : h
      return try LinearAlgebra.symmetricEigen(LinearAlgebra.symmetricPart(shifted), vectors: false).values
    }
    let low = try extreme(1e6 * scale).first ?? .nan, high = try extreme(-1e6 * scale).last ?? .nan
    let tol = 1e-7 * scale
    if low > tol { return ("min", p) }
    if high < -tol { return ("max", p) }
    if low < -tol { return ("saddle", p) }
    return ("degenerate", p)
  }
}
