import Foundation
import PCX

/// The `:` commands (SPEC §7). A unique prefix works (`:q`, `:t expr`), as in ghci.
enum MetaCommand {
  /// Every command, with its argument and what it does, for `:help`.
  static let table: [(name: String, argument: String, summary: String)] = [
    ("help", "[name]", "list the commands, or explain a certificate, model, loss or optimizer (as `pcx explain`)"),
    ("type", "expr", "the type of an expression; nothing runs"),
    ("load", "file", "run a script's statements in the session"),
    ("reload", "", "forget the session and load the last :load file again"),
    ("list", "", "the statements so far (declarations by kind and name)"),
    ("reset", "", "forget every declaration and value"),
    ("seed", "N", "set the root seed (replays the session with the new streams)"),
    ("save", "file", "write the session as a script `pcx run` reproduces, seed included"),
    ("quit", "", "leave (Ctrl-D too)"),
  ]

  /// The command names, for completion.
  static var names: [String] { table.map(\.name) }

  /// Runs `line` (starting with `:`).
  static func run(_ line: String, on e: Evaluator) async -> Reply {
    let body = line.dropFirst()
    let word = String(body.prefix { !$0.isWhitespace })
    let argument = body.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
    let matches = names.filter { $0.hasPrefix(word) }
    guard !word.isEmpty, let name = matches.contains(word) ? word : (matches.count == 1 ? matches[0] : nil) else {
      let hint = matches.isEmpty ? "" : " (did you mean \(matches.map { ":" + $0 }.joined(separator: ", "))?)"
      return Reply(errors: "error: unknown command ':\(word)'\(hint); :help lists them\n", failed: true)
    }
    switch name {
    case "help": return help(argument)
    case "type": return await type(argument, e)
    case "load": return argument.isEmpty ? usage(name) : await e.load(argument)
    case "reload":
      guard let file = e.loadedFile else { return Reply(errors: "error: nothing was loaded yet (:load file)\n", failed: true) }
      await e.session.reset()
      return await e.load(file)
    case "list":
      let lines = await e.session.statementSummaries
      return Reply(output: lines.isEmpty ? "(nothing declared)\n" : lines.map { $0 + "\n" }.joined())
    case "reset":
      await e.session.reset()
      return Reply(output: "the session is empty\n")
    case "seed":
      guard let n = Int(argument), n >= 0 else { return Reply(errors: "error: :seed needs a non-negative integer\n", failed: true) }
      return await e.handle("seed \(n)")
    case "save": return argument.isEmpty ? usage(name) : await save(argument, e)
    default: return Reply(quit: true)
    }
  }

  static func usage(_ name: String) -> Reply {
    let argument = table.first { $0.name == name }?.argument ?? ""
    return Reply(errors: "error: usage: :\(name) \(argument)\n", failed: true)
  }

  static func help(_ name: String) -> Reply {
    guard !name.isEmpty else {
      let rows = table.map { row in
        ":\(row.name)\(row.argument.isEmpty ? "" : " " + row.argument)".padding(toLength: 14, withPad: " ", startingAt: 0) + row.summary
      }
      return Reply(output: (rows + [
        "Enter statements (let, param, data, model, loss, objective, train, certify, sweep, report, plot) or an",
        "expression to see its value. Re-declaring a name replaces it. Tab completes; Ctrl-C interrupts; Ctrl-D exits.",
      ]).map { $0 + "\n" }.joined())
    }
    guard let text = PCXInterpreter.explain(name) else {
      let hint = PCXInterpreter.closestName(to: name).map { "; did you mean '\($0)'?" } ?? ""
      return Reply(errors: "error: pcx knows no certificate, model, loss, optimizer or function named '\(name)'\(hint)\n", failed: true)
    }
    return Reply(output: text.hasSuffix("\n") ? text : text + "\n")
  }

  static func type(_ expression: String, _ e: Evaluator) async -> Reply {
    guard !expression.isEmpty else { return usage("type") }
    do {
      return Reply(output: "\(expression) : \(try await e.session.type(of: expression))\n")
    } catch {
      return e.failure(error)
    }
  }

  static func save(_ path: String, _ e: Evaluator) async -> Reply {
    let script = await e.session.script
    do {
      try Data(script.utf8).write(to: URL(fileURLWithPath: path))
      return Reply(output: "saved \(script.split(separator: "\n").count) lines to \(path)\n")
    } catch {
      return Reply(errors: "error: cannot write '\(path)': \(error.localizedDescription)\n", failed: true)
    }
  }
}
