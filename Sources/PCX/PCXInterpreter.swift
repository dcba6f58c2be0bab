import Foundation
import PCXFrontEnd
import PCXRuntime
import PCXSema
import PCXSource
import PCXSyntax

/// Something a running script reports while it runs.
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
  case finished(status: RunResult.Status)
}

/// An embedded pcx interpreter: checks and runs scripts under one configuration.
///
/// Named `PCXInterpreter` rather than `Interpreter` because the runtime's statement executor is
/// `PCXRuntime.Interpreter`, and a type named like the module (`PCX`) would shadow it. The
/// object is immutable and `Sendable`: every `run` builds its own state, so one interpreter may
/// run many scripts at once, and two interpreters never share anything mutable.
public final class PCXInterpreter: Sendable {
  /// The configuration every check and run uses.
  public let configuration: InterpreterConfiguration

  /// An interpreter with the given configuration.
  public init(configuration: InterpreterConfiguration = InterpreterConfiguration()) {
    self.configuration = configuration
  }

  /// Parses and type-checks `source` without running it: every error and warning, in source
  /// order (empty when the script is clean). Data file headers are read from the base directory.
  public func check(source: String, fileName: String = "script.pcx") -> [Diagnostic] {
    let file = SourceFile(name: fileName, text: source)
    return DiagnosticBundle(file: file, set: ScriptChecker(configuration: configuration).check(file).1).diagnostics
  }

  /// The check's diagnostics rendered as `pcx check` prints them (excerpts, error count), and
  /// whether any is an error.
  public func renderedCheck(
    source: String, fileName: String = "script.pcx", color: Bool = false
  ) -> (text: String, hasErrors: Bool) {
    let file = SourceFile(name: fileName, text: source)
    let set = ScriptChecker(configuration: configuration).check(file).1
    return (DiagnosticBundle(file: file, set: set).rendered(color: color), set.containsError)
  }

  /// What the front end sees, for debugging a script: its tokens, syntax tree or typed program.
  public enum Dump: Sendable { case tokens, syntaxTree, typedProgram }

  /// The requested dumps of `source`, in the order tokens, syntax tree, typed program.
  public func dump(source: String, fileName: String = "script.pcx", _ kinds: Set<Dump>) -> String {
    let result = FrontEnd.check(SourceFile(name: fileName, text: source), catalog: Registry.catalog, probe: PolicyProbe(configuration))
    var out = ""
    if kinds.contains(.tokens) { out += SyntaxDump.tokens(result.parse.tokens) }
    if kinds.contains(.syntaxTree) { out += SyntaxDump.program(result.parse.program) }
    if kinds.contains(.typedProgram) { out += TypedDump.program(result.typed) }
    return out
  }

  /// Checks and runs `source`. Returns the results (partial and marked `.cancelled` if the
  /// calling task is cancelled); throws `PCXError` for script errors, refused file access and
  /// exceeded limits. `progress` is called from the run's thread, so it must be quick.
  public func run(
    source: String, fileName: String = "script.pcx", progress: (@Sendable (ProgressEvent) -> Void)? = nil
  ) async throws -> RunResult {
    let file = SourceFile(name: fileName, text: source)
    let checker = ScriptChecker(configuration: configuration)
    let (checked, diagnostics) = checker.check(file)
    if diagnostics.containsError { throw checker.error(file, checked, diagnostics) }
    let flag = CancellationFlag()
    let configuration = configuration
    let outcome = await offloaded(flag) {
      Self.execute(checked.typed, file, configuration, flag, progress, warnings: diagnostics)
    }
    return try outcome.get()
  }

  /// Runs `source` in a new task and streams its progress: iterate `events`, then await
  /// `result.value`. Cancelling `result` cancels the run.
  public func runStreaming(
    source: String, fileName: String = "script.pcx"
  ) -> (events: AsyncStream<ProgressEvent>, result: Task<RunResult, any Error>) {
    // Bounded: a host that reads slowly loses old step events, never memory.
    let (stream, continuation) = AsyncStream<ProgressEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
    let task = Task {
      defer { continuation.finish() }
      return try await self.run(source: source, fileName: fileName) { continuation.yield($0) }
    }
    return (stream, task)
  }

  /// The blocking part of `run`, on its own thread.
  static func execute(
    _ program: TypedProgram, _ file: SourceFile, _ configuration: InterpreterConfiguration, _ flag: CancellationFlag,
    _ progress: (@Sendable (ProgressEvent) -> Void)?, warnings: DiagnosticSet
  ) -> Result<RunResult, PCXError> {
    let start = Date()
    progress?(.started(fileName: file.name))
    var interpreter = Interpreter(
      program: program, source: file, options: configuration.runOptions, isCancelled: { flag.isSet },
      events: forwarding(progress))
    let experiment: Experiment
    do {
      experiment = try interpreter.run()
    } catch let e as ScriptError {
      return .failure(e.pcxError(file))
    } catch {
      return .failure(PCXError(.internalError, message: "\(error)"))
    }
    let document = experiment.document(
      version: PCXVersion.current, scriptSHA256: SHA256.hex(file.bytes), commandLine: configuration.commandLine,
      totalSeconds: Date().timeIntervalSince(start))
    let cancelled = interpreter.wasCancelled || document.runs.contains { $0.status == .cancelled }
    let result = RunResult(document: document, status: cancelled ? .cancelled : .completed, experiment: experiment,
                           warnings: DiagnosticBundle(file: file, set: warnings).diagnostics, policy: WritePolicy(configuration))
    progress?(.finished(status: result.status))
    return .success(result)
  }
}

/// The runtime's events as `ProgressEvent`s to `progress`, or nil when nobody listens.
func forwarding(_ progress: (@Sendable (ProgressEvent) -> Void)?) -> (@Sendable (InterpreterEvent) -> Void)? {
  guard let progress else { return nil }
  return { event in progress(ProgressEvent(event)) }
}

extension ProgressEvent {
  init(_ e: InterpreterEvent) {
    switch e {
    case .step(let run, let step, let of, let loss): self = .step(run: run, step: step, of: of, loss: loss)
    case .certificateStarted(let name, let binding): self = .certificateStarted(name: name, binding: binding)
    case .certificateFinished(let name, let binding, let verdict):
      self = .certificateFinished(name: name, binding: binding, verdict: verdict)
    }
  }
}
