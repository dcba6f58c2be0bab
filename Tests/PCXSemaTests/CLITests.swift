import Foundation
import Testing
@testable import PCXSource

/// `pcx check`: exit codes through the library entry point, and the built binary end to end.
@Suite("CLI: pcx check exit codes, dumps, colour")
struct CLITests {
  static let cases = Corpus.root

  /// The `pcx` binary next to the test bundle in the build directory.
  static var binary: URL? {
    let candidates = [CommandLine.arguments.first, Bundle.main.executablePath].compactMap { $0 }
      .map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
    for directory in candidates + candidates.map({ $0.deletingLastPathComponent() }) {
      let url = directory.appendingPathComponent("pcx")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }

  /// Runs the binary, returning its exit status, stdout and stderr.
  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
    guard let binary else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  @Test func checkExitCodesAndDumps() throws {
    let good = Self.cases.appendingPathComponent("check/good/paper_001_xy.pcx").path
    let bad = Self.cases.appendingPathComponent("check/bad/unknown_name.pcx").path
    #expect(try Self.run(["check", good, "--no-color"]).0 == 0)
    let (code, _, stderr) = try Self.run(["check", bad, "--no-color"])
    #expect(code == 65)
    #expect(stderr.contains("unknown_name.pcx:2:9: error: unknown name 'aa'; did you mean 'a'?\n 2 | let b = aa + 1\n   |         ^~\n"))
    #expect(stderr.hasSuffix("2 errors generated\n"))
    #expect(try Self.run(["check", "/nonexistent/x.pcx"]).0 == 66)
    let dumped = try Self.run(["check", good, "--dump-tokens", "--dump-ast", "--dump-typed"]).1
    #expect(dumped.contains("2:1\tname\tseed"))
    #expect(dumped.contains("objective f  @5:1"))
    #expect(dumped.contains("objective f: objective  @5:1"))
  }

  @Test func binaryExitCodesAndFlags() throws {
    guard Self.binary != nil else {
      Issue.record("the pcx binary was not found next to the test bundle (\(CommandLine.arguments.first ?? "?"))")
      return
    }
    let good = Self.cases.appendingPathComponent("check/good/paper_001_xy.pcx").path
    let bad = Self.cases.appendingPathComponent("check/bad/unknown_name.pcx").path
    #expect(try Self.run(["check", good]).0 == 0)
    let (code, _, stderr) = try Self.run(["check", bad, "--color", "always"])
    #expect(code == 65)
    #expect(stderr.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    #expect(!(try Self.run(["check", bad, "--color", "always", "--no-color"]).2.contains("\u{1B}[")))
    #expect(!(try Self.run(["check", bad]).2.contains("\u{1B}[")))  // piped: no colour
    #expect(try Self.run(["check", "/nonexistent/x.pcx"]).0 == 66)
    #expect(try Self.run(["check"]).0 == 64)
    #expect(try Self.run(["check", bad, "--color", "sometimes"]).0 == 64)
    let version = try Self.run(["--version"])
    #expect(version.0 == 0 && version.1.hasPrefix("0.1.0"))
    #expect(try Self.run(["check", good, "--dump-ast"]).1.contains("certify c ="))
  }

  @Test func colourFollowsTerminalAndNoColor() {
    #expect(ColorChoice.auto.resolve(isTerminal: true, environment: [:]))
    #expect(!ColorChoice.auto.resolve(isTerminal: false, environment: [:]))
    #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(ColorChoice.auto.resolve(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(ColorChoice.always.resolve(isTerminal: false, environment: ["NO_COLOR": "1"]))
    #expect(!ColorChoice.never.resolve(isTerminal: true, environment: [:]))
  }

  @Test func rendererShowsLineCaretAndNotes() {
    let file = SourceFile(name: "r.pcx", text: "let a = 1\nlet λb = a +  zz\n")
    let first = SourceSpan(file: "r.pcx", start: 4, end: 5, line: 1, column: 5)
    let zz = SourceSpan(file: "r.pcx", start: 25, end: 27, line: 2, column: 15)
    let set = DiagnosticSet([.error("unknown name 'zz'", at: zz, notes: [Note("see here", at: first), Note("no span")])])
    let text = DiagnosticRenderer(files: [file], color: false).render(set)
    #expect(text == """
      r.pcx:2:15: error: unknown name 'zz'
       2 | let λb = a +  zz
         |               ^~
      r.pcx:1:5: note: see here
       1 | let a = 1
         |     ^
        note: no span
      1 error generated

      """)
  }
}
