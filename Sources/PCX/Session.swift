import Foundation
import PCXRuntime
import PCXSema
import PCXSource

/// An incremental interpreter (what a REPL or notebook uses): submit chunks of source one at a
/// time; each is checked against everything accepted so far and only its new statements run,
/// on the state the earlier chunks left. A chunk with an error, or a cancelled one, leaves the
/// session exactly as it was. An actor: submissions to one session never overlap.
///
/// Re-declaring a name replaces it (as in ghci and the Julia REPL, not a `duplicate
/// declaration` error): the old statement is dropped, and so is every later statement that
/// used the name, directly or through another dropped one. Those are *stale*: `Output.stale`
/// lists them and they are not re-run, so nothing is recomputed behind the user's back; the
/// accepted source stays a script `pcx run` reproduces. A session that lost statements (or
/// changed its seed) replays the kept ones on a fresh interpreter, printing nothing for them.
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
    /// Earlier declarations the chunk replaced (a `seed` statement replaces the seed).
    public internal(set) var replaced: [Declaration] = []
    /// Earlier statements dropped because they used a replaced name: `model net`, or the text
    /// of a statement that declares nothing (`report run.final_loss`).
    public internal(set) var stale: [String] = []
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

  let configuration: InterpreterConfiguration
  let fileName: String
  var entries: [SessionEntry] = []
  var interpreter: Transfer<Interpreter>?
  private var busy = false
  let cancellation = FlagSlot()

  /// An empty session; diagnostics name `fileName` with lines and columns of the submitted
  /// chunk (notes about earlier chunks name `<session>`, the accumulated source).
  public init(configuration: InterpreterConfiguration = InterpreterConfiguration(), fileName: String = "<repl>") {
    self.configuration = configuration
    self.fileName = fileName
  }

  /// The accepted source so far (what `:save` writes), one statement per entry.
  public var source: String { Self.text(entries) }

  /// Every name declared so far, in order.
  public var declarations: [Declaration] { entries.flatMap(\.declared) }

  /// Forgets everything: source, declarations and values.
  public func reset() {
    entries = []
    interpreter = nil
  }

  /// Checks `chunk` after the accepted source and runs its statements. Throws `PCXError`
  /// (kind `.busy` while another submission runs, `.cancelled` if the task is cancelled).
  public func submit(_ chunk: String) async throws -> Output {
    guard !busy else { throw PCXError(.busy, message: "the session is already running a submission") }
    busy = true
    defer { busy = false }
    let plan = ReplacementPlan(entries, replacing: SessionEntry.topLevelNames(chunk))
    let prefix = Self.text(plan.kept)
    let candidate = prefix + chunk
    let place = ChunkPlace(prefix: prefix, chunk: chunk, fileName: fileName)
    let file = SourceFile(name: ChunkPlace.sessionName, text: candidate)
    let checker = ScriptChecker(configuration: configuration)
    let (checked, diagnostics) = checker.check(file)
    if diagnostics.containsError { throw place.error(checked.diagnostics.containsError ? .invalidScript : .accessDenied, diagnostics) }
    let all = checked.typed.statements
    guard all.count >= plan.kept.count else {
      throw PCXError(.internalError, message: "the chunk changed how earlier statements were read")
    }
    let seed = configuration.seed ?? checked.typed.seed
    let reuse = plan.dropsNothing ? interpreter.flatMap { $0.value.experiment.seed == seed ? $0 : nil } : nil
    let fresh = Interpreter(program: checked.typed, source: file, options: configuration.runOptions,
                            isCancelled: cancellation.isCancelled)
    let (after, before) = try await execute(
      on: reuse.map { Transfer($0.value) } ?? Transfer(fresh),
      replaying: reuse == nil ? Array(all[..<plan.kept.count]) : [], then: Array(all[plan.kept.count...]),
      file: file, place: place)
    var output = Output(
      after.value.experiment, since: before, declared: Self.declarations(Array(all[plan.kept.count...])),
      warnings: place.bundle(diagnostics).diagnostics)
    output.replaced = plan.replaced.flatMap { $0.isSeed ? [Declaration(name: "seed", kind: "seed")] : $0.declared }
    output.stale = plan.stale.map(\.summary)
    entries = plan.kept + all[plan.kept.count...].map { SessionEntry($0, in: file) }
    interpreter = after
    return output
  }

  /// Runs `replay` silently then `pending` on `copy` in a worker thread (a copy: a failed or
  /// cancelled chunk leaves `interpreter` untouched); the experiment before `pending` comes back
  /// too, so the output holds only the chunk's own values.
  func execute(
    on copy: Transfer<Interpreter>, replaying replay: [TStmt], then pending: [TStmt], file: SourceFile, place: ChunkPlace
  ) async throws -> (Transfer<Interpreter>, Experiment) {
    let flag = cancellation.fresh()
    let outcome = await offloaded(flag) { () -> Result<(Transfer<Interpreter>, Experiment), PCXError> in
      do {
        try copy.value.execute(statements: replay, source: file)
        let before = copy.value.experiment
        try copy.value.execute(statements: pending, source: file)
        return .success((copy, before))
      } catch let e as ScriptError {
        return .failure(place.error(e.pcxError(file).kind, DiagnosticSet([e.diagnostic])))
      } catch {
        return .failure(PCXError(.internalError, message: "\(error)"))
      }
    }
    let (after, before) = try outcome.get()
    if after.value.wasCancelled || after.value.experiment.runs.contains(where: { $0.result.status == .cancelled }) {
      throw PCXError(.cancelled, message: "the submission was cancelled; the session is unchanged")
    }
    return (after, before)
  }

  /// The accumulated text of `entries`, one statement a line (or several, as written).
  static func text(_ entries: [SessionEntry]) -> String { entries.map { $0.text + "\n" }.joined() }

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
