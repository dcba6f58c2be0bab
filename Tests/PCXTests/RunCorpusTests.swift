import Foundation
import PCX
import Testing

/// The run corpus: `Tests/cases/run/*.pcx`, each a script with its expectations in `#!` lines
/// (format: Tests/cases/run/README.md), run through the public API. `PCX_RECORD=1` rewrites the
/// failing recordable expectations (`path = literal`, errors, warnings) from what the cases give.
enum RunCorpus {
  /// The folder of the cases.
  static let cases = Repository.cases.appendingPathComponent("run")
  /// Data files the cases read (relative paths resolve here).
  static let data = Repository.cases.appendingPathComponent("data")

  /// The cases, sorted by name.
  static func files() -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: cases.path)) ?? []
    return names.filter { $0.hasSuffix(".pcx") }.sorted().map { cases.appendingPathComponent($0) }
  }

  /// Whether this run re-records (`PCX_RECORD=1`) instead of only checking.
  static var recording: Bool { ProcessInfo.processInfo.environment["PCX_RECORD"] == "1" }

  /// BLAS threads are process-wide: pinned once, as `make test` does (results are identical for
  /// any count, so this only keeps the corpus independent of the environment).
  static let pinnedThreads: Void = ProcessSettings.setBLASThreads(2)

  /// Runs a case's script with reads confined to the data folder.
  static func run(_ source: String, _ name: String) async -> Result<RunResult, any Error> {
    _ = pinnedThreads
    var c = InterpreterConfiguration()
    c.baseDirectory = data.path
    c.outputDirectory = FileManager.default.temporaryDirectory.path
    c.allowsFileWrites = false
    // A safety net against a hang; no case comes near it.
    c.wallTimeBudget = 120
    do {
      return .success(try await PCXInterpreter(configuration: c).run(source: source, fileName: name))
    } catch {
      return .failure(error)
    }
  }

  /// The expectations of a case, and the lines that do not parse (`line: why`).
  static func expectations(_ lines: [String]) -> ([Expectation], [String]) {
    var out: [Expectation] = [], bad: [String] = []
    for (i, line) in lines.enumerated() where line.hasPrefix(Expectation.marker) {
      do {
        out.append(try Expectation.parse(String(line.dropFirst(Expectation.marker.count)), lineIndex: i))
      } catch {
        bad.append("\(i + 1): `\(line)`: \(error)")
      }
    }
    return (out, bad)
  }
}

@Suite("Run corpus (Tests/cases/run)")
struct RunCorpusTests {
  @Test func corpusIsLargeEnough() {
    #expect(RunCorpus.files().count >= 40)
  }

  @Test(arguments: RunCorpus.files())
  func caseMeetsItsExpectations(_ url: URL) async throws {
    let name = url.lastPathComponent
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    let (expectations, unparsed) = RunCorpus.expectations(lines)
    for why in unparsed { Issue.record("\(name):\(why)") }
    let observation = CorpusObservation(await RunCorpus.run(text, name), dataDirectory: RunCorpus.data.path)
    var checker = CaseChecker(name: name, observation: observation, recording: RunCorpus.recording)
    checker.check(expectations)
    for failure in checker.failures { Issue.record(Comment(rawValue: failure)) }
    if RunCorpus.recording, unparsed.isEmpty {
      checker.rewrite(&lines, expectations)
      let updated = lines.joined(separator: "\n")
      guard updated != text else { return }
      try updated.write(to: url, atomically: true, encoding: .utf8)
      print("re-recorded \(name): \(checker.recorded.count) expectation(s)\(checker.outcomeDiffers(expectations) ? " and its outcome" : "")")
    }
  }
}
