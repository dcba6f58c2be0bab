import Foundation
import PCX
import Testing

/// What `pcx run` promises about its outputs (issue 4), through the public API the CLI uses.
@Suite("PCX: outputs of the quickstart", .serialized)
struct OutputTests {
  static let examples = Repository.examples.path

  func runQuickstart(threads: Int) async throws -> (RunResult, [String]) {
    let dir = try temporaryDirectory(prefix: "pcx-out").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    ProcessSettings.setBLASThreads(threads)
    defer { ProcessSettings.setBLASThreads(pinnedBLASThreads) }
    var config = InterpreterConfiguration()
    config.baseDirectory = Self.examples
    config.outputDirectory = dir
    config.commandLine = ["pcx", "run", "quickstart.pcx"]
    let source = try String(contentsOfFile: Self.examples + "/quickstart.pcx", encoding: .utf8)
    let result = try await PCXInterpreter(configuration: config).run(source: source, fileName: "quickstart.pcx")
    let written = try result.write(to: dir).map { ($0 as NSString).lastPathComponent }.sorted()
    return (result, written)
  }

  @Test func sameScriptAndSeedGiveIdenticalDocumentsAcrossRunsAndThreadCounts() async throws {
    let (r1, files) = try await runQuickstart(threads: 2)
    let (r2, _) = try await runQuickstart(threads: 2)
    let (r3, _) = try await runQuickstart(threads: 1)
    #expect(files == ["descent.csv", "descent.step_size.csv", "loss.svg", "results.json", "run.csv", "run.step_size.csv"])
    let a = try r1.document.withoutTiming().encoded(), b = try r2.document.withoutTiming().encoded()
    let c = try r3.document.withoutTiming().encoded()
    #expect(a == b, "two runs differ")
    #expect(a == c, "--threads 1 and 2 differ")
    #expect(r1.document.seed == 42 && r1.document.scriptSHA256.count == 64)
    #expect(r1.runs.map(\.name) == ["descent", "run"])
    // 001 (3.2) at (0.5, 2.5), r = 0.5: 4 f(x0) = 0.25 < r^2 alpha = 0.25 * 4 (||x0|| - 0.5)^2: not refuted
    #expect(r1.certificates.map(\.verdict) == [.notRefuted, .holds])
    #expect(r1.certificates.last?.guarantee?.check == .consistent)
    let schema = try Data(contentsOf: Repository.docs.appendingPathComponent("results-schema.json"))
    #expect(try RunResult.schemaViolations(of: r1.jsonData(), schema: schema).isEmpty)
  }

  /// (The divergence of this script without the override is the run corpus's
  /// error_run_diverged_after_a_let.pcx.)
  @Test func aBadOverrideIsAnError() async throws {
    let script = "let n = 3\nparam x: real = 1.0\nobjective f = x^2\ntrain r = gd(f, lr: 5.0, steps: 50)\n"
    var config = InterpreterConfiguration()
    config.overrides["n"] = "oops"
    do {
      _ = try await PCXInterpreter(configuration: config).run(source: script, fileName: "bad.pcx")
      Issue.record("no error")
    } catch let e as PCXError {
      #expect(e.rendered(color: false).contains("--set n=oops"))
    }
  }
}
