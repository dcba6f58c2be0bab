import PCXSema
import PCXSource

/// `pcx explain NAME`, the REPL's `:help NAME` and docs/certificates.md: one text per catalog
/// name, built from its registry entry (signature, summary, paper reference) and, for
/// certificates, their documentation (formula, sets, method, verdicts, guarantee, example) and
/// for optimizers their update rule.
public enum Explain {
  /// The explanation of a catalog name, or nil when no entry has that name.
  public static func text(for name: String) -> String? {
    let entries = Registry.catalog.entries(named: name)
    guard !entries.isEmpty else { return nil }
    return entries.map(section).joined(separator: "\n\n")
  }

  /// The catalog name closest to a misspelt one, for "did you mean".
  public static func suggestion(for name: String) -> String? {
    Suggestions.closest(to: name, among: Registry.catalog.names)
  }

  /// Every name `text(for:)` explains, sorted.
  public static var names: [String] { Registry.catalog.names }

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
    if entry.kind == .certificate, let doc = Registry.certificate(entry.name)?.documentation {
      lines += ["", doc.rendered(indent: "  ")]
    }
    return lines.joined(separator: "\n")
  }

  /// docs/certificates.md: every certificate of the registry with its signature, summary, source
  /// and documentation (a test keeps the checked-in file equal to this).
  public static func certificatesMarkdown() -> String {
    var out = [
      "# Certificates", "",
      "Generated from the registry (one file per certificate under `Sources/PCXRuntime/Certify/Certificates`); `pcx explain NAME` prints the same text.",
      "Verdicts follow SPEC §5: `holds`/`violated` on finite sets (every point evaluated), `not_refuted`/`violated` on",
      "continuous sets (sampled and searched adversarially; a continuous set never `holds`), `inconclusive` with a reason.",
      "Guarantees are `consistent` or `contradicted` (with the first failing step) and list the theorem's hypotheses",
      "with whether pcx found each met.", "",
    ]
    for certificate in Registry.certificates.sorted(by: { $0.entry.name < $1.entry.name }) {
      let entry = certificate.entry, name = entry.name
      out += ["## `\(name)`", "", "`\(signature(entry))`", "", "\(entry.summary) — source: \(entry.reference)", ""]
      let doc = certificate.documentation
      var parts = [("Formula", doc.formula), ("Sets", doc.sets), ("Method", doc.method), ("Verdicts", doc.verdicts)]
      if let g = doc.guarantee { parts.append(("Guarantee", g)) }
      for (title, text) in parts { out += ["- **\(title).** \(text)"] }
      out += ["", "```", doc.example, "```", ""]
    }
    return out.joined(separator: "\n")
  }
}
