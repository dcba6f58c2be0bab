import Foundation
import PCXRuntime
import PCXSema
import PCXSource

/// An incremental interpreter (what a REPL or notebook uses): submit chunks of source one at a
/// time; each is checked against everything accepted so far and only its new statements run,
/// on the state the earlier chunks left. A chunk with an error, or a cancelled one, leaves the
/// session exactly as it was. An actor: submissions to one session never overlap.
public actor Session {
  /// What one accepted chunk produced.
  public struct Output: Sendable {
    /// Warnings of the check (errors throw instead).
    public let warnings: [Diagnostic]
    /// What the chunk's `report` statements printed, in order.
    public let values: [ReportedValue]
    /// The chunk's runs.
    public let runs: [RunRecord]
    /// The chunk's certificates (inconclusive, "not evaluated", until issue 5).
    public let certificates: [CertificateRecord]
    /// The names the chunk declared, in order.
    public let declared: [Declaration]
  }

  /// A declared name and what it is (`let`, `param`, `data`, `model`, `loss`, `objective`,
  /// `train`, `certificate`).
  public struct Declaration: Sendable, Equatable {
    /// The name.
    public let name: String
    /// Its kind.
    public let kind: String
    /// A declaration.
    public init(name: String, kind: String) {
      self.name = name
      self.kind = kind
    }
  }

  private let configuration: InterpreterConfiguration
  private let fileName: String
  private var text = ""
  private var statements: [TStmt] = []
  private var interpreter: Transfer<Interpreter>?
  private var busy = false
  private let cancellation = FlagSlot()

  /// An empty session; diagnostics name `fileName` with lines of the accumulated source.
  public init(configuration: InterpreterConfiguration = InterpreterConfiguration(), fileName: String = "<session>") {
    self.configuration = configuration
    self.fileName = fileName
  }

  /// The accepted source so far (what `:save` would write).
  public var source: String { text }

  /// Every name declared so far, in order.
  public var declarations: [Declaration] { Self.declarations(statements) }

  /// Forgets everything: source, declarations and values.
  public func reset() {
    text = ""
    statements = []
    interpreter = nil
  }

  /// Checks `chunk` after the accepted source and runs its statements. Throws `PCXError`
  /// (kind `.busy` while another submission runs, `.cancelled` if the task is cancelled).
  public func submit(_ chunk: String) async throws -> Output {
    guard !busy else { throw PCXError(.busy, message: "the session is already running a submission") }
    busy = true
    defer { busy = false }
    let candidate = text.isEmpty || text.hasSuffix("\n") ? text + chunk : text + "\n" + chunk
    let file = SourceFile(name: fileName, text: candidate)
    let checker = ScriptChecker(configuration: configuration)
    let (checked, diagnostics) = checker.check(file)
    if diagnostics.containsError { throw checker.error(file, checked, diagnostics) }
    let all = checked.typed.statements
    guard all.count >= statements.count else {
      throw PCXError(.internalError, message: "the chunk changed how earlier statements were read")
    }
    let flag = cancellation.fresh()
    // A new seed changes every stream: replay the whole session from a fresh interpreter.
    let seed = configuration.seed ?? checked.typed.seed
    let copy: Transfer<Interpreter>, pending: [TStmt], before: Experiment
    if let existing = interpreter, existing.value.experiment.seed == seed {
      copy = Transfer(existing.value)  // a copy: a failed chunk leaves `interpreter` untouched
      pending = Array(all[statements.count...])
      before = existing.value.experiment
    } else {
      copy = Transfer(Interpreter(program: checked.typed, source: file, options: configuration.runOptions,
                                  isCancelled: cancellation.isCancelled))
      pending = all
      before = Experiment()
    }
    let outcome = await offloaded(flag) { () -> Result<Transfer<Interpreter>, PCXError> in
      do {
        try copy.value.execute(statements: pending, source: file)
        return .success(copy)
      } catch let e as ScriptError {
        return .failure(e.pcxError(file))
      } catch {
        return .failure(PCXError(.internalError, message: "\(error)"))
      }
    }
    let after = try outcome.get()
    if after.value.wasCancelled || after.value.experiment.runs.contains(where: { $0.result.status == .cancelled }) {
      throw PCXError(.cancelled, message: "the submission was cancelled; the session is unchanged")
    }
    let output = Output(
      after.value.experiment, since: before, declared: Self.declarations(Array(all[statements.count...])),
      warnings: DiagnosticBundle(file: file, set: diagnostics).diagnostics)
    text = candidate
    statements = all
    interpreter = after
    return output
  }

  /// Names declared by `statements`, sweep bodies included once.
  static func declarations(_ statements: [TStmt]) -> [Declaration] {
    statements.flatMap { stmt -> [Declaration] in
      switch stmt.kind {
      case .param(let name, _, _, _): return [Declaration(name: name, kind: "param")]
      case .declaration(let kind, let name, _): return [Declaration(name: name, kind: kind.rawValue)]
      case .certify(let name?, _): return [Declaration(name: name, kind: "certificate")]
      case .sweep(_, _, let bodies): return bodies.first.map(declarations) ?? []
      default: return []
      }
    }
  }
}

extension Session.Output {
  /// The items `after` has beyond `before`, as results records.
  init(_ after: Experiment, since before: Experiment, declared: [Session.Declaration], warnings: [Diagnostic]) {
    let document = after.document(version: PCXVersion.current, scriptSHA256: "", commandLine: [], totalSeconds: 0)
    self.init(
      warnings: warnings, values: Array(document.values.dropFirst(before.reports.count)),
      runs: Array(document.runs.dropFirst(before.runs.count)),
      certificates: Array(document.certificates.dropFirst(before.certificates.count)), declared: declared)
  }
}

/// A value handed to the worker thread and back, never used by two threads at once.
final class Transfer<T>: @unchecked Sendable {
  // @unchecked: the session gives it to exactly one worker and reads it only after the worker ends.
  var value: T
  init(_ value: T) { self.value = value }
}

/// The cancellation flag of the current submission, read by a session's long-lived interpreter.
final class FlagSlot: @unchecked Sendable {
  // @unchecked: every access to `current` holds `lock`.
  private let lock = NSLock()
  private var current = CancellationFlag()

  /// A new flag for the next submission.
  func fresh() -> CancellationFlag {
    lock.withLock {
      current = CancellationFlag()
      return current
    }
  }

  /// Reads the current submission's flag.
  var isCancelled: @Sendable () -> Bool { { [self] in lock.withLock { current }.isSet } }
}

/// A value a `report` printed (expression text, sweep key, value).
public typealias ReportedValue = PCXRuntime.ReportedValue
