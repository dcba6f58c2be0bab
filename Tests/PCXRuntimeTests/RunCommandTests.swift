import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("pcx run: outputs", .serialized)
struct RunCommandTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples").path

  func runQuickstart(threads: Int) throws -> (RunCommand.Output, ResultsDocument, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pcx-run-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    BLAS.setThreads(threads)
    var options = RunCommand.Options()
    options.outDirectory = dir
    options.jsonPath = dir + ".json"
    options.commandLine = ["pcx", "run", "quickstart.pcx"]
    let output = RunCommand.run(path: Self.examples + "/quickstart.pcx", options: options)
    BLAS.setThreads(2)
    let data = try Data(contentsOf: URL(fileURLWithPath: dir + ".json"))
    try? FileManager.default.removeItem(atPath: dir + ".json")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir).sorted().joined(separator: ",")) ?? ""
    return (output, try ResultsDocument.decode(data), files)
  }

  @Test func sameScriptAndSeedGiveIdenticalDocumentsAcrossRunsAndThreadCounts() throws {
    let (out1, doc1, files) = try runQuickstart(threads: 2)
    let (_, doc2, _) = try runQuickstart(threads: 2)
    let (_, doc3, _) = try runQuickstart(threads: 1)
    #expect(out1.code == 0, "\(out1.stderr)")
    #expect(files == "descent.csv,descent.step_size.csv,loss.svg,results.json,run.csv,run.step_size.csv")
    let a = try doc1.withoutTiming().encoded(), b = try doc2.withoutTiming().encoded(), c = try doc3.withoutTiming().encoded()
    #expect(a == b, "two runs differ")
    #expect(a == c, "--threads 1 and 2 differ")
    #expect(doc1.schema == "pcx.results/1" && doc1.seed == 42 && doc1.scriptSHA256.count == 64)
    #expect(doc1.runs.map(\.name) == ["descent", "run"])
    // 001 (3.2) at (0.5, 2.5), r = 0.5: 4 f(x0) = 0.25 < r^2 alpha = 0.25 * 4 (||x0|| - 0.5)^2: not refuted
    #expect(doc1.certificates.map(\.verdict) == [.notRefuted, .holds])
    #expect(doc1.certificates.last?.guarantee?.check == .consistent)
  }

  @Test func theDocumentValidatesAgainstTheCommittedSchema() throws {
    let (_, doc, _) = try runQuickstart(threads: 2)
    let schemaPath = URL(fileURLWithPath: Self.examples).deletingLastPathComponent().appendingPathComponent("docs/results-schema.json")
    let schema = try JSONValue.parse(Data(contentsOf: schemaPath))
    let errors = try SchemaValidator(schema: schema).errors(in: doc.json)
    #expect(errors.isEmpty, "\(errors)")
  }

  @Test func missingFilesScriptErrorsAndOverrides() throws {
    let missing = RunCommand.run(path: "/nonexistent/x.pcx", options: RunCommand.Options())
    #expect(missing.code == 66)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pcx-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.pcx").path
    try "let n = 3\nparam x: real = 1.0\nobjective f = x^2\ntrain r = gd(f, lr: 5.0, steps: 50)\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let diverged = RunCommand.run(path: bad, options: RunCommand.Options())
    #expect(diverged.code == 65)
    #expect(diverged.stderr.contains("bad.pcx:4:1: error: the run diverged"), "\(diverged.stderr)")
    var options = RunCommand.Options()
    options.run.overrides["n"] = "oops"
    let override = RunCommand.run(path: bad, options: options)
    #expect(override.code == 65 && override.stderr.contains("--set n=oops"), "\(override.stderr)")
  }
}
