import ArgumentParser
import Foundation
import PCX
import PCXREPL

/// `pcx repl` (and bare `pcx`): the interactive REPL on a terminal; with stdin piped, the
/// statements of stdin without line editing, stopping at the first error (exit 65).
struct Repl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Interactive session (libedit, history in ~/.pcx_history); with stdin piped, run its statements (exit 65 at the first error).")

  @Option(help: "The root seed (a `seed` statement or :seed replaces it).") var seed: Int?
  @Option(help: "BLAS threads (results are identical for any count).") var threads: Int = 2
  @Flag(help: "Neither read nor write the history file.") var noHistory = false
  @OptionGroup var colors: ColorOptions

  func run() async throws {
    ProcessSettings.setBLASThreads(threads)
    ProcessSettings.configureAllocatorForLargeTensors()  // as `pcx run`, so both behave alike
    var c = InterpreterConfiguration()
    c.allowsReadsOutsideBaseDirectory = true
    c.allowsWritesOutsideOutputDirectory = true
    c.commandLine = CommandLine.arguments
    let code: Int32
    if isatty(STDIN_FILENO) != 0, let repl = REPL(configuration: c, color: colors.resolved(),
                                                  historyPath: noHistory ? nil : LineEditorDefaults.historyPath) {
      if let seed { _ = await repl.evaluator.handle("seed \(seed)") }
      code = await repl.run()
    } else {
      let evaluator = Evaluator(configuration: c, color: colors.resolved(), verbose: false)
      if let seed { _ = await evaluator.handle("seed \(seed)") }
      code = await PipedMode.run(evaluator)
    }
    if code != 0 { throw ExitCode(code) }
  }
}
