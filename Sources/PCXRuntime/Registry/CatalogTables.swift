import PCXSema

/// The catalog tables of docs/language.md, generated from the registry (a test keeps the file
/// equal to them; `PCX_RECORD=1` rewrites it). Each table sits between the markers
/// `<!-- catalog:KIND -->` and `<!-- /catalog:KIND -->`.
public enum CatalogTables {
  /// The kinds with a table, in the order the document lists them.
  static let kinds: [EntryKind] = [.data, .labels, .model, .loss, .optimizer, .certificate, .set, .builtin]

  /// `text` with every marked table regenerated.
  public static func updating(_ text: String) -> String {
    var out = text
    for kind in kinds {
      let open = "<!-- catalog:\(kind.rawValue) -->\n", close = "<!-- /catalog:\(kind.rawValue) -->"
      guard let start = out.range(of: open), let end = out.range(of: close, range: start.upperBound..<out.endIndex) else { continue }
      out.replaceSubrange(start.upperBound..<end.lowerBound, with: table(kind) + "\n")
    }
    return out
  }

  /// The markdown table of one kind: the call with its defaults, the summary, the reference.
  static func table(_ kind: EntryKind) -> String {
    var rows = ["| call | formula / meaning | reference |", "|---|---|---|"]
    let entries = Registry.catalog.entries.filter { $0.kind == kind }
    let elementwise = entries.filter { $0.summary.hasPrefix("elementwise ") }
    for entry in entries where !elementwise.contains(entry) {
      rows.append("| `\(call(entry))` | \(escaped(entry.summary)) | \(entry.reference) |")
    }
    if !elementwise.isEmpty {
      rows.append("| `\(elementwise.map(\.name).joined(separator: ", "))(x)` | elementwise | - |")
    }
    if kind == .model {
      rows += ["", "Activations (`activation:`):", "", "| name | function |", "|---|---|"]
      rows += Activations.table.map { "| `\($0.name)` | \(escaped($0.summary)) |" }
    }
    return rows.joined(separator: "\n")
  }

  /// `name(p, q = default)`.
  static func call(_ entry: CatalogEntry) -> String {
    let parameters = entry.parameters.map { p in p.defaultText.map { "\(p.name) = \($0)" } ?? p.name }
    return "\(entry.name)(\(parameters.joined(separator: ", ")))"
  }

  static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
