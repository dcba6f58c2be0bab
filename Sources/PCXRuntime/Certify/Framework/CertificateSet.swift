import PCXNumerics
import PCXSema

/// The points of a finite set (SPEC §5): every one is evaluated, so verdicts on it are exact.
struct FiniteSet: Sendable {
  /// The points, flat.
  let points: [Tensor]
  /// Their steps, when they are a run's iterates (else empty).
  let steps: [Int]
  /// The run whose iterates they are, if any.
  let run: RunValue?
}

/// The set of a certificate's `on:`.
enum CertificateSet: Sendable {
  case finite(FiniteSet)
  case continuous(ContinuousSet)
}

extension CertificateContext {
  /// The set of `on:` for objective f: continuous for `ball`, `spectral_ball` and `sphere`,
  /// finite for the rest (see `finiteSet`).
  func set(of f: ObjectiveValue) throws -> CertificateSet {
    if let continuous = try continuousSet(arguments.expression("on"), objective: f) { return .continuous(continuous) }
    return .finite(try finiteSet(of: f))
  }

  /// The finite set of `on:`: a run's iterates (`run every k` keeps every k-th), listed points,
  /// a grid, or — with no `on:` — the iterates of the latest run of f.
  func finiteSet(of f: ObjectiveValue) throws -> FiniteSet {
    let e = arguments.expression("on")
    if let grid = try gridSpec(e, objective: f) { return FiniteSet(points: grid.points, steps: [], run: nil) }
    if let e, case .call(let set, _, let args) = e.kind, set == SetEntries.points.name {
      guard let list = args.first?.value, case .vector(let items) = list.kind else {
        throw RuntimeError(.argument, "points([...]) needs a list of points", at: e.span)
      }
      return FiniteSet(points: try items.map { try point($0, dimension: f.initial.count) }, steps: [], run: nil)
    }
    var runExpr = e, every = 1
    if let e, case .every(let base, let k) = e.kind {
      runExpr = base
      every = try env.intValue(k, "")
    }
    let run: RunValue
    if let runExpr {
      guard case .run(let r) = try env.evaluate(runExpr) else {
        throw RuntimeError(.argument, "this certificate measures on a run, 'run every k' or points([...]) in this version", at: runExpr.span)
      }
      run = r
    } else {
      guard let r = runs.last(where: { $0.objective == f.name }) else {
        throw RuntimeError(.argument, "no run trains \(f.name) before this certificate", hint: "give on: a run or points")
      }
      run = r
    }
    let kept = run.result.iterates.filter { $0.step % every == 0 }
    guard !kept.isEmpty else {
      throw RuntimeError(.argument, "run \(run.name) kept no iterates to certify", at: runExpr?.span)
    }
    return FiniteSet(points: kept.map(\.theta), steps: kept.map(\.step), run: run)
  }
}
