import Dispatch
import PCXNumerics
import PCXSema
import PCXSource
import PCXSyntax

/// How a script runs: seed, overrides, limits and where files may be read and written.
public struct RunOptions: Sendable {
  /// Replaces the script's `seed` (SPEC §6 `--seed`).
  public var seed: Int?
  /// `--set name=value`: replaces the value of a `let` (numbers, or strings in quotes).
  public var overrides: [String: String] = [:]
  public var limits = ResourceLimits()
  /// Relative data paths are resolved against this directory (the script's).
  public var baseDirectory = "."
  /// Whether a script may read files outside `baseDirectory` (the CLI allows it; embedders
  /// choose, see `PCX.InterpreterConfiguration`).
  public var allowsReadsOutsideBaseDirectory = true
  public init() {}
}

/// An error that stopped a script, with the statement that caused it.
public struct ScriptError: Error, CustomStringConvertible, Sendable {
  public let span: SourceSpan
  public let error: RuntimeError
  /// `file:line:col: error: message`.
  public var description: String { "\(span.file):\(span.line):\(span.column): error: \(error.description)" }
  /// The error as a diagnostic for the one renderer.
  public var diagnostic: Diagnostic { Diagnostic(.error, error.description, at: span) }
}

/// Everything a script produced.
public struct Experiment: Sendable {
  public var runs: [RunValue] = []
  /// `report` values: expression text, sweep key, value.
  public var reports: [ReportItem] = []
  public var plots: [PlotRequest] = []
  public var certificates: [CertificateRequest] = []
  public var seed: Int = 0
  /// Every change `plot` made to `plots`, in order, when kept (non-nil): sweep points that run
  /// apart are merged by replaying these (`SweepPoints.swift`).
  public var plotLog: [PlotOp]? = nil
  /// Nothing produced yet.
  public init() {}
}

/// One value printed by `report`.
public struct ReportItem: Sendable {
  public let expression: String
  public let key: [(String, Double)]
  public let value: Value
}

/// A `plot` statement's data (rendered by the caller).
public struct PlotRequest: Sendable {
  public let path: String
  public let title: String
  public var series: [(name: String, x: [Double], y: [Double])]
  public let xLabel: String
  public let yLabel: String
  /// An x/y plot across sweep values (points) rather than a trace against steps.
  public let versus: Bool
  /// A 2-D picture (a certificate's region over a grid) drawn instead of the series, or nil.
  public var field: FieldPlot? = nil
}

/// A `certify` statement (evaluated by the certificate engine, issue 5).
public struct CertificateRequest: Sendable {
  public let name: String
  public let binding: String?
  public let key: [(String, Double)]
  public let span: SourceSpan
  /// The evaluated result (nil only while the statement runs).
  public var outcome: CertificateRecord? = nil
  /// The step size and guarantee the certificate leaves for later runs of its objective.
  var followUp: CertificateFollowUp? = nil
}

/// How a script ended.
public enum ScriptStatus: String, Codable, Sendable {
  /// Every statement ran.
  case completed
  /// The host cancelled it: the results hold what ran before (the interrupted run with status
  /// `cancelled`); later statements did not run.
  case cancelled
}

/// Something a running script reports while it runs: the one event type the interpreter emits
/// and the embedding API streams (`PCX.ProgressEvent`).
public enum ProgressEvent: Sendable, Equatable {
  /// The script passed its checks and started.
  case started(fileName: String)
  /// Step `step` of at most `of` of the run named `run`, with the loss after it (every step).
  case step(run: String, step: Int, of: Int, loss: Double)
  /// A `certify` statement started.
  case certificateStarted(name: String, binding: String?)
  /// A `certify` statement finished with this verdict (`holds`, `violated`, `not_refuted`,
  /// `inconclusive`).
  case certificateFinished(name: String, binding: String?, verdict: String)
  /// The script ended (completed, or cancelled with a partial result).
  case finished(status: ScriptStatus)
}

/// Runs a checked program statement by statement.
public struct Interpreter {
  let program: TypedProgram
  var source: SourceFile
  let options: RunOptions
  var env: Environment
  /// What the statements run so far produced.
  public internal(set) var experiment = Experiment()
  /// True when `isCancelled` stopped the script before a statement (the rest was skipped).
  public internal(set) var wasCancelled = false
  let isCancelled: @Sendable () -> Bool
  var started: UInt64 = 0
  let progress: (@Sendable (String, Int, Int) -> Void)?
  let events: (@Sendable (ProgressEvent) -> Void)?

  /// Prepares a run of `program` (already checked without errors).
  public init(
    program: TypedProgram, source: SourceFile, options: RunOptions,
    isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (@Sendable (String, Int, Int) -> Void)? = nil,
    events: (@Sendable (ProgressEvent) -> Void)? = nil
  ) {
    self.program = program
    self.source = source
    self.options = options
    self.isCancelled = isCancelled
    self.progress = progress
    self.events = events
    let seed = options.seed ?? program.seed
    env = Environment(root: RandomStream(seed: UInt64(bitPattern: Int64(seed))),
                      reads: ReadPolicy(baseDirectory: options.baseDirectory, allowsOutside: options.allowsReadsOutsideBaseDirectory))
    experiment.seed = seed
  }

  /// Runs every statement; the first failure stops the script with its statement's span.
  public mutating func run() throws -> Experiment {
    started = DispatchTime.now().uptimeNanoseconds
    for stmt in program.statements {
      try execute(stmt)
    }
    return experiment
  }

  /// Runs more statements on the state left by earlier ones (the REPL's and `PCX.Session`'s
  /// increment): `statements` come from checking `source`, the accumulated text, whose spans
  /// they use. The wall-time budget counts from this call.
  public mutating func execute(statements: [TStmt], source: SourceFile) throws {
    self.source = source
    started = DispatchTime.now().uptimeNanoseconds
    for stmt in statements { try execute(stmt) }
  }

  /// The optimizer's per-step callback: the progress bar and the step event, or nil if neither.
  func stepObserver(_ name: String, _ steps: Int) -> ((Int, Double) -> Void)? {
    guard progress != nil || events != nil else { return nil }
    return { [progress, events] step, loss in
      progress?(name, step, steps)
      events?(.step(run: name, step: step, of: steps, loss: loss))
    }
  }

  /// Seconds since `run()` started.
  var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

  /// The limits for the next run: the script's wall-time budget minus what is already spent.
  func remainingLimits() throws -> ResourceLimits {
    var limits = options.limits
    if let budget = limits.wallTime {
      guard elapsed < budget else { throw overBudget(budget) }
      limits.wallTime = budget - elapsed
    }
    return limits
  }

  func overBudget(_ budget: Double) -> RuntimeError {
    RuntimeError(.limit, "the script used its wall-time budget of \(budget) s", hint: "raise it with --max-time")
  }

  mutating func execute(_ stmt: TStmt) throws {
    if isCancelled() {
      wasCancelled = true
      return
    }
    do {
      if let budget = options.limits.wallTime, elapsed > budget { throw overBudget(budget) }
      switch stmt.kind {
      case .seed: break  // read before the first statement
      case .param(let name, let type, let manifold, let initial):
        try declareParam(name, type, manifold: manifold, initial: initial)
      case .declaration(let kind, let name, let value):
        try declare(kind, name, value)
      case .certify(let name, let value):
        events?(.certificateStarted(name: value.calleeName, binding: name))
        try certify(name, value, stmt.span)
        events?(.certificateFinished(name: value.calleeName, binding: name,
                                     verdict: experiment.certificates.last?.record.verdict.rawValue ?? "inconclusive"))
      case .sweep(let variable, let values, let bodies):
        try sweep(variable, values, bodies)
      case .report(let exprs):
        for e in exprs { try report(e) }
      case .plot(let e, let versus, let path):
        try plot(e, versus: versus, path: path)
      }
    } catch let e as ScriptError {
      throw e
    } catch let e as RuntimeError {
      // an error about one argument points at it; others at the statement
      throw ScriptError(span: e.span ?? stmt.span, error: e)
    } catch {
      throw ScriptError(span: stmt.span, error: RuntimeError.numerics(error))
    }
  }

  mutating func sweep(_ variable: String, _ values: [ConstValue], _ bodies: [[TStmt]]) throws {
    let saved = env
    for (value, body) in zip(values, bodies) {
      env = saved
      enter(variable, value)
      for stmt in body { try execute(stmt) }
    }
    env = saved
  }

  /// Gives the sweep variable `value` and appends it to the key (one value of a sweep).
  mutating func enter(_ variable: String, _ value: ConstValue) {
    env.key.append((variable, value.realValue ?? .nan))
    env.values[variable] = env.constant(value)
  }

  /// The source text of a span (for report labels).
  func text(_ span: SourceSpan) -> String {
    let bytes = source.bytes
    guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
    return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
  }
}
