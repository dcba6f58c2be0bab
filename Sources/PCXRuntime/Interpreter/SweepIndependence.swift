import PCXSema
import PCXSource

// Points run apart only give the serial run's results if no point reads what another produced.
// Names cannot leak (a sweep block's declarations are local to it), but three lookups go through
// the experiment instead of names: a certificate without `on:` measures the latest run of its
// objective, whichever block trained it (`Interpreter.pointSet`); `lr: theorem` takes the latest
// certificate of the same sweep key; and a run completes the guarantees of earlier certificates
// of the same key (`applyFollowUps`). `independenceProblem` finds the scripts where one of them
// can cross from one point to another, so that splitting is refused with a reason instead of
// giving results that differ from the serial run's.

extension SweepPlan {
  /// Why the points of `program` cannot run apart, as an error at the statement responsible,
  /// or nil when they can.
  public static func independenceProblem(_ program: TypedProgram) -> ScriptError? {
    let plan = SweepPlan(program)
    return plan.latestRunProblem() ?? sharedKeyProblem(program.statements)
  }

  /// A certificate without `on:` whose latest run can come from another point: in a point,
  /// when no statement before it in its own block trains the objective but some point does; outside
  /// the points, when a point before it trains the objective.
  func latestRunProblem() -> ScriptError? {
    var trainedInPoints: [String: [Int]] = [:]
    var seen = Set<Int>()
    var blocks: [[TStmt]] = []
    for point in points where seen.insert(point.body.first?.span.start ?? -1 - point.index).inserted {
      blocks.append(point.body)
      for stmt in point.body where stmt.isTrain { trainedInPoints[stmt.callObjective ?? "", default: []].append(stmt.span.start) }
    }
    for block in blocks {
      for (i, stmt) in block.enumerated() where stmt.isCertify && stmt.measuresLatestRun {
        guard let f = stmt.callObjective, trainedInPoints[f] != nil else { continue }
        if !block[..<i].contains(where: { $0.isTrain && $0.callObjective == f }) { return latestRunError(stmt, f) }
      }
    }
    for stmt in outer where stmt.isCertify && stmt.measuresLatestRun {
      guard let f = stmt.callObjective, trainedInPoints[f]?.contains(where: { $0 < stmt.span.start }) == true else { continue }
      return latestRunError(stmt, f)
    }
    return nil
  }

  private func latestRunError(_ stmt: TStmt, _ f: String) -> ScriptError {
    ScriptError(span: stmt.span, error: RuntimeError(
      .argument, "this certificate measures the latest run of \(f), which can come from another sweep point, so the points are not independent and cannot run apart",
      hint: "name the run it measures with on: (on: run), or run the script without --jobs, --points or Slurm"))
  }

  /// Two sweep blocks that give the same key, the later one training or certifying: `lr: theorem`
  /// and guarantees are linked by key, so its runs could use the earlier block's certificates.
  static func sharedKeyProblem(_ statements: [TStmt]) -> ScriptError? {
    var seen = Set<String>()
    var problem: ScriptError?
    func visit(_ stmts: [TStmt], _ key: [(String, Double)]) {
      for stmt in stmts {
        guard problem == nil, case .sweep(let variable, let values, let bodies) = stmt.kind else { continue }
        for (value, body) in zip(values, bodies) where problem == nil {
          let inner = key + [(variable, value.realValue ?? .nan)]
          let label = SweepPlan.label(inner)
          if !seen.insert(label).inserted, body.contains(where: { $0.isTrain || $0.isCertify }) {
            problem = ScriptError(span: stmt.span, error: RuntimeError(
              .argument, "another sweep block before this one has the same key (\(label)); runs and certificates of one key are linked (lr: theorem, guarantees), so the points are not independent and cannot run apart",
              hint: "give the sweeps different variable names (a sweep over text values has the key nan for every value)"))
          }
          visit(body, inner)
        }
      }
    }
    visit(statements, [])
    return problem
  }
}
