import Foundation
import PCXRuntime
import PCXSema
import PCXSource
import PCXSyntax

/// Something a running script reports while it runs (started, every step, each certificate,
/// finished): the runtime's one event type.
public typealias ProgressEvent = PCXRuntime.ProgressEvent

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

  /// What the front end sees, for debugging a script: its tokens, syntax tree or typed program.
  public enum Dump: Sendable { case tokens, syntaxTree, typedProgram }

  /// `pcx check` in one pass of the front end: the diagnostics rendered as it prints them
  /// (excerpts, error count), the requested dumps (in the order tokens, syntax tree, typed
  /// program), and whether any diagnostic is an error.
  public func renderedCheck(
    source: String, fileName: String = "script.pcx", color: Bool = false, dumps: Set<Dump> = []
  ) -> (text: String, dump: String, hasErrors: Bool) {
    let file = SourceFile(name: fileName, text: source)
    let (result, set) = ScriptChecker(configuration: configuration).check(file)
    var dump = ""
    if dumps.contains(.tokens) { dump += SyntaxDump.tokens(result.parse.tokens) }
    if dumps.contains(.syntaxTree) { dump += SyntaxDump.program(result.parse.program) }
    if dumps.contains(.typedProgram) { dump += TypedDump.program(result.typed) }
    return (DiagnosticBundle(file: file, set: set).rendered(color: color), dump, set.containsError)
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
      events: progress)
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
