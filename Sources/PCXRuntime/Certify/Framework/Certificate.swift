import PCXSema

/// A certificate of SPEC §5: its catalog entry (signature, summary, paper reference), its
/// documentation, the estimates it records and how it is measured — one type per file under
/// `Certify/Certificates`, listed once in `Registry.certificates`. Adding a certificate is that
/// file, its registry line and a case in `Tests/cases/run`.
protocol Certificate {
  /// The signature the checker resolves calls against.
  static var entry: CatalogEntry { get }
  /// What `pcx explain` and docs/certificates.md print.
  static var documentation: CertificateDoc { get }
  /// The estimates its records carry, readable in scripts as `c.name`.
  static var estimates: [String] { get }
  /// Measures the certificate; the record's name, binding, key and timing are filled in by the
  /// caller.
  static func evaluate(_ context: CertificateContext) throws -> CertificateOutcome
}

/// What a certificate returns: its record and what it leaves for later runs of its objective.
struct CertificateOutcome: Sendable {
  /// The verdict, estimates, witness, method and guarantee.
  var record: CertificateRecord
  /// The step size `lr: theorem` takes and the guarantee checked against later runs, if any.
  var followUp: CertificateFollowUp? = nil
}

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
    return parts.map { "\(indent)\($0.0):\n" + Self.wrap($0.1, indent: indent + "  ", width: 96) }.joined(separator: "\n")
  }

  /// Words of `text` in lines of at most `width` columns, each line indented.
  static func wrap(_ text: String, indent: String, width: Int) -> String {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
        lines.append(indent + line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(indent + line) }
    return lines.joined(separator: "\n")
  }
}

/// Parameters several certificates share, written once.
enum CommonParameters {
  /// The set a certificate ranges over (SPEC §5).
  static let on = ParamSpec.optional("on", .set, .contextual("the run that trains it"))
  /// A claimed constant; `auto` only estimates it.
  static let claimMu = ParamSpec.optional("mu", .realOr(["auto"]), .choice("auto"))
}
