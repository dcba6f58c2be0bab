/// Whether diagnostics are coloured: `auto` colours only on a terminal without `NO_COLOR`.
public enum ColorChoice: String, Sendable, CaseIterable {
  case auto, always, never

  /// Resolves the choice against the environment (https://no-color.org: any non-empty
  /// `NO_COLOR` disables colour in `auto` mode).
  public func resolve(isTerminal: Bool, environment: [String: String]) -> Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      if let value = environment["NO_COLOR"], !value.isEmpty { return false }
      return isTerminal && environment["TERM"] != "dumb"
    }
  }
}

/// The one renderer for diagnostics: `file:line:col: error: message`, the source line, a
/// caret/underline under the span, then notes with their own excerpts.
public struct DiagnosticRenderer: Sendable {
  /// Longest excerpt shown, in characters; longer lines are windowed around the span so a
  /// 1 MB line never floods the terminal.
  public static let maxExcerptWidth = 120

  private let files: [String: SourceFile]
  private let color: Bool

  /// Creates a renderer for diagnostics whose spans name one of `files`.
  public init(files: [SourceFile], color: Bool) {
    var table: [String: SourceFile] = [:]
    for file in files { table[file.name] = file }
    self.files = table
    self.color = color
  }

  /// Renders every diagnostic of a set, in source order, followed by a summary line.
  public func render(_ set: DiagnosticSet) -> String {
    var out = set.sorted.map(render).joined()
    let errors = set.errorCount
    if errors > 0 { out += "\(errors) error\(errors == 1 ? "" : "s") generated\n" }
    return out
  }

  /// Renders one diagnostic with its excerpt and notes.
  public func render(_ diagnostic: Diagnostic) -> String {
    var out = header(diagnostic.span, diagnostic.severity, diagnostic.message)
    out += excerpt(diagnostic.span, severity: diagnostic.severity)
    for note in diagnostic.notes {
      if let span = note.span {
        out += header(span, .note, note.message) + excerpt(span, severity: .note)
      } else {
        out += "  " + paint("note:", .note) + " \(note.message)\n"
      }
    }
    return out
  }

  private func header(_ span: SourceSpan, _ severity: Severity, _ message: String) -> String {
    let location = color ? "\u{1B}[1m\(span):\u{1B}[0m" : "\(span):"
    return "\(location) \(paint("\(severity.rawValue):", severity)) \(bold(message))\n"
  }

  private func excerpt(_ span: SourceSpan, severity: Severity) -> String {
    guard let file = files[span.file], span.line <= file.lineCount else { return "" }
    let range = file.byteRange(ofLine: span.line)
    let scalars = Array(file.text(range).unicodeScalars).map(Self.printable)
    let startColumn = max(0, span.column - 1)
    let spanEnd = min(span.end, range.upperBound)
    let width = max(1, spanEnd > span.start ? file.column(ofOffset: spanEnd) - span.column : 1)
    let (shown, caretAt) = window(scalars, caret: startColumn)
    let gutter = String(span.line)
    let pad = String(repeating: " ", count: gutter.count)
    let underline = String(repeating: " ", count: caretAt) + "^"
      + String(repeating: "~", count: max(0, min(width, shown.count - caretAt + 1) - 1))
    return " \(gutter) | \(shown)\n \(pad) | \(paint(underline, severity))\n"
  }

  /// Cuts a long line to `maxExcerptWidth` characters around the caret.
  private func window(_ scalars: [Unicode.Scalar], caret: Int) -> (String, Int) {
    let limit = Self.maxExcerptWidth
    guard scalars.count > limit else {
      var text = String.UnicodeScalarView()
      text.append(contentsOf: scalars)
      return (String(text), min(caret, scalars.count))
    }
    let from = max(0, min(caret - limit / 3, scalars.count - limit))
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars[from..<min(scalars.count, from + limit)])
    let prefix = from > 0 ? "..." : ""
    let suffix = from + limit < scalars.count ? "..." : ""
    return (prefix + String(text) + suffix, caret - from + prefix.count)
  }

  /// Tabs become spaces and control characters a visible replacement, so the caret lines up.
  private static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    if scalar == "\t" { return " " }
    if scalar.value < 0x20 || scalar.value == 0x7F { return "\u{FFFD}" }
    return scalar
  }

  private func paint(_ text: String, _ severity: Severity) -> String {
    guard color else { return text }
    let code = severity == .error ? "31" : severity == .warning ? "33" : "36"
    return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
  }

  private func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}
