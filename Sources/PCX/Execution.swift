import Foundation
import PCXFrontEnd
import PCXRuntime
import PCXSema
import PCXSource

/// A flag set by Swift task cancellation and read by the optimizer between steps.
final class CancellationFlag: @unchecked Sendable {
  // @unchecked: every access to `value` holds `lock`.
  private let lock = NSLock()
  private var value = false

  /// Whether the owning task was cancelled.
  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}

/// Runs blocking interpreter work on its own thread, so long training never holds one of the
/// few cooperative threads of Swift concurrency; cancelling the calling task sets `flag`.
func offloaded<T: Sendable>(_ flag: CancellationFlag, _ work: @escaping @Sendable () -> T) async -> T {
  await withTaskCancellationHandler {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
      let thread = Thread { continuation.resume(returning: work()) }
      // The main thread's size: deep models build deep closure trees.
      thread.stackSize = 8 << 20
      thread.start()
    }
  } onCancel: {
    flag.set()
  }
}

/// A file probe for the front end that does not look outside the base directory unless allowed.
struct PolicyProbe: FileProbe {
  let disk: DiskFileProbe
  let allowsOutside: Bool

  init(_ configuration: InterpreterConfiguration) {
    disk = DiskFileProbe(directory: configuration.baseDirectory)
    allowsOutside = configuration.allowsReadsOutsideBaseDirectory
  }

  private func allowed(_ path: String) -> Bool {
    allowsOutside || PathContainment.contains(disk.directory, path.hasPrefix("/") ? path : disk.directory + "/" + path)
  }

  func csvHeader(_ path: String) -> [String]? { allowed(path) ? disk.csvHeader(path) : nil }
  func npyShape(_ path: String) -> [Int]? { allowed(path) ? disk.npyShape(path) : nil }
}

/// The checks shared by `PCXInterpreter` and `Session`: the front end, then the host's write policy.
struct ScriptChecker {
  let configuration: InterpreterConfiguration

  /// Front-end diagnostics plus an error for each plot path the policy refuses.
  func check(_ file: SourceFile) -> (FrontEndResult, DiagnosticSet) {
    let result = FrontEnd.check(file, catalog: Registry.catalog, probe: PolicyProbe(configuration), overrides: configuration.overrides)
    var set = result.diagnostics
    set.formUnion(policyViolations(result))
    return (result, set)
  }

  /// The error for a script that fails `check`: `accessDenied` when only the policy objects.
  func error(_ file: SourceFile, _ result: FrontEndResult, _ set: DiagnosticSet) -> PCXError {
    PCXError(result.diagnostics.containsError ? .invalidScript : .accessDenied, DiagnosticBundle(file: file, set: set))
  }

  /// An error for each plot path outside the output directory, unless the host allows it.
  func policyViolations(_ result: FrontEndResult) -> DiagnosticSet {
    var set = DiagnosticSet()
    if !configuration.allowsWritesOutsideOutputDirectory {
      for (path, span) in plotPaths(result.typed.statements) where !WritePolicy.isInside(path, configuration.outputDirectory) {
        set.insert(.error("the plot path '\(path)' is outside the output directory '\(configuration.outputDirectory)'", at: span,
                          notes: [Note("the host does not allow writes outside it")]))
      }
    }
    return set
  }

  /// Every `plot ... to "path"`, sweep bodies included.
  func plotPaths(_ statements: [TStmt]) -> [(String, SourceSpan)] {
    statements.flatMap { stmt -> [(String, SourceSpan)] in
      switch stmt.kind {
      case .plot(_, _, let path): return [(path, stmt.span)]
      case .sweep(_, _, let bodies): return bodies.flatMap(plotPaths)
      default: return []
      }
    }
  }
}

/// Where results may be written.
struct WritePolicy: Sendable {
  var allowsWrites = true
  var directory = "."
  var allowsOutside = false

  init(_ c: InterpreterConfiguration) {
    allowsWrites = c.allowsFileWrites
    directory = c.outputDirectory
    allowsOutside = c.allowsWritesOutsideOutputDirectory
  }

  init() {}

  /// True when the relative `path` stays inside `directory` (absolute paths never do).
  static func isInside(_ path: String, _ directory: String) -> Bool {
    !path.hasPrefix("/") && PathContainment.contains(directory, (directory as NSString).appendingPathComponent(path))
  }
}

extension ScriptError {
  /// The error as a `PCXError` of the right kind, with its diagnostic.
  func pcxError(_ file: SourceFile) -> PCXError {
    let kind: PCXError.Kind
    switch error.kind {
    case .limit: kind = .resourceLimit
    case .io where error.message.contains("is refused"): kind = .accessDenied
    default: kind = .scriptFailed
    }
    return PCXError(kind, DiagnosticBundle(file: file, set: DiagnosticSet([diagnostic])))
  }
}
