import PCXRuntime
import PCXSema
import PCXSource
import PCXSyntax

/// One accepted top-level statement of a `Session`: its text, what it declares and the names it
/// uses (for replacing a re-declared name and finding what went stale).
struct SessionEntry: Sendable {
  /// The statement as written (comments between statements are not kept).
  let text: String
  let declared: [Session.Declaration]
  /// Declared names the statement reads.
  let references: Set<String>
  /// A `seed` statement.
  let isSeed: Bool

  init(_ stmt: TStmt, in file: SourceFile) {
    let bytes = file.bytes
    let range = max(0, stmt.span.start)..<min(bytes.count, stmt.span.end)
    text = String(decoding: bytes[range], as: UTF8.self)
    declared = Session.declarations([stmt])
    references = References.of(stmt)
    if case .seed = stmt.kind { isSeed = true } else { isSeed = false }
  }

  /// How `:list` and the stale message name it: `model net`, else its first line.
  var summary: String {
    if let d = declared.first, declared.count == 1 { return "\(d.kind) \(d.name)" }
    let first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
    return first.count < text.count ? first + " ..." : first
  }

  /// The names a chunk's top-level statements (and sweep bodies) declare, parsed on their own;
  /// `seed` for a seed statement. A chunk that does not parse declares what its parsed part does.
  static func topLevelNames(_ chunk: String) -> Set<String> {
    Set(Parser.parse(SourceFile(name: "<chunk>", text: chunk)).program.statements.flatMap(names))
  }

  private static func names(_ stmt: Stmt) -> [String] {
    switch stmt.kind {
    case .seed: return ["seed"]
    case .binding(_, let name, _): return [name.name]
    case .param(let p): return [p.name.name]
    case .certify(let name?, _): return [name.name]
    case .sweep(_, _, let body): return body.flatMap(names)
    default: return []
    }
  }
}

/// Which entries a chunk declaring `names` keeps, replaces, and leaves stale (they used a
/// replaced name, directly or through another stale entry), in order.
struct ReplacementPlan {
  var kept: [SessionEntry] = []
  var replaced: [SessionEntry] = []
  var stale: [SessionEntry] = []

  init(_ entries: [SessionEntry], replacing names: Set<String>) {
    var gone = names
    for entry in entries {
      if entry.declared.contains(where: { names.contains($0.name) }) || (entry.isSeed && names.contains("seed")) {
        replaced.append(entry)
      } else if !entry.references.isDisjoint(with: gone) {
        stale.append(entry)
        gone.formUnion(entry.declared.map(\.name))
      } else {
        kept.append(entry)
      }
    }
  }

  /// Nothing replaced or dropped: the session's interpreter can simply continue.
  var dropsNothing: Bool { replaced.isEmpty && stale.isEmpty }
}

/// Where a chunk sits in the text the checker sees, to report its diagnostics at line:col of
/// the chunk itself (file `fileName`) rather than of the accumulated source.
struct ChunkPlace {
  /// The file name of the accumulated source, for notes that point at earlier chunks.
  static let sessionName = "<session>"
  let offset: Int
  let linesBefore: Int
  /// Bytes the host put before the chunk on its first line (`report ` for an expression).
  let firstLineShift: Int
  let file: SourceFile

  init(prefix: String, chunk: String, fileName: String, firstLineShift: Int = 0) {
    offset = prefix.utf8.count + firstLineShift
    linesBefore = prefix.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    self.firstLineShift = firstLineShift
    file = SourceFile(name: fileName, text: chunk)
  }

  /// `span` in chunk coordinates when it lies in the chunk; else unchanged (`<session>`).
  func rebase(_ span: SourceSpan) -> SourceSpan {
    guard span.start >= offset - firstLineShift else { return span }
    // A span that starts in the host's `report ` (a runtime error names the whole statement)
    // starts at the chunk's first column.
    let start = max(span.start, offset)
    let line = span.line - linesBefore
    return SourceSpan(file: file.name, start: start - offset, end: max(start, span.end) - offset, line: line,
                      column: line == 1 ? max(1, span.column - firstLineShift) : span.column)
  }

  func rebase(_ d: PCXSource.Diagnostic) -> PCXSource.Diagnostic {
    PCXSource.Diagnostic(d.severity, d.message, at: rebase(d.span),
                         notes: d.notes.map { Note($0.message, at: $0.span.map(rebase)) })
  }

  /// The diagnostics of the chunk, renderable with the chunk's own text.
  func bundle(_ set: DiagnosticSet) -> DiagnosticBundle {
    DiagnosticBundle(file: file, set: DiagnosticSet(set.map(rebase)))
  }

  /// An error of `kind` carrying the rebased diagnostics.
  func error(_ kind: PCXError.Kind, _ set: DiagnosticSet) -> PCXError { PCXError(kind, bundle(set)) }
}

/// The declared names a checked statement reads.
enum References {
  static func of(_ stmt: TStmt) -> Set<String> {
    switch stmt.kind {
    case .seed: return []
    case .declaration(_, _, let value): return of(value)
    case .param(_, _, _, let initial): return initial.map(of) ?? []
    case .certify(_, let value): return of(value)
    case .report(let values): return values.reduce(into: []) { $0.formUnion(of($1)) }
    case .plot(let y, let x, _): return of(y).union(x.map(of) ?? [])
    case .sweep(let variable, _, let bodies):
      let body = bodies.first ?? []
      let inner = body.reduce(into: Set<String>()) { $0.formUnion(of($1)) }
      return inner.subtracting(Session.declarations(body).map(\.name) + [variable])
    }
  }

  static func of(_ e: TExpr) -> Set<String> {
    switch e.kind {
    case .reference(let name, _): return [name]
    case .literal, .choice, .implicit, .invalid: return []
    case .vector(let items), .tuple(let items): return items.reduce(into: []) { $0.formUnion(of($1)) }
    case .unary(_, let a), .member(let a, _), .transpose(let a): return of(a)
    case .binary(_, let a, let b), .every(let a, let b): return of(a).union(of(b))
    case .call(_, _, let arguments): return arguments.reduce(into: []) { $0.formUnion($1.value.map(of) ?? []) }
    case .index(let a, let items): return items.reduce(into: of(a)) { $0.formUnion(of($1)) }
    }
  }
}
