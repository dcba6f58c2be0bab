/// The long-form documentation of one certificate: what `pcx explain`, the REPL's `:help` and
/// docs/certificates.md print (the catalog entry carries the signature, summary and reference).
public struct CertificateDoc: Sendable {
  /// The inequality or quantity, as in the paper.
  public let formula: String
  /// The sets it ranges over and what each means for it.
  public let sets: String
  /// How pcx evaluates it.
  public let method: String
  /// What each verdict means for it.
  public let verdicts: String
  /// The guarantee it feeds, if any.
  public let guarantee: String?
  /// A line of pcx that uses it.
  public let example: String

  /// The sections as indented text.
  public func rendered(indent: String) -> String {
    var parts = [("formula", formula), ("sets", sets), ("method", method), ("verdicts", verdicts)]
    if let guarantee { parts.append(("guarantee", guarantee)) }
    parts.append(("example", example))
    return parts.map { "\(indent)\($0.0):\n\(indent)  \($0.1)" }.joined(separator: "\n")
  }
}

/// The documentation of every certificate of the catalog, by name.
public enum CertificateDocs {
  /// The documentation of a certificate, or nil for other names.
  public static func entry(_ name: String) -> CertificateDoc? { table[name] }

  static let table: [String: CertificateDoc] = [:]
}
