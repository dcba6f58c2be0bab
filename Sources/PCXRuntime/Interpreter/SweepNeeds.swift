import PCXSema

// Which statements outside the sweeps a point needs. A point runs its innermost block; the
// statements before it (data, models, lets, params...) build the state it reads. Running only
// those it can read saves their cost in every process that runs points: a top-level baseline
// training or certificate the points never mention is run once, by `gather`, not once per
// process. Random streams are keyed by declaration name and sweep key (SPEC §2.3), so skipping a
// statement never changes another one's numbers.

/// What the statements chosen so far read: names, and the objectives whose runs or certificates
/// they reach through the experiment rather than by name.
struct PointDemand {
  /// Declared names read.
  var names = Set<String>()
  /// Objectives whose latest run a certificate without `on:` measures, or whose later runs
  /// complete a bound certificate's guarantee (`applyFollowUps`): their `train`s are needed.
  var runsOf = Set<String>()
  /// Objectives trained with `lr: theorem`: the certificates that prescribe the step are needed.
  var stepSizesOf = Set<String>()

  /// Whether running `stmt` can change what the demanded statements see.
  func wants(_ stmt: TStmt) -> Bool {
    switch stmt.kind {
    case .declaration(.train, let name, let value):
      return names.contains(name) || value.trainedObjective.map(runsOf.contains) == true
    case .declaration(_, let name, _), .param(let name, _, _, _):
      return names.contains(name)
    case .certify(let name, let value):
      return name.map(names.contains) == true || value.trainedObjective.map(stepSizesOf.contains) == true
    case .seed, .sweep, .report, .plot:
      return false
    }
  }

  /// Adds what `stmt` reads (`refs`: its names). A bound certificate outside the points is
  /// completed by later runs of its key (the points' keys differ, so theirs are not).
  mutating func absorb(_ stmt: TStmt, refs: Set<String>, inPoint: Bool) {
    names.formUnion(refs)
    switch stmt.kind {
    case .certify(let name, let value):
      if let f = value.trainedObjective, (name != nil && !inPoint) || value.measuresLatestRun { runsOf.insert(f) }
    case .declaration(.train, _, let value):
      if value.usesTheoremStep, let f = value.trainedObjective { stepSizesOf.insert(f) }
    default: break
    }
  }
}

extension Interpreter {
  /// The span starts of the statements outside innermost blocks that the `selection`'s points
  /// need, found backwards from the points' blocks to a fixed point.
  func outerNeeds(_ plan: SweepPlan, _ selection: Set<Int>) -> Set<Int> {
    var demand = PointDemand()
    var absorbed = Set<Int>()
    for p in selection.sorted() where absorbed.insert(plan.points[p].body.first?.span.start ?? -1 - p).inserted {
      for stmt in plan.points[p].body { demand.absorb(stmt, refs: [], inPoint: true) }
      demand.names.formUnion(blockReferences(plan.points[p].body))
    }
    var needed = Set<Int>(), changed = true
    while changed {
      changed = false
      for stmt in plan.outer where !needed.contains(stmt.span.start) && demand.wants(stmt) {
        needed.insert(stmt.span.start)
        demand.absorb(stmt, refs: Set(references(of: stmt)), inPoint: false)
        changed = true
      }
    }
    return needed
  }

  /// The names a statement reads (a sweep: what its blocks read of the names around them).
  func references(of stmt: TStmt) -> [String] {
    switch stmt.kind {
    case .seed: return []
    case .declaration(_, _, let value), .certify(_, let value): return references(in: value)
    case .param(_, _, _, let initial): return initial.map { references(in: $0) } ?? []
    case .report(let values): return values.flatMap { references(in: $0) }
    case .plot(let y, let x, _): return references(in: y) + (x.map { references(in: $0) } ?? [])
    case .sweep(let variable, _, let bodies):
      return bodies.flatMap { blockReferences($0).subtracting([variable]) }
    }
  }

  /// The names a block reads that it does not declare itself.
  func blockReferences(_ block: [TStmt]) -> Set<String> {
    Set(block.flatMap { references(of: $0) }).subtracting(block.compactMap(\.declaredName))
  }
}

extension TStmt {
  /// The name the statement declares, if any.
  var declaredName: String? {
    switch kind {
    case .declaration(_, let name, _), .param(let name, _, _, _): return name
    case .certify(let name, _): return name
    default: return nil
    }
  }

  /// For `train` and `certify`: the objective (or run) named by the call's first argument.
  var callObjective: String? {
    switch kind {
    case .declaration(.train, _, let value), .certify(_, let value): return value.trainedObjective
    default: return nil
    }
  }

  /// A `certify` call that measures the latest run of its objective (`TExpr.measuresLatestRun`).
  var measuresLatestRun: Bool {
    if case .certify(_, let value) = kind { return value.measuresLatestRun }
    return false
  }

  /// A `train` statement.
  var isTrain: Bool { if case .declaration(.train, _, _) = kind { return true } else { return false } }
  /// A `certify` statement.
  var isCertify: Bool { if case .certify = kind { return true } else { return false } }
}

extension TExpr {
  /// The name given as a call's first argument (`L` in `gd(L, ...)` or `pl_star(L, on: run)`).
  var trainedObjective: String? {
    guard case .call(_, _, let args) = kind, let first = args.first?.value, case .reference(let name, _) = first.kind else {
      return nil
    }
    return name
  }

  /// A certificate call without `on:` or `at:`: it measures the latest run of its objective,
  /// whichever statement trained it (`Interpreter.pointSet`).
  var measuresLatestRun: Bool {
    guard case .call(_, _, let args) = kind else { return false }
    let given = Set(args.filter { $0.value != nil }.map(\.name))
    return args.contains { $0.name == "on" } && !given.contains("on") && !given.contains("at")
  }

  /// A training call with `lr: theorem`.
  var usesTheoremStep: Bool {
    guard case .call(_, _, let args) = kind, let lr = args.first(where: { $0.name == "lr" })?.value,
          case .choice("theorem") = lr.kind else { return false }
    return true
  }
}
