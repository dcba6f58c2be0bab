import PCXSource

/// The checker's diagnostics as LSP diagnostics: the same messages, notes with a span as
/// related information (or appended to the message for clients that do not show it), and
/// "did you mean" suggestions as quick fixes.
enum DiagnosticConverter {
  /// LSP diagnostics of an analysis.
  static func convert(_ analysis: Analysis, relatedInformation: Bool) -> [LSPDiagnostic] {
    analysis.diagnostics.sorted.map { convert($0, analysis, relatedInformation: relatedInformation) }
  }

  static func convert(_ diagnostic: Diagnostic, _ analysis: Analysis, relatedInformation: Bool) -> LSPDiagnostic {
    var message = diagnostic.message
    var related: [RelatedInformation] = []
    for note in diagnostic.notes {
      if relatedInformation, let span = note.span {
        related.append(RelatedInformation(location: Location(uri: analysis.uri, range: analysis.lines.range(of: span)), message: note.message))
      } else if let span = note.span {
        message += "\nnote: \(note.message) (line \(span.line), column \(span.column))"
      } else {
        message += "\nnote: \(note.message)"
      }
    }
    return LSPDiagnostic(range: analysis.lines.range(of: diagnostic.span), severity: severity(diagnostic.severity),
                         message: message, relatedInformation: related.isEmpty ? nil : related)
  }

  static func severity(_ severity: Severity) -> Int {
    switch severity {
    case .error: return 1
    case .warning: return 2
    case .note: return 3
    }
  }

  /// Quick fixes for the diagnostics overlapping `range`: each "did you mean 'x'?" replaces the
  /// misspelt name under the diagnostic with `x`.
  static func quickFixes(_ analysis: Analysis, in range: LSPRange, relatedInformation: Bool) -> [CodeAction] {
    let low = analysis.offset(of: range.start)
    let high = analysis.offset(of: range.end)
    return analysis.diagnostics.sorted.compactMap { diagnostic -> CodeAction? in
      guard diagnostic.span.start <= high, diagnostic.span.end >= low,
        let fix = suggestedFix(diagnostic, analysis.file)
      else { return nil }
      let edit = TextEdit(range: analysis.lines.range(fix.range), newText: fix.replacement)
      return CodeAction(title: "Change '\(fix.original)' to '\(fix.replacement)'",
                        diagnostics: [convert(diagnostic, analysis, relatedInformation: relatedInformation)],
                        edit: WorkspaceEdit(changes: [analysis.uri: [edit]]))
    }
  }

  /// A replacement suggested by a diagnostic: the name after "did you mean", put in place of
  /// the identifier under the diagnostic's span (the span itself, or the word the message quotes
  /// first when the span is wider).
  static func suggestedFix(_ diagnostic: Diagnostic, _ file: SourceFile) -> (range: Range<Int>, original: String, replacement: String)? {
    guard let suggestion = quoted(after: "did you mean '", in: diagnostic.message) else { return nil }
    let spanText = file.text(of: diagnostic.span)
    if isIdentifier(spanText) {
      return spanText == suggestion ? nil : (diagnostic.span.start..<diagnostic.span.end, spanText, suggestion)
    }
    guard let misspelt = quoted(after: "'", in: diagnostic.message), isIdentifier(misspelt),
      let start = wordOffset(misspelt, in: file, within: diagnostic.span.start..<diagnostic.span.end)
    else { return nil }
    return (start..<start + misspelt.utf8.count, misspelt, suggestion)
  }

  /// The text between `prefix` and the next `'`.
  private static func quoted(after prefix: String, in message: String) -> String? {
    guard let open = message.range(of: prefix) else { return nil }
    let rest = message[open.upperBound...]
    guard let close = rest.firstIndex(of: "'") else { return nil }
    return String(rest[..<close])
  }

  private static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else { return false }
    return text.utf8.allSatisfy { byte in
      byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
    }
  }

  /// The first offset in `range` where `word` stands as a whole word.
  private static func wordOffset(_ word: String, in file: SourceFile, within range: Range<Int>) -> Int? {
    let needle = Array(word.utf8)
    let bytes = file.bytes
    var index = range.lowerBound
    while index + needle.count <= min(range.upperBound, bytes.count) {
      let before = index == 0 ? UInt8(ascii: " ") : bytes[index - 1]
      let after = index + needle.count < bytes.count ? bytes[index + needle.count] : UInt8(ascii: " ")
      if bytes[index..<index + needle.count].elementsEqual(needle), !isWordByte(before), !isWordByte(after) { return index }
      index += 1
    }
    return nil
  }

  private static func isWordByte(_ byte: UInt8) -> Bool { isIdentifier(String(decoding: [byte], as: UTF8.self)) || (byte >= 0x30 && byte <= 0x39) }
}
