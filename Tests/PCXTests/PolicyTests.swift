import Foundation
import PCX
import Testing

@Suite("PCX: file access policy")
struct PolicyTests {
  @Test func aPlotPathOutsideTheOutputDirectoryIsRefused() async throws {
    let dir = try temporaryDirectory(prefix: "pcx-embed")
    defer { try? FileManager.default.removeItem(at: dir) }
    var c = InterpreterConfiguration()
    c.outputDirectory = dir.appendingPathComponent("out").path
    let script = Scripts.quadratic + "plot d.loss to \"../../x.svg\"\n"
    let error = await Scripts.error { try await PCXInterpreter(configuration: c).run(source: script) }
    #expect(error?.kind == .accessDenied)
    #expect(error?.message.contains("'../../x.svg' is outside the output directory") == true, "\(String(describing: error))")
    #expect(error?.diagnostics.first?.line == 7)
  }

  @Test func writesHappenOnlyWhenAskedAndInsideTheDirectory() async throws {
    let dir = try temporaryDirectory(prefix: "pcx-embed")
    defer { try? FileManager.default.removeItem(at: dir) }
    var c = InterpreterConfiguration()
    c.outputDirectory = dir.path
    let result = try await PCXInterpreter(configuration: c).run(source: Scripts.quadratic + "plot d.loss to \"loss.svg\"\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "run must not write")
    try result.write(including: [.plots, .json])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["loss.svg", "results.json"])
    c.allowsFileWrites = false
    let denied = try await PCXInterpreter(configuration: c).run(source: Scripts.quadratic)
    #expect(throws: PCXError.self) { try denied.write(to: dir.path) }
  }

  @Test func aReadOutsideTheBaseDirectoryIsRefusedUnlessAllowed() async throws {
    let dir = try temporaryDirectory(prefix: "pcx-embed")
    defer { try? FileManager.default.removeItem(at: dir) }
    try "a,y\n1,2\n2,4\n3,6\n".write(to: dir.appendingPathComponent("outside.csv"), atomically: true, encoding: .utf8)
    let base = dir.appendingPathComponent("scripts")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    let script = "data D = csv(\"../outside.csv\", label: \"y\")\nreport D\n"
    var c = InterpreterConfiguration()
    c.baseDirectory = base.path
    let error = await Scripts.error { try await PCXInterpreter(configuration: c).run(source: script) }
    #expect(error?.kind == .accessDenied)
    #expect(error?.message.contains("reading '../outside.csv' is refused") == true, "\(String(describing: error))")
    c.allowsReadsOutsideBaseDirectory = true
    let allowed = try await PCXInterpreter(configuration: c).run(source: script)
    #expect(allowed.document.values.count == 1)
  }
}
