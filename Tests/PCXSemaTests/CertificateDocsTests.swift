import Foundation
import Testing
@testable import PCXSema
@testable import PCXRuntime

@Suite("Certificate documentation")
struct CertificateDocsTests {
  /// Every certificate of the catalog has its formula, sets, method, verdicts and example, and
  /// `pcx explain` shows them.
  @Test func everyCertificateIsDocumented() throws {
    let certificates = Registry.catalog.entries.filter { $0.kind == .certificate }.map(\.name)
    #expect(certificates.count == 17)  // every row of SPEC §5's table
    for name in certificates {
      let doc = try #require(Registry.certificate(name)?.documentation, "\(name) has no documentation")
      #expect(!doc.formula.isEmpty && !doc.sets.isEmpty && !doc.method.isEmpty && !doc.verdicts.isEmpty)
      #expect(doc.example.contains(name + "("), "\(name)'s example does not call it")
      let text = try #require(Explain.text(for: name))
      #expect(text.contains("formula:") && text.contains("verdicts:") && text.contains(name))
    }
  }

  /// docs/certificates.md is the generated text (PCX_RECORD=1 rewrites it).
  @Test func docsFileIsCurrent() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/certificates.md")
    let generated = Explain.certificatesMarkdown() + "\n"
    if ProcessInfo.processInfo.environment["PCX_RECORD"] == "1" {
      try generated.write(to: path, atomically: true, encoding: .utf8)
    }
    let onDisk = try String(contentsOf: path, encoding: .utf8)
    #expect(onDisk == generated, "docs/certificates.md is stale: run PCX_RECORD=1 swift test --filter CertificateDocs")
  }

  /// An unknown name has no explanation, and a near miss gets a suggestion.
  @Test func unknownNames() {
    #expect(Explain.text(for: "pl_strr") == nil)
    #expect(Explain.suggestion(for: "pl_strr") == "pl_star")
  }
}
