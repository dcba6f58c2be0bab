import Foundation
import PCX
@testable import PCXREPL
import Testing

/// `Session`'s replace mode and queries, and the REPL's pure parts, in process.
@Suite("PCXREPL: session replace mode, completion, printing")
struct SessionReplaceTests {
  @Test func redeclaringReplacesAndDropsDependants() async throws {
    let session = Session()
    _ = try await session.submit("let w = 3\nparam x: real = 1.0\nobjective f = (x - w)^2\ntrain r = gd(f, lr: 0.1, steps: 10)\nreport r.final_loss\nlet other = 2\n")
    let out = try await session.submit("let w = 4\n")
    #expect(out.replaced == [.init(name: "w", kind: "let")])
    #expect(out.stale == ["objective f", "train r", "report r.final_loss"])
    #expect(await session.declarations.map(\.name) == ["x", "other", "w"])
    // Re-entered, the objective sees the new w: (1 - 4)^2 * 0.64^10.
    let again = try await session.submit("objective f = (x - w)^2\ntrain r = gd(f, lr: 0.1, steps: 10)\n")
    let expected = 9 * pow(0.64, 10.0)
    #expect(abs((again.runs.first?.finalLoss ?? .nan) - expected) <= 1e-12 * expected)
    #expect(again.replaced.isEmpty && again.stale.isEmpty)
  }

  @Test func anErroneousRedeclarationChangesNothing() async throws {
    let session = Session()
    _ = try await session.submit("let w = 3\nlet v = w + 1\n")
    let before = await session.source
    let error = await #expect(throws: PCXError.self) { try await session.submit("let w = nope\n") }
    #expect(error?.diagnostics.first?.description == "<repl>:1:9: error: unknown name 'nope'")
    #expect(await session.source == before)
    #expect(try await session.evaluate("v * 2").value == .number(8))
  }

  @Test func evaluateAndTypeDoNotChangeTheSession() async throws {
    let session = Session()
    _ = try await session.submit("param x: real = 2.0\n")
    #expect(try await session.evaluate("x^2 + 1").value == .number(5))
    #expect(try await session.type(of: "[x, x, x]") == "vector[3]")
    #expect(await session.source == "param x: real = 2.0\n")
    let error = await #expect(throws: PCXError.self) { try await session.evaluate("x +\n  nope") }
    #expect(error?.diagnostics.first?.description == "<repl>:2:3: error: unknown name 'nope'")
  }

  @Test func seedReplacementReplaysAndTheScriptStartsWithTheSeed() async throws {
    let session = Session()
    let text = "data D = gaussian(n: 4, d: 2)\nmodel m = mlp(in: 2, hidden: [4], out: 1)\nloss L = square(m, D)\ntrain r = gd(L, lr: 0.1, steps: 1)\n"
    _ = try await session.submit(text)
    let first = try await session.evaluate("r.final_loss")
    let out = try await session.submit("seed 9\n")
    #expect(out.replaced.isEmpty && out.runs.isEmpty, "the replay prints nothing")
    #expect(try await session.evaluate("r.final_loss") != first, "a new seed draws new data and weights")
    let back = try await session.submit("seed 0\n")
    #expect(back.replaced == [.init(name: "seed", kind: "seed")])
    #expect(try await session.evaluate("r.final_loss") == first, "seed 0 is the default seed")
    #expect(await session.script == "seed 0\n" + text)
  }

  @Test func incompleteInputAndExpressions() {
    #expect(Session.isIncomplete("train r = gd(f,\n"))
    #expect(Session.isIncomplete("sweep w in [1, 2] {\n"))
    #expect(Session.isIncomplete("max(1,\n"))
    #expect(!Session.isIncomplete("let a = 1\n"))
    #expect(Session.isExpression("a * 2"))
    #expect(!Session.isExpression("let a = 2"))
    #expect(!Session.isExpression("# comment"))
  }

  @Test func completion() throws {
    let c = Completer(declared: ["widthvalue", "net"], directory: try temporaryDirectory(prefix: "pcx-repl").path)
    #expect(c.complete("widthv") == .insert("alue"))
    #expect(c.complete("train r = gd(f, ste") == .insert("ps: "))
    #expect(c.complete(":rel") == .insert("oad "))
    #expect(c.complete("model m = mlp(in: 2, hidden: [4], act") == .insert("ivation: "))
    #expect(c.complete("chatter") == .insert("jee"))
    guard case .list(let both) = c.complete("n") else { Issue.record("expected a list"); return }
    #expect(both.contains("net") && both.contains("not"))
  }

  @Test func pathCompletionInsideStrings() throws {
    let dir = try temporaryDirectory(prefix: "pcx-repl").path
    try Data().write(to: URL(fileURLWithPath: dir + "/train_data.csv"))
    try FileManager.default.createDirectory(atPath: dir + "/weights", withIntermediateDirectories: true)
    let c = Completer(directory: dir)
    #expect(c.complete("data D = csv(\"tra") == .insert("in_data.csv"))
    #expect(c.complete("data D = csv(\"we") == .insert("ights/"))
    #expect(c.complete(":load tr") == .insert("ain_data.csv"))
  }

  @Test func valuesPrint() {
    #expect(ValuePrinter.line("a", .number(0.1)) == "a = 0.1\n")
    #expect(ValuePrinter.line("v", .array([.number(1), .number(2.5)])) == "v = [1, 2.5]\n")
    #expect(ValuePrinter.line("m", .array([.array([.number(1), .number(0)]), .array([.number(0), .number(1)])])) == "m =\n  [1, 0]\n  [0, 1]\n")
    // A decreasing trace over three decades: log scale, highest block first, lowest last.
    let ys = (0..<30).map { pow(10.0, -Double($0) / 10) }
    let line = ValuePrinter.render(.array(ys.map(JSONValue.number)))
    #expect(line.hasPrefix("█") && line.contains("▁  (30 values, log scale"))
  }

  @Test func historyEncodingRoundTrips() {
    let entry = "let k = [1.0,\n2.0]  # a \\ backslash"
    #expect(!LineEditor.encode(entry).contains("\n"))
    #expect(LineEditor.decode(Substring(LineEditor.encode(entry))) == entry)
  }
}
