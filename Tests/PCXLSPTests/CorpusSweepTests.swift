import Foundation
import PCXTestSupport
import Testing
@testable import PCXLSP

/// Every feature at every position of every script in examples/ and the check corpus, and on
/// every prefix of them (a script being typed): answers, never a trap. The features are
/// called in-process on the same code the server runs.
@Suite("Every position of the corpus: no feature traps")
struct CorpusSweepTests {
  static let root = Repository.root

  static var scripts: [URL] {
    let folders = ["examples", "Tests/cases/check/good", "Tests/cases/check/bad", "Tests/cases/parse/good", "Tests/cases/parse/bad"]
    return folders.flatMap { folder -> [URL] in
      let directory = root.appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      return names.filter { $0.hasSuffix(".pcx") }.sorted().map { directory.appendingPathComponent($0) }
    }
  }

  static func exercise(_ analysis: Analysis, at offset: Int, completion: Bool) {
    let position = analysis.lines.position(of: offset)
    _ = HoverProvider.hover(analysis, at: position)
    _ = Navigation.definition(analysis, at: position)
    _ = Navigation.references(analysis, at: position, includeDeclaration: true)
    _ = Navigation.rename(analysis, at: position, to: "renamed")
    _ = SignatureHelpProvider.help(analysis, at: position)
    if completion { _ = CompletionProvider.complete(analysis, at: position, trigger: nil) }
  }

  @Test func everyPositionOfEveryScript() throws {
    let scripts = Self.scripts
    #expect(scripts.count > 100, "the corpus was found under \(Self.root.path)")
    for url in scripts {
      let bytes = [UInt8](try Data(contentsOf: url))
      let analysis = Analysis(Document(uri: url.absoluteString, version: 1, bytes: bytes), encoding: .utf16)
      for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
        Self.exercise(analysis, at: offset, completion: offset % 5 == 0)
      }
      _ = SemanticTokensProvider.tokens(analysis)
      _ = DocumentSymbols.symbols(analysis)
      _ = DiagnosticConverter.quickFixes(analysis, in: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 9999, character: 0)), relatedInformation: true)
    }
  }

  @Test func positionsOutsideTheText() throws {
    let text = "let a = 1\nreport a, \"λ𝔼\"\n"
    let analysis = Analysis(Document(uri: "untitled:x", version: 1, bytes: Array(text.utf8)), encoding: .utf16)
    let extremes = [(-1, -1), (0, -5), (0, Int.max), (Int.max, 0), (Int.max, Int.max), (Int.min, Int.min), (1, 13)]
    for (line, character) in extremes {
      let position = LSPPosition(line: line, character: character)
      _ = HoverProvider.hover(analysis, at: position)
      _ = Navigation.definition(analysis, at: position)
      _ = Navigation.rename(analysis, at: position, to: "b")
      _ = SignatureHelpProvider.help(analysis, at: position)
      _ = CompletionProvider.complete(analysis, at: position, trigger: " ")
      var document = Document(uri: "untitled:x", version: 1, bytes: Array(text.utf8))
      document.apply(ContentChange(range: LSPRange(start: position, end: LSPPosition(line: 0, character: 2)), text: "x"), encoding: .utf16)
      #expect(!document.bytes.isEmpty)
    }
  }

  @Test func everyPrefixOfTheExamples() throws {
    for url in Self.scripts where url.path.contains("/examples/") {
      let bytes = [UInt8](try Data(contentsOf: url))
      var end = 0
      while end <= bytes.count {
        let analysis = Analysis(Document(uri: url.absoluteString, version: 1, bytes: Array(bytes[..<end])), encoding: .utf8)
        Self.exercise(analysis, at: end, completion: true)
        _ = SemanticTokensProvider.tokens(analysis)
        end += 17
      }
    }
  }
}
