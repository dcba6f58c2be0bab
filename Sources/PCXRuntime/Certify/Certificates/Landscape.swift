import PCXNumerics
import PCXSema

/// `landscape(f, starts, steps)` (002 Sec 2.2, 4, 5): local search from many random starts, the
/// limits clustered and classified by their (Riemannian) Hessian. On the unit sphere (every
/// param of f declared `on sphere`) the gradient is P grad f and the Hessian
/// P hess f P - (x^T grad f) P, P = I - x x^T (002 Sec 2.3). A spurious local minimum (one whose
/// value is above the best found) makes the verdict `violated` with it as witness; otherwise the
/// search found none, which is `not_refuted`, never `holds` (the set of starts is a sample).
enum Landscape: Certificate {
  static let entry = CatalogEntry("landscape", .certificate, [.required("f", .objective), .optional("starts", .int, 20), .optional("steps", .int, 1000)],
    rule: .certificate, summary: "multi-start local search; classify limits by their Hessian", reference: "002 Sec 2.2, 4, 5")

  static let documentation = CertificateDoc(
    formula: "multi-start local search: the limits of descent from many starts, clustered and classified by their Hessian (min / saddle / max); spurious local minima are minima above the best value (002 Sec 2.2, 4, 5).",
    sets: "the whole space, or the unit sphere for `param ... on sphere` (Riemannian gradient and Hessian of 002 Sec 2.3).",
    method: "`starts` random starts, `steps` of (Riemannian) gradient descent, clustering of the limits, dense or Lanczos Hessian at each cluster.",
    verdicts: "not_refuted when no spurious minimum was found (the space is continuous), violated with the spurious minimum as witness.",
    guarantee: nil,
    example: "certify landscape(h, starts: 100)")

  static let estimates: [String] = ["local_minima", "spurious_minima", "saddles", "maxima", "unclassified", "best_value", "starts"]

  /// A limit of the local search, classified.
  typealias Limit = (point: Tensor, value: Double, kind: String)

  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome {
    let a = context.arguments
    let f = try context.objective("f")
    let second = try context.secondOrder(f, "f")
    let starts = try a.int("starts"), steps = try a.int("steps")
    let sphere = !f.blocks.isEmpty && f.blocks.allSatisfy(\.onSphere) && f.blocks.count == 1
    let p = f.initial.count
    guard p <= HessianSpectrum.denseLimit else {
      throw a.error("f", "landscape classifies limits by their dense Hessian, so it needs at most \(HessianSpectrum.denseLimit) parameters; \(f.name) has \(p)")
    }
    var rng = context.stream()
    var limits: [Limit] = []
    var evaluations = 0
    for k in 0..<max(starts, 1) {
      try context.checkCancelled()
      var start: Tensor
      if sphere {
        start = try rng.unitSphere(p)
      } else {
        let scale = Swift.max(try f.initial.norm(), 1)
        start = try f.initial + (try rng.normalTensor([p]) * scale)
      }
      if k == 0 && !sphere { start = f.initial }
      let (x, used) = try LandscapeSearch.localMinimum(f.objective, from: start, steps: steps, sphere: sphere)
      let (kind, products) = try LandscapeSearch.classify(second, x, sphere: sphere)
      evaluations += used + products
      limits.append((x, try f.objective.value(x), kind))
    }
    return CertificateOutcome(record: try record(limits, starts: starts, steps: steps, sphere: sphere, evaluations: evaluations))
  }

  /// The limits clustered (distance below `clusterRadius` of the scale), counted by kind; a
  /// minimum above the best one found is spurious.
  static func record(_ limits: [Limit], starts: Int, steps: Int, sphere: Bool, evaluations: Int) throws -> CertificateRecord {
    var clusters: [(point: Tensor, value: Double, kind: String, count: Int)] = []
    for l in limits {
      let scale = Swift.max(try l.point.norm(), 1)
      if let i = try clusters.firstIndex(where: { try Tensor.distance($0.point, l.point) < clusterRadius * scale }) {
        clusters[i].count += 1
      } else {
        clusters.append((l.point, l.value, l.kind, 1))
      }
    }
    let minima = clusters.filter { $0.kind == "min" }
    let best = minima.map(\.value).min() ?? .nan
    let spurious = minima.filter { $0.value > best + Tolerance.localMinimum * Swift.max(Swift.abs(best), 1) }
    let estimate: [String: Double] = [
      "local_minima": Double(minima.count), "spurious_minima": Double(spurious.count),
      "saddles": Double(clusters.filter { $0.kind == "saddle" }.count),
      "maxima": Double(clusters.filter { $0.kind == "max" }.count),
      "unclassified": Double(clusters.filter { $0.kind == "degenerate" || $0.kind == "not converged" }.count),
      "best_value": best, "starts": Double(starts),
    ]
    let worst = spurious.max { $0.value < $1.value }
    let verdict = Verdict.decide(measured: !minima.isEmpty, satisfied: worst == nil, on: .continuous)
    return CertificateRecord(
      name: entry.name, verdict: verdict, estimate: estimate,
      witness: worst.map { Witness(point: $0.point.scalars, lhs: $0.value, rhs: best) },
      method: "\(starts) random starts\(sphere ? " on the unit sphere" : ""), \(sphere ? "Riemannian " : "")gradient descent with backtracking (at most \(steps) steps), limits clustered and classified by the \(sphere ? "Riemannian " : "")Hessian's extreme eigenvalues (dense, exact HVPs)",
      evaluations: evaluations, source: "002 Sec 2.2, 2.3, 4, 5",
      reason: worst != nil ? "a local minimum with a higher value than the best one found (a spurious local minimum)"
        : (minima.isEmpty ? "no start converged to a local minimum" : "no spurious local minimum found from the starts (a search, not a proof)"))
  }

  /// Limits closer than this fraction of their norm (at least 1) are one point.
  static let clusterRadius = 1e-4
}
