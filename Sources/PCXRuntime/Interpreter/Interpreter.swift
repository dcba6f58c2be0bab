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
}

/// A `certify` statement (evaluated by the certificate engine, issue 5).
public struct CertificateRequest: Sendable {
  public let name: String
  public let binding: String?
  public let key: [(String, Double)]
  public let span: SourceSpan
  /// The evaluated result, for the certificates this version measures (nil: not evaluated).
  public var outcome: CertificateRecord? = nil
}

/// Runs a checked program statement by statement.
public struct Interpreter {
  let program: TypedProgram
  let source: SourceFile
  let options: RunOptions
  var env: Environment
  var experiment = Experiment()
  let isCancelled: @Sendable () -> Bool
  var started: UInt64 = 0
  let progress: (@Sendable (String, Int, Int) -> Void)?

  /// Prepares a run of `program` (already checked without errors).
  public init(
    program: TypedProgram, source: SourceFile, options: RunOptions,
    isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (@Sendable (String, Int, Int) -> Void)? = nil
  ) {
    self.program = program
    self.source = source
    self.options = options
    self.isCancelled = isCancelled
    self.progress = progress
    let seed = options.seed ?? program.seed
    env = Environment(root: RandomStream(seed: UInt64(bitPattern: Int64(seed))))
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
    do {
      if let budget = options.limits.wallTime, elapsed > budget { throw overBudget(budget) }
      switch stmt.kind {
      case .seed: break  // read before the first statement
      case .param(let name, let type, let manifold, let initial):
        try declareParam(name, type, manifold: manifold, initial: initial)
      case .declaration(let kind, let name, let value):
        try declare(kind, name, value)
      case .certify(let name, let value):
        try certify(name, value, stmt.span)
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
      throw ScriptError(span: stmt.span, error: e)
    } catch {
      throw ScriptError(span: stmt.span, error: RuntimeError.numerics(error))
    }
  }

  mutating func sweep(_ variable: String, _ values: [ConstValue], _ bodies: [[TStmt]]) throws {
    let saved = env
    for (value, body) in zip(values, bodies) {
      env = saved
      env.key.append((variable, value.realValue ?? .nan))
      env.values[variable] = constValue(value)
      for stmt in body { try execute(stmt) }
    }
    env = saved
  }

  func constValue(_ c: ConstValue) -> Value {
    switch c {
    case .int(let i): return .int(i)
    case .real(let x): return .number(x)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .list: return Compiler.tensorConstant(c).map(Value.tensor) ?? .string(c.description)
    }
  }

  /// The source text of a span (for report labels).
  func text(_ span: SourceSpan) -> String {
    let bytes = source.bytes
    guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
    return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
  }
}

/// Names in scope while a script runs, the params in declaration order, the sweep key.
struct Environment: Sendable {
  let root: RandomStream
  var values: [String: Value] = [:]
  var params: [ParamDecl] = []
  var key: [(String, Double)] = []

  init(root: RandomStream) { self.root = root }

  /// The stream of a declaration (SPEC §2.3), keyed also by the sweep values so that each value
  /// of a sweep draws its own numbers.
  func stream(_ name: String) -> RandomStream {
    var s = root.stream(named: name)
    for (k, v) in key { s = s.stream(named: "\(k)=\(v)") }
    return s
  }
}

/// A declared `param`.
struct ParamDecl: Sendable {
  let name: String
  let initial: Tensor
  let onSphere: Bool
}
