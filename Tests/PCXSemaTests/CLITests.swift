import Foundation
import PCXTestSupport
import Testing
@testable import PCXSource

/// `pcx check`: exit codes, rendered diagnostics, dumps and colour flags of the built binary,
/// which checks through the embedding API (`PCXInterpreter.renderedCheck`).
@Suite("CLI: pcx check exit codes, dumps, colour")
struct CLITests {
  static let good = Repository.cases.appendingPathComponent("check/good/paper_001_xy.pcx").path
  static let bad = Repository.cases.appendingPathComponent("check/bad/unknown_name.pcx").path

  @Test func exitCodesDiagnosticsAndDumps() throws {
    #expect(try runPCX(["check", Self.good, "--no-color"]).status == 0)
    let failed = try runPCX(["check", Self.bad, "--no-color"])
    #expect(failed.status == 65)
    #expect(failed.stderr.contains("unknown_name.pcx:2:9: error: unknown name 'aa'; did you mean 'a'?\n 2 | let b = aa + 1\n   |         ^~\n"))
    #expect(failed.stderr.hasSuffix("2 errors generated\n"))
    #expect(try runPCX(["check", "/nonexistent/x.pcx"]).status == 66)
    let dumped = try runPCX(["check", Self.good, "--dump-tokens", "--dump-ast", "--dump-typed"])
    #expect(dumped.stdout.contains("2:1\tname\tseed"))
    #expect(dumped.stdout.contains("objective f  @5:1"))
    #expect(dumped.stdout.contains("objective f: objective  @5:1"))
  }

  @Test func binaryFlagsAndUsageErrors() throws {
    let (code, _, stderr) = try runPCX(["check", Self.bad, "--color", "always"])
    #expect(code == 65)
    #expect(stderr.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    #expect(!(try runPCX(["check", Self.bad, "--color", "always", "--no-color"]).stderr.contains("\u{1B}[")))
    #expect(!(try runPCX(["check", Self.bad]).stderr.contains("\u{1B}[")))  // piped: no colour
    #expect(try runPCX(["check"]).status == 64)
    #expect(try runPCX(["check", Self.bad, "--color", "sometimes"]).status == 64)
    let version = try runPCX(["--version"])
    #expect(version.status == 0 && version.stdout.hasPrefix("0.1.0"))
    #expect(try runPCX(["check", Self.good, "--dump-ast"]).stdout.contains("certify c ="))
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
