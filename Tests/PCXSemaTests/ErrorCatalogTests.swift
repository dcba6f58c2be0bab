import Foundation
import PCXRuntime
import PCXTestSupport
import Testing
@testable import PCXSema
@testable import PCXSource
@testable import PCXSyntax

/// The diagnostic catalogs (`Syntax+Diagnostics.swift`, `Sema+*Diagnostics.swift`) against the
/// bad corpus and `docs/language.md` §6: every factory is produced by some bad script, and §6
/// is exactly those scripts, so the documented catalog is the complete one.
@Suite("Error catalog: every factory in the corpus, the corpus in the docs")
struct ErrorCatalogTests {
  /// Factories no corpus script can show, each with an input that produces it: bytes that are
  /// not UTF-8 text or would not show in the docs, and inputs that exceed the limits.
  static let unscripted: [String: [UInt8]] = [
    "stringNotUTF8": Array("let s = \"".utf8) + [0xC3] + Array("\"\n".utf8),
    "invalidUTF8Byte": Array("let a = ".utf8) + [0xFF] + Array(" 1\n".utf8),
    "binaryInput": Array("let a = ".utf8) + [0xFF, 0xFE] + Array(" 1\n".utf8),
    "controlCharacter": Array("let a = \u{7} 1\n".utf8),
    "tooManyErrors": Array(String(repeating: "let = \n", count: Limits.maxErrors + 1).utf8),
    "expressionTooDeep": Array(("let c = " + String(repeating: "1 + ", count: Limits.maxNestingDepth + 1) + "1\n").utf8),
  ]

  /// The names of the factories that make a `Diagnostic`, read from the catalog sources.
  static func factories() throws -> Set<String> {
    let files = ["PCXSyntax/Syntax+Diagnostics.swift", "PCXSema/Sema+Diagnostics.swift",
                 "PCXSema/Sema+CallDiagnostics.swift", "PCXSema/Sema+ShapeDiagnostics.swift"]
    var names = Set<String>()
    for file in files {
      let text = try String(contentsOf: Repository.sources.appendingPathComponent(file), encoding: .utf8)
      var rest = text[...]
      while let range = rest.range(of: "static func ") {
        let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
        rest = rest[range.upperBound...]
        let signature = rest.prefix { $0 != "{" }
        if signature.hasSuffix("-> Diagnostic ") { names.insert(String(name)) }
      }
    }
    return names
  }

  /// The ids of every diagnostic the bad corpus produces.
  static func producedByCorpus() throws -> Set<String> {
    var ids = Set<String>()
    for url in Corpus.files("parse/bad") + Corpus.files("check/bad") {
      ids.formUnion(try Corpus.run(url).0.diagnostics.compactMap(\.id))
    }
    return ids
  }

  @Test func everyFactoryIsProducedByABadScript() throws {
    let factories = try Self.factories()
    #expect(factories.count > 100, "the catalog sources were not read: \(factories.count) factories")
    let produced = try Self.producedByCorpus()
    let missing = factories.subtracting(produced).subtracting(Self.unscripted.keys).sorted()
    #expect(missing.isEmpty, "no script in Tests/cases/{parse,check}/bad produces \(missing)")
    #expect(produced.isSubset(of: factories), "ids that are not factories: \(produced.subtracting(factories))")
    let stale = Set(Self.unscripted.keys).subtracting(factories).union(produced.intersection(Self.unscripted.keys))
    #expect(stale.isEmpty, "unscripted lists \(stale.sorted()), which the corpus reaches or no factory has")
  }

  @Test(arguments: unscripted.keys.sorted())
  func unscriptedFactoriesAreProducedByTheirInput(_ factory: String) throws {
    let bytes = try #require(Self.unscripted[factory])
    let result = FrontEnd.check(SourceFile(name: "u.pcx", bytes: bytes), catalog: Registry.catalog)
    #expect(result.diagnostics.contains { $0.id == factory }, "\(result.diagnostics.map(\.message))")
  }

  /// §6.1 and §6.2 of docs/language.md, generated from the bad corpus (PCX_RECORD=1 rewrites).
  @Test func languageDocsListTheBadCorpus() throws {
    let url = Repository.docs.appendingPathComponent("language.md")
    var doc = try String(contentsOf: url, encoding: .utf8)
    let sections = [("### 6.1 Lexical and syntax errors\n\n", "### 6.2", "parse/bad"),
                    ("### 6.2 Name, type and shape errors\n\n", "Limits:", "check/bad")]
    for (heading, next, folder) in sections {
      let start = try #require(doc.range(of: heading), "docs/language.md has no '\(heading)'")
      let end = try #require(doc.range(of: next, range: start.upperBound..<doc.endIndex))
      doc.replaceSubrange(start.upperBound..<end.lowerBound, with: try Self.section(folder))
    }
    if Corpus.recording { try doc.write(to: url, atomically: true, encoding: .utf8) }
    let onDisk = try String(contentsOf: url, encoding: .utf8)
    #expect(onDisk == doc, "docs/language.md §6 is stale: run PCX_RECORD=1 swift test --filter ErrorCatalogTests")
  }

  /// One entry per script: its name as a title, then the script with its expected errors.
  static func section(_ folder: String) throws -> String {
    try Corpus.files(folder).map { url in
      let title = url.deletingPathExtension().lastPathComponent.replacingOccurrences(of: "_", with: " ")
      var text = try String(contentsOf: url, encoding: .utf8)
      while text.hasSuffix("\n") { text.removeLast() }
      return "**\(title)**\n\n```\n\(text)\n```\n\n"
    }.joined()
  }
}
