import Dispatch
import PCXSema
import PCXSource

/// What one sweep point produced: its part of the results document, its plot changes, or the
/// error that stopped it (a failing point is recorded, never dropped).
public struct PointOutcome: Sendable {
  /// The point's index in `SweepPlan.points`.
  public let index: Int
  /// Its sweep values.
  public let key: [(String, Double)]
  /// The runs of its block, in order.
  public var runs: [RunRecord] = []
  /// The certificates of its block, in order.
  public var certificates: [CertificateRecord] = []
  /// The values its block reported, in order.
  public var values: [ReportedValue] = []
  /// What its `plot` statements changed, in order.
  public var plotOps: [PlotOp] = []
  /// The error that stopped the point (its block's remaining statements did not run).
  public var error: ScriptError?
  /// Wall-clock seconds of the point's block.
  public var seconds: Double = 0

  /// An outcome; the lists start empty.
  public init(index: Int, key: [(String, Double)], error: ScriptError? = nil) {
    self.index = index
    self.key = key
    self.error = error
  }
}

/// How far the lists of an experiment had grown at a moment: where a point's part starts.
struct ExperimentMark {
  let runs: Int, certificates: Int, reports: Int, plotOps: Int

  init(_ e: Experiment) {
    runs = e.runs.count
    certificates = e.certificates.count
    reports = e.reports.count
    plotOps = e.plotLog?.count ?? 0
  }
}

/// What a walk over the statements does at each point and with the statements outside them:
/// run the selected points (and the outside statements they need), or splice in each point's
/// outcome and run every outside statement (`gather`).
struct PointWalk {
  /// Points to run; nil when gathering.
  var selection: Set<Int>?
  /// Span starts of the outside statements to run when running points.
  var needed: Set<Int> = []
  /// Called with each point's outcome as it finishes.
  var each: ((PointOutcome) throws -> Void)?
  /// The outcomes to splice in when gathering, and where each went.
  var outcomes: [Int: PointOutcome] = [:]
  var marks: [(mark: ExperimentMark, outcome: PointOutcome)] = []
  /// Points handled so far.
  var done = Set<Int>()

  func wants(_ range: Range<Int>) -> Bool {
    guard let selection else { return true }
    return range.contains { selection.contains($0) }
  }

  func runs(_ stmt: TStmt) -> Bool { selection == nil || needed.contains(stmt.span.start) }

  /// Every selected point ran: the statements after them need not.
  var isFinished: Bool { selection.map { $0.isSubset(of: done) } ?? false }
}

extension Interpreter {
  /// Runs the points of `selection` (and the statements outside the sweeps that they need),
  /// handing each point's outcome to `each` as it finishes. A point that fails is handed over
  /// with its error and the others still run; an outside statement that fails fails every
  /// selected point not yet run, with its error. Throws what `each` throws.
  public mutating func runPoints(_ plan: SweepPlan, _ selection: [Int], each: @escaping (PointOutcome) throws -> Void) throws {
    var walk = PointWalk(selection: Set(selection), needed: outerNeeds(plan, Set(selection)), each: each)
    experiment.plotLog = []
    started = DispatchTime.now().uptimeNanoseconds
    do {
      try self.walk(program.statements, from: 0, &walk)
    } catch let error as ScriptError {
      for p in selection where !walk.done.contains(p) {
        try each(PointOutcome(index: p, key: plan.points[p].key, error: error))
      }
    }
  }

  /// Runs every statement outside the innermost sweep blocks and splices in the points'
  /// outcomes where a serial run would have run their blocks: the merged results. A point that
  /// failed stops the merge with its error, where the serial run would have stopped.
  public mutating func gather(_ outcomes: [PointOutcome]) throws -> GatheredResults {
    var walk = PointWalk(selection: nil, outcomes: Dictionary(outcomes.map { ($0.index, $0) }) { a, _ in a })
    experiment.plotLog = []
    started = DispatchTime.now().uptimeNanoseconds
    try self.walk(program.statements, from: 0, &walk)
    return GatheredResults(own: experiment, spliced: walk.marks)
  }

  /// The statements of one block in order; sweeps go value by value, points by `point`.
  mutating func walk(_ stmts: [TStmt], from first: Int, _ walk: inout PointWalk) throws {
    var next = first
    for stmt in stmts {
      if walk.isFinished || wasCancelled { return }
      guard case .sweep(let variable, let values, let bodies) = stmt.kind else {
        if walk.runs(stmt) { try execute(stmt) }
        continue
      }
      let saved = env
      for (value, body) in zip(values, bodies) {
        let count = SweepPlan.pointCount(body)
        let range = next..<next + count
        next += count
        guard walk.wants(range) else { continue }
        env = saved
        enter(variable, value)
        if SweepPlan.isInnermost(body) {
          try point(range.lowerBound, body, &walk)
        } else {
          try self.walk(body, from: range.lowerBound, &walk)
        }
      }
      env = saved
    }
  }

  /// One point: run its block and hand over its outcome, or splice in its gathered outcome.
  mutating func point(_ index: Int, _ body: [TStmt], _ walk: inout PointWalk) throws {
    walk.done.insert(index)
    guard walk.selection != nil else {
      guard let outcome = walk.outcomes[index] else {
        throw RuntimeError(.argument, "sweep point \(index) (\(SweepPlan.label(env.key))) has no result to gather")
      }
      if let error = outcome.error { throw error }
      walk.marks.append((ExperimentMark(experiment), outcome))
      return
    }
    let mark = ExperimentMark(experiment)
    let start = DispatchTime.now().uptimeNanoseconds
    var outcome = PointOutcome(index: index, key: env.key)
    do {
      for stmt in body { try execute(stmt) }
      if wasCancelled, let first = body.first {
        outcome.error = ScriptError(span: first.span, error: RuntimeError(.limit, "the point was cancelled before its block finished"))
      }
    } catch let error as ScriptError {
      outcome.error = error
    }
    outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    outcome.runs = experiment.runs[mark.runs...].map(\.record)
    outcome.certificates = experiment.certificates[mark.certificates...].map(\.record)
    outcome.values = experiment.reports[mark.reports...].map(\.record)
    outcome.plotOps = Array((experiment.plotLog ?? [])[mark.plotOps...])
    forget(since: mark)
    try walk.each?(outcome)
  }
}

extension Interpreter {
  /// Drops a point's runs, certificates, values and plot changes once its outcome holds them, so
  /// a process running many points keeps one point's iterates at a time. Nothing later reads
  /// them: the statements after a point cannot name its declarations, and
  /// `SweepPlan.independenceProblem` refuses the scripts whose lookups could reach them.
  mutating func forget(since mark: ExperimentMark) {
    experiment.runs.removeSubrange(mark.runs...)
    experiment.certificates.removeSubrange(mark.certificates...)
    experiment.reports.removeSubrange(mark.reports...)
    experiment.plotLog?.removeSubrange(mark.plotOps...)
  }
}

/// The results of `Interpreter.gather`: the statements outside the sweeps with every point's
/// outcome spliced in where its block would have run.
public struct GatheredResults: Sendable {
  /// The runs in serial order.
  public let runs: [RunRecord]
  /// The certificates in serial order.
  public let certificates: [CertificateRecord]
  /// The reported values in serial order.
  public let values: [ReportedValue]
  /// The plots, drawn by replaying every plot change in serial order.
  public let plots: [PlotRequest]
  /// The seed the statements ran with.
  public let seed: Int

  init(own: Experiment, spliced: [(mark: ExperimentMark, outcome: PointOutcome)]) {
    runs = Self.interleave(own.runs.map(\.record), spliced.map { ($0.mark.runs, $0.outcome.runs) })
    certificates = Self.interleave(own.certificates.map(\.record), spliced.map { ($0.mark.certificates, $0.outcome.certificates) })
    values = Self.interleave(own.reports.map(\.record), spliced.map { ($0.mark.reports, $0.outcome.values) })
    plots = .replaying(Self.interleave(own.plotLog ?? [], spliced.map { ($0.mark.plotOps, $0.outcome.plotOps) }))
    seed = own.seed
  }

  /// `own` with each insertion placed before the element at its index (indices never decrease).
  static func interleave<T>(_ own: [T], _ insertions: [(at: Int, items: [T])]) -> [T] {
    var out: [T] = [], i = 0
    for (at, items) in insertions {
      out += own[i..<at]
      out += items
      i = at
    }
    return out + own[i...]
  }

  /// The results document, as `Experiment.document` makes it for a serial run.
  public func document(version: String, scriptSHA256: String, commandLine: [String], totalSeconds: Double) -> ResultsDocument {
    ResultsDocument(
      pcxVersion: version, scriptSHA256: scriptSHA256, seed: seed, commandLine: commandLine,
      runs: runs, certificates: certificates, values: values, timing: Timing(seconds: totalSeconds))
  }

  /// The plots as an experiment holds them (for the API's output writers).
  public var experiment: Experiment {
    var e = Experiment()
    e.plots = plots
    e.seed = seed
    return e
  }
}
