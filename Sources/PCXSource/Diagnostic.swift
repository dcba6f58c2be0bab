/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Comparable {
  case error, warning, note

  private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
  /// Errors sort before warnings before notes.
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A secondary message attached to a diagnostic, usually pointing at a related span
/// (where a name was first declared, where a dimension was fixed).
public struct Note: Sendable, Hashable {
  /// The note's text (lowercase, no final period).
  public let message: String
  /// The related span, if any.
  public let span: SourceSpan?

  /// Creates a note.
  public init(_ message: String, at span: SourceSpan? = nil) {
    self.message = message
    self.span = span
  }
}

/// One message about a source text: a value, collected in a `DiagnosticSet` and rendered once.
/// The front end makes each one with a factory of its stage's catalog (`Syntax+Diagnostics.swift`,
/// `Sema+Diagnostics.swift`), which records its name in `id`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// Error, warning or note.
  public let severity: Severity
  /// The message (lowercase, no final period, names what was expected).
  public let message: String
  /// Where the problem is.
  public let span: SourceSpan
  /// Related spans and explanations.
  public let notes: [Note]
  /// The catalog factory that made it (`unknownName`), as swift-syntax's `MessageID` names a
  /// message: tests use it to show every factory is reachable. Not rendered, and not part of
  /// equality (two diagnostics are the same when they say the same thing at the same place).
  public let id: String?

  /// Creates a diagnostic.
  public init(_ severity: Severity, _ message: String, at span: SourceSpan, notes: [Note] = [], id: String? = nil) {
    self.severity = severity
    self.message = message
    self.span = span
    self.notes = notes
    self.id = id
  }

  /// The same diagnostic with `more` notes after its own.
  public func adding(notes more: [Note]) -> Diagnostic {
    Diagnostic(severity, message, at: span, notes: notes + more, id: id)
  }

  /// Equal severity, message, span and notes (the `id` is not compared).
  public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
    a.severity == b.severity && a.message == b.message && a.span == b.span && a.notes == b.notes
  }

  /// Hashes what `==` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(severity)
    hasher.combine(message)
    hasher.combine(span)
    hasher.combine(notes)
  }

  /// An error diagnostic.
  public static func error(_ message: String, at span: SourceSpan, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.error, message, at: span, notes: notes)
  }

  /// An error made by a factory of a stage's diagnostic catalog: its `id` is the calling
  /// factory's base name (`#function` without the argument labels).
  public static func catalogError(
    _ message: String, at span: SourceSpan, notes: [Note] = [], factory: String = #function
  ) -> Diagnostic {
    Diagnostic(.error, message, at: span, notes: notes, id: String(factory.prefix { $0 != "(" }))
  }

  /// A warning diagnostic.
  public static func warning(_ message: String, at span: SourceSpan, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.warning, message, at: span, notes: notes)
  }

  /// `file:line:col: severity: message` (no source excerpt; see `DiagnosticRenderer`).
  public var description: String { "\(span): \(severity.rawValue): \(message)" }
}

/// The diagnostics of one or more stages: duplicates (same severity, message and span) are
/// kept once, so re-checking a sweep body per value never repeats a message.
public struct DiagnosticSet: Sendable, Sequence {
  private var items: [Diagnostic] = []
  private var seen: Set<Diagnostic> = []

  /// An empty set.
  public init() {}

  /// A set holding the given diagnostics.
  public init<S: Sequence>(_ diagnostics: S) where S.Element == Diagnostic {
    for diagnostic in diagnostics { insert(diagnostic) }
  }

  /// Adds a diagnostic unless an identical one is already present.
  public mutating func insert(_ diagnostic: Diagnostic) {
    if seen.insert(diagnostic).inserted { items.append(diagnostic) }
  }

  /// Adds every diagnostic of another set.
  public mutating func formUnion(_ other: DiagnosticSet) {
    for diagnostic in other.items { insert(diagnostic) }
  }

  /// True when at least one diagnostic is an error.
  public var containsError: Bool { items.contains { $0.severity == .error } }
  /// The number of errors.
  public var errorCount: Int { items.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
  /// The number of diagnostics.
  public var count: Int { items.count }
  /// True when there are no diagnostics.
  public var isEmpty: Bool { items.isEmpty }

  /// The diagnostics in source order (stable for equal positions).
  public var sorted: [Diagnostic] {
    items.enumerated().sorted { a, b in
      a.element.span == b.element.span ? a.offset < b.offset : a.element.span < b.element.span
    }.map(\.element)
  }

  /// Iterates in source order.
  public func makeIterator() -> IndexingIterator<[Diagnostic]> { sorted.makeIterator() }
}
