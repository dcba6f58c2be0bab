import PCXNumerics
import PCXSema

/// Chatterjee's criterion over a finite set of starting points.
enum ChatterjeeOverSet {
  /// The criterion at every point x0 of a finite set (a grid, listed points, a run's iterates)
  /// with `ChatterjeeSearch.quickCriterion`. The set is finite but each alpha(x0, r) is an
  /// infimum over a ball, so: `violated` when the criterion fails at some point (certain, since
  /// alpha_hat >= alpha; the first such point in row-major order is the witness), `not_refuted`
  /// when it is met at every point, never `holds`. On a grid the record keeps every point.
  static func record(
    _ on: TExpr, _ f: ObjectiveValue, _ second: any SecondOrderObjective, _ context: CertificateContext
  ) throws -> CertificateRecord {
    let grid = try context.gridSpec(on, objective: f)
    let points = try grid?.points ?? context.finiteSet(of: f).points
    let auto = try context.arguments.numberOrName("radius") == .name("auto")
    let fixed = auto ? nil : try Chatterjee.radii(context.arguments, f.initial, count: 1).first
    let (results, evaluations) = try criterionAtEach(points, f, second, fixed: fixed, context)
    let met = results.map { $0.choice.margin > 0 }
    let k = met.filter { $0 }.count
    let failing = results.indices.first { results[$0].choice.margin <= 0 }
    let undefined = results.indices.first { !results[$0].choice.margin.isFinite }
    let verdict = failing != nil ? Verdict.violated : Verdict.decide(measured: undefined == nil, satisfied: true, on: .continuous)
    let shown = failing ?? undefined ?? results.indices.min { results[$0].choice.margin < results[$1].choice.margin } ?? 0
    let (f0, c) = results[shown]
    var record = CertificateRecord(
      name: Chatterjee.entry.name, verdict: verdict,
      estimate: ["met": Double(k), "points": Double(points.count), "fraction_met": Double(k) / Double(Swift.max(points.count, 1)),
                 "alpha": c.alpha, "radius": c.radius, "f_x0": f0, "margin": c.margin],
      witness: Witness(point: points[shown].scalars, lhs: c.radius * c.radius * c.alpha, rhs: 4 * f0),
      method: method(grid, points.count, auto: fixed == nil),
      evaluations: evaluations, source: "001 eq (2.1), Thm 2.1, Thm 2.2" + (grid != nil ? ", (3.2), Figure 1" : ""),
      reason: reason(verdict, k, points.count, x0: points[shown]))
    if let grid {
      record.grid = GridResult(
        objective: f.name, labels: f.blocks.count == 2 ? f.blocks.map(\.name) : ["x1", "x2"], xs: grid.xs, ys: grid.ys,
        met: met, values: results.map(\.f0),
        quantities: ["alpha": results.map(\.choice.alpha), "radius": results.map(\.choice.radius), "margin": results.map(\.choice.margin)])
    }
    return record
  }

  /// f(x0) and the best radius of the quick criterion at each point (radius: auto when `fixed`
  /// is nil), one random stream carried through the points in order, and the evaluation count.
  private static func criterionAtEach(
    _ points: [Tensor], _ f: ObjectiveValue, _ second: any SecondOrderObjective, fixed: Double?, _ context: CertificateContext
  ) throws -> ([(f0: Double, choice: ChatterjeeChoice)], Int) {
    var rng = context.stream()
    var evaluations = 0, results: [(f0: Double, choice: ChatterjeeChoice)] = []
    for x0 in points {
      try context.checkCancelled()
      let f0 = try f.objective.value(x0)
      var search = ChatterjeeSearch(f: second, center: x0, rng: rng)
      let upper = 10 * Swift.max(x0.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1)
      let radii = try fixed.map { [$0] } ?? search.quickRadii(f0: f0, upper: upper)
      let choice = f0.isFinite ? try search.quickCriterion(f0: f0, radii: radii)
        : ChatterjeeChoice(radius: radii.last ?? 0, alpha: .nan, point: x0, margin: .nan)
      rng = search.rng
      evaluations += search.evaluations + 1
      results.append((f0, choice))
    }
    return (results, evaluations)
  }

  private static func method(_ grid: GridSpec?, _ count: Int, auto: Bool) -> String {
    typealias S = ChatterjeeSearch
    let set = grid.map { "the finite set of the \($0.xs.count) x \($0.ys.count) = \(count) grid points" } ?? "each of \(count) points"
    return "criterion 4 f(x0) < r^2 alpha(x0, r) at x0 = \(set) (the verdict speaks about these points only); "
      + (auto ? "radius: auto tries radii a factor \(S.quickFactor) apart (at most \(S.quickMaxRadii)) from 2 sqrt(f(x0) / ratio(x0)), below which the criterion cannot hold, to 10 max(||x0||, 1), then \(S.quickGolden) golden-section steps in log r around the best; " : "")
      + "alpha_hat(x0, r) from \(S.quickSamples) uniform samples per radius and projected gradient descent on ||grad f||^2 / f (exact HVPs, \(S.quickSteps) steps "
      + "warm-started from the smallest ratio found in the ball), the radius with the largest margin descended again for \(S.quickFinalSteps) steps (its points lower alpha_hat of every ball containing them) until the best radius is one so searched (at most \(S.quickVerified) times) "
      + "(cheaper than the 49 radii, 64 samples and 3 x 100 steps of a single at: point)"
  }

  private static func reason(_ verdict: Verdict, _ k: Int, _ n: Int, x0: Tensor) -> String {
    let where_ = "(" + x0.scalars.map { "\($0)" }.joined(separator: ", ") + ")"
    switch verdict {
    case .violated: return "criterion met at \(k) of \(n) points; at the first failing point \(where_) r^2 alpha_hat <= 4 f(x0) for every radius tried, and alpha_hat >= alpha, so it fails there"
    case .inconclusive: return "f is not finite at \(where_), or vanishes at every point tried around it: the criterion is undefined there (met at \(k) of \(n) points)"
    default: return "criterion met at all \(n) points; each alpha_hat is an upper bound of an infimum over a ball, so this is not a proof"
    }
  }
}

