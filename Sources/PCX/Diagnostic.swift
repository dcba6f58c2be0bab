import PCXSource

/// One message about a script (an error, warning or note), with where it is and a rendered
/// form (`file:line:col: error: message`, the source line and a caret underline).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable {
    /// The script cannot be checked or run.
    case error
    /// The script runs, but something is probably wrong.
    case warning
    /// Extra information.
    case note
  }

  /// A secondary message, usually pointing at a related place.
  public struct Note: Sendable, Hashable {
    /// The note's text.
    public let message: String
    /// The related line (1-based), if any.
    public let line: Int?
    /// The related column (1-based), if any.
    public let column: Int?
  }

  /// Error, warning or note.
  public let severity: Severity
  /// The script's file name as given to `check`/`run`.
  public let file: String
  /// 1-based line.
  public let line: Int
  /// 1-based column (in characters).
  public let column: Int
  /// The message (lowercase, no final period).
  public let message: String
  /// Related notes.
  public let notes: [Note]
  /// The message with its source excerpt and notes, no colour, ending in a newline.
  public let rendered: String

  /// `file:line:col: severity: message`.
  public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }

  init(_ d: PCXSource.Diagnostic, renderer: DiagnosticRenderer) {
    switch d.severity {
    case .error: severity = .error
    case .warning: severity = .warning
    case .note: severity = .note
    }
    file = d.span.file
    line = d.span.line
    column = d.span.column
    message = d.message
    notes = d.notes.map { Note(message: $0.message, line: $0.span?.line, column: $0.span?.column) }
    rendered = renderer.render(d)
  }
}

/// Diagnostics of one source text, kept with the text so they can be rendered (in colour too).
struct DiagnosticBundle: Sendable {
  let file: SourceFile
  let set: DiagnosticSet

  var diagnostics: [Diagnostic] {
    let renderer = DiagnosticRenderer(files: [file], color: false)
    return set.sorted.map { Diagnostic($0, renderer: renderer) }
  }

  func rendered(color: Bool) -> String { DiagnosticRenderer(files: [file], color: color).render(set) }
}

/// Why `check`, `run` or `Session.submit` failed: always a value, never a crash or a print.
public struct PCXError: Error, Sendable, CustomStringConvertible {
  /// The broad class of failure.
  public enum Kind: String, Sendable {
    /// The script has syntax or type errors (nothing ran).
    case invalidScript
    /// The script stopped while running (a data, numerical or argument error).
    case scriptFailed
    /// A resource limit (parameters, bytes, steps, wall time) would have been exceeded.
    case resourceLimit
    /// The host's file policy refused a read or write.
    case accessDenied
    /// Writing the results failed.
    case writeFailed
    /// A `Session` is already running a submission.
    case busy
    /// The task was cancelled before the work finished.
    case cancelled
    /// A failure that is pcx's fault, not the script's.
    case internalError
  }

  /// What failed.
  public let kind: Kind
  /// The diagnostics, each with its position (empty for failures without one).
  public let diagnostics: [Diagnostic]
  /// A one-line summary.
  public let message: String
  let bundle: DiagnosticBundle?

  init(_ kind: Kind, _ bundle: DiagnosticBundle) {
    self.kind = kind
    self.bundle = bundle
    diagnostics = bundle.diagnostics
    message = diagnostics.first { $0.severity == .error }?.description ?? kind.rawValue
  }

  init(_ kind: Kind, message: String) {
    self.kind = kind
    self.message = message
    diagnostics = []
    bundle = nil
  }

  /// Every diagnostic rendered with excerpts and an error count, as `pcx` prints them.
  public func rendered(color: Bool = false) -> String {
    bundle?.rendered(color: color) ?? "error: \(message)\n"
  }

  /// The summary line.
  public var description: String { message }
}
