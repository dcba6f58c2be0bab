import PCXSource

/// `pcx explain NAME` and the REPL's `:help NAME`: one text per catalog name, built from the
/// catalog entry (signature, summary, paper reference) and, for certificates, the long-form
/// documentation of `CertificateDocs` (formula, sets, method, verdicts, example).
public enum Explain {
  /// The explanation of a catalog name, or nil when no entry has that name.
  public static func text(for name: String) -> String? {
    let entries = Catalog.entries(named: name)
    guard !entries.isEmpty else { return nil }
    return entries.map(section).joined(separator: "\n\n")
  }

  /// The catalog name closest to a misspelt one, for "did you mean".
  public static func suggestion(for name: String) -> String? {
    Suggestions.closest(to: name, among: Catalog.names)
  }

  /// `name(param, param: default, ...)`: the call as a script writes it.
  public static func signature(_ entry: CatalogEntry) -> String {
    let parameters = entry.parameters.map { p in
      p.defaultText.map { "\(p.name): \($0)" } ?? p.name
    }
    return "\(entry.name)(\(parameters.joined(separator: ", ")))"
  }

  static func section(_ entry: CatalogEntry) -> String {
    var lines = [
      "\(entry.name) — \(entry.kind.phrase)",
      "",
      "  " + signature(entry),
      "",
      "  \(entry.summary)",
      "  source: \(entry.reference)",
    ]
    if entry.kind == .certificate, let doc = CertificateDocs.entry(entry.name) {
      lines += ["", doc.rendered(indent: "  ")]
    }
    return lines.joined(separator: "\n")
  }
}
