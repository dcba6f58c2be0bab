import Foundation
import Testing
import PCXRuntime
@testable import PCXFrontEnd
@testable import PCXSema
@testable import PCXSource
@testable import PCXSyntax

/// The annotated corpus under Tests/cases: `parse/{good,bad}` and `check/{good,bad}`.
/// A bad script lists its expected errors at its end, one per line, as
/// `#! line:col: message`; a good script must produce no diagnostics (parse/good: no syntax
/// diagnostics). Run with `PCX_RECORD=1` to rewrite the expectations from the current output.
enum Corpus {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("cases")
  /// Data files the scripts read headers from.
  static let data = root.appendingPathComponent("data").path
  static let marker = "#! "

  /// The `.pcx` files of one folder, sorted.
  static func files(_ folder: String) -> [URL] {
    let directory = root.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".pcx") }.sorted().map { directory.appendingPathComponent($0) }
  }

  /// Runs the front end on a case file.
  static func run(_ url: URL) throws -> (FrontEndResult, String) {
    let text = try String(contentsOf: url, encoding: .utf8)
    let file = SourceFile(name: url.lastPathComponent, text: text)
    return (FrontEnd.check(file, catalog: Registry.catalog, probe: DiskFileProbe(directory: data)), text)
  }

  /// The errors as `line:col: message` lines.
  static func observed(_ diagnostics: DiagnosticSet) -> [String] {
    diagnostics.sorted.filter { $0.severity == .error }.map { "\($0.span.line):\($0.span.column): \($0.message)" }
  }

  /// The expectations written at the end of a case.
  static func expected(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { $0.hasPrefix(marker) }.map { String($0.dropFirst(marker.count)) }
  }

  /// Rewrites a case's expectation block.
  static func record(_ url: URL, _ text: String, _ lines: [String]) throws {
    var body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(marker) }
    while body.last?.isEmpty == true { body.removeLast() }
    let updated = (body.map(String.init) + lines.map { marker + $0 }).joined(separator: "\n") + "\n"
    try updated.write(to: url, atomically: true, encoding: .utf8)
  }

  static var recording: Bool { ProcessInfo.processInfo.environment["PCX_RECORD"] == "1" }
}

@Suite("Corpus of annotated scripts")
struct CorpusTests {
  @Test func corpusIsLargeEnough() {
    let bad = Corpus.files("parse/bad").count + Corpus.files("check/bad").count
    let good = Corpus.files("parse/good").count + Corpus.files("check/good").count
    #expect(bad >= 60)
    #expect(good >= 20)
  }

  @Test(arguments: Corpus.files("parse/good") + Corpus.files("check/good"))
  func goodScriptsAreClean(_ url: URL) throws {
    let (result, _) = try Corpus.run(url)
    let relevant = url.path.contains("/parse/") ? result.parse.diagnostics : result.diagnostics
    #expect(Corpus.observed(relevant) == [], "\(url.lastPathComponent)")
    #expect(!result.parse.isIncomplete)
  }

  @Test(arguments: Corpus.files("parse/bad") + Corpus.files("check/bad"))
  func badScriptsReportExactlyTheirErrors(_ url: URL) throws {
    let (result, text) = try Corpus.run(url)
    let observed = Corpus.observed(result.diagnostics)
    if Corpus.recording {
      try Corpus.record(url, text, observed)
      return
    }
    #expect(observed == Corpus.expected(text), "\(url.lastPathComponent)")
    #expect(!observed.isEmpty, "\(url.lastPathComponent) has no errors")
    if url.path.contains("/parse/") {
      #expect(result.parse.diagnostics.containsError, "\(url.lastPathComponent) should fail in the parser")
    } else {
      #expect(!result.parse.diagnostics.containsError, "\(url.lastPathComponent) should parse")
    }
  }
}
