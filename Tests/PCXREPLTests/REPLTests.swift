import Foundation
import Testing

/// The real `pcx` binary driven through a pseudo-terminal: what a user at the prompt sees.
@Suite("PCXREPL: the terminal REPL", .serialized)
struct REPLTerminalTests {
  static let setup = ["param x: real = 1.0", "objective f = (x - 3)^2"]

  /// A REPL in a fresh temporary HOME and working directory, reading at its first prompt.
  func start(home: String? = nil) throws -> (PTYSession, String) {
    let dir = try home ?? temporaryDirectory(prefix: "pcx-repl").path
    let pty = try PTYSession(["repl"], home: dir, directory: dir)
    try pty.prompt()
    return (pty, dir)
  }

  /// Types each line at a prompt, waiting for the next prompt (keys typed ahead while an entry
  /// runs are echoed by the terminal and dropped by a Ctrl-C, as in a shell).
  func enter(_ lines: [String], _ pty: PTYSession) throws {
    for line in lines {
      pty.send(line + "\r")
      try pty.prompt()
    }
  }

  @Test func multiLineEntryUsesTheContinuationPrompt() throws {
    let (pty, _) = try start()
    try enter(Self.setup, pty)
    pty.send("train r = gd(f,\r")
    try pty.prompt("...> ")
    pty.send("lr: 0.1, steps: 10)\r")
    // 4 * 0.64^10 (gd on (x-3)^2 from 1: the error shrinks by 1 - 2*0.1 each step).
    try pty.expect("train r: 10 steps, final loss ")
    let value = try pty.expect(" (completed)")
    let expected = 4 * pow(0.64, 10.0)
    #expect(abs((Double(value) ?? .nan) - expected) <= 1e-12 * expected, "final loss \(value)")
  }

  @Test func completesDeclaredNamesAndNamedArguments() throws {
    let (pty, _) = try start()
    try enter(Self.setup + ["let widthvalue = 3"], pty)
    pty.send("widthv\t * 2\r")
    try pty.expect("widthvalue * 2 = 6")
    try pty.prompt()
    pty.send("train r2 = gd(f, lr: 0.1, ste\t5)\r")
    try pty.expect("train r2: 5 steps")
  }

  @Test func typeCommandAndAnErrorLeaveTheSessionUnchanged() throws {
    let (pty, _) = try start()
    try enter(Self.setup, pty)
    pty.send(":type x * 2\r")
    try pty.expect("x * 2 : real")
    try pty.prompt()
    pty.send("report x + nope\r")
    try pty.expect("<repl>:1:12: error: unknown name 'nope'")
    try pty.prompt()
    pty.send(":list\r")
    try pty.expect("param x\nobjective f\npcx> ")
    try pty.waitForMode(canonical: false)
    pty.send("x\r")
    try pty.expect("x = 1\n")
  }

  @Test func controlCInterruptsALongTrainAndTheSessionGoesOn() throws {
    let (pty, _) = try start()
    try enter(Self.setup, pty)
    pty.send("train long = gd(f, lr: 1e-12, steps: 10000000)\r")
    // The line is read once the terminal is back in cooked mode; then Ctrl-C until the run
    // reports the interruption (one that lands before the run starts is dropped, so repeat).
    try pty.waitForMode(canonical: true)
    var interrupted = false
    for _ in 0..<60 where !interrupted {
      pty.send("\u{3}")
      interrupted = (try? pty.expect("interrupted; the session is unchanged", timeout: 0.5)) != nil
    }
    #expect(interrupted, "transcript:\n\(pty.transcript)")
    try pty.prompt()
    pty.send(":list\r")
    try pty.expect("param x\nobjective f\npcx> ")
    try pty.waitForMode(canonical: false)
    pty.send("x\r")
    try pty.expect("x = 1\n")
    try pty.prompt()
    // Ctrl-C at the prompt clears the line.
    pty.send("half-typed\u{3}")
    try pty.prompt()
    pty.send("x + 1\r")
    try pty.expect("x + 1 = 2\n")
  }

  @Test func historySurvivesARestartWithMultiLineEntries() throws {
    let (pty, home) = try start()
    pty.send("let k = [1.0,\r")
    try pty.prompt("...> ")
    pty.send("2.0]\r")
    try pty.prompt()
    pty.send("\u{4}")
    #expect(try pty.waitExit() == 0)
    let history = try String(contentsOfFile: home + "/.pcx_history", encoding: .utf8)
    #expect(history == "let k = [1.0,\\n2.0]\n")
    let (again, _) = try start(home: home)
    again.send("\u{1b}[A\r")
    try again.prompt()
    again.send("k\r")
    try again.expect("k = [1, 2]")
  }

  @Test func savedSessionReproducesTheNumbersUnderPcxRun() throws {
    let (pty, dir) = try start()
    try enter([
      ":seed 11", "data D = gaussian(n: 8, d: 3)",
      "model net = mlp(in: 3, hidden: [8], out: 1, activation: tanh, scaling: ntk, bias: false)",
      "loss L = square(net, D)", "train run = gd(L, lr: 0.05, steps: 20)",
    ], pty)
    pty.send("run.final_loss\r")
    try pty.expect("run.final_loss = ")
    let value = try pty.expect("\n")
    try pty.prompt()
    pty.send(":save saved.pcx\r")
    try pty.expect("saved ")
    try pty.prompt()
    let script = try String(contentsOfFile: dir + "/saved.pcx", encoding: .utf8)
    #expect(script.hasPrefix("seed 11\n"))
    let (status, _, _) = try runPCX(["run", "saved.pcx", "--json", "out.json"], directory: dir)
    #expect(status == 0)
    struct Document: Decodable {
      struct Run: Decodable { let final_loss: Double }
      let runs: [Run]
    }
    let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/out.json")))
    // Bit for bit: the same seed, streams and statements.
    #expect(document.runs.first?.final_loss == Double(value), "REPL printed \(value)")
  }
}

/// `pcx < script.pcx` without a terminal.
@Suite("PCXREPL: piped mode")
struct PipedModeTests {
  static let script = """
    seed 5
    param x: real = 0.5
    param y: real = 2.5
    objective f = (x * y - 1)^2
    train descent = gd(f, lr: 0.01,
       steps: 300)
    data D = gaussian(n: 16, d: 4)
    model net = mlp(in: 4, hidden: [16], out: 1, activation: tanh, scaling: ntk, bias: false)
    loss L = square(net, D)
    train run = gd(L, lr: 0.05, steps: 50)
    report descent.final_loss, run.final_loss
    sweep lr in [0.01, 0.1] {
      train s = gd(f, lr: lr, steps: 20)
      report s.final_loss
    }

    """

  @Test func pipedScriptGivesTheNumbersOfPcxRun() throws {
    let dir = try temporaryDirectory(prefix: "pcx-repl").path
    try Data(Self.script.utf8).write(to: URL(fileURLWithPath: dir + "/s.pcx"))
    let (runStatus, _, _) = try runPCX(["run", "s.pcx", "--json", "out.json"], directory: dir)
    #expect(runStatus == 0)
    let (status, out, err) = try runPCX([], input: Self.script, directory: dir)
    #expect(status == 0, "stderr: \(err)")
    struct Document: Decodable {
      struct Value: Decodable { let expression: String; let value: Double }
      let values: [Value]
    }
    let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/out.json")))
    let printed = out.split(separator: "\n").compactMap { line -> (String, Double)? in
      guard let eq = line.range(of: " = ") else { return nil }
      return (String(line[..<eq.lowerBound]), Double(line[eq.upperBound...]) ?? .nan)
    }
    #expect(printed.count == 4 && document.values.count == 4, "\(out)")
    for (p, d) in zip(printed, document.values) {
      #expect(p.0.hasPrefix(d.expression) && p.1 == d.value, "piped \(p), pcx run \(d.expression) = \(d.value)")
    }
  }

  @Test func pipedModeStopsAtTheFirstError() throws {
    let dir = try temporaryDirectory(prefix: "pcx-repl").path
    let (status, out, err) = try runPCX([], input: "let a = 2\na * 3\nreport nope\na + 1\n", directory: dir)
    #expect(status == 65)
    #expect(out == "a * 3 = 6\n")
    #expect(err.contains("<repl>:1:8: error: unknown name 'nope'"))
  }
}
