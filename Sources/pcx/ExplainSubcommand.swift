import ArgumentParser
import Foundation
import PCX

/// `pcx explain NAME`: the formula, source and method of a certificate, model, loss or optimizer.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a certificate, model, loss, optimizer, data source or set (exit 64 for an unknown name).")

  @Argument(help: "A catalog name, e.g. pl_star, chatterjee, mlp, gd. Without one, list every name.")
  var name: String?

  func run() throws {
    guard let name else {
      print(PCXInterpreter.explainableNames.joined(separator: "\n"))
      return
    }
    guard let text = PCXInterpreter.explain(name) else {
      let hint = PCXInterpreter.closestName(to: name).map { "; did you mean '\($0)'?" } ?? ""
      printError("error: pcx knows no certificate, model, loss, optimizer or function named '\(name)'\(hint) (`pcx explain` lists them)\n")
      throw ExitCode(64)
    }
    print(text)
  }
}
