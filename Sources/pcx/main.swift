import ArgumentParser
import Foundation
import PCXFrontEnd
import PCXSource

/// The `pcx` command: subcommands are added here as the runtime, REPL and explain land.
struct PCX: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pcx",
    abstract: "A language and interpreter for optimization experiments with certificates.",
    version: "0.1.0",
    subcommands: [Check.self, Run.self])
}

/// Colour flags shared by every subcommand that prints diagnostics.
struct ColorOptions: ParsableArguments {
  @Option(name: .long, help: "Colour diagnostics: auto (terminal without NO_COLOR), always, never.")
  var color: ColorChoice = .auto

  @Flag(name: .long, help: "Never colour output (same as --color never).")
  var noColor = false

  /// Whether stderr output is coloured.
  func resolved() -> Bool {
    if noColor { return false }
    return color.resolve(isTerminal: isatty(STDERR_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
  }
}

extension ColorChoice: ExpressibleByArgument {}

/// `pcx check FILE`: run the front end only.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Parse and type-check a script without running it (exit 0 clean, 65 errors, 66 missing file).")

  @Argument(help: "The .pcx script.")
  var file: String

  @Flag(name: .long, help: "Print the tokens.")
  var dumpTokens = false

  @Flag(name: .long, help: "Print the syntax tree.")
  var dumpAst = false

  @Flag(name: .long, help: "Print the typed program.")
  var dumpTyped = false

  @OptionGroup var colors: ColorOptions

  func run() throws {
    let options = CheckCommand.Options(dumpTokens: dumpTokens, dumpAST: dumpAst, dumpTyped: dumpTyped, color: colors.resolved())
    let (code, out, err) = CheckCommand.run(path: file, options: options)
    FileHandle.standardOutput.write(Data(out.utf8))
    FileHandle.standardError.write(Data(err.utf8))
    if code != 0 { throw ExitCode(code) }
  }
}

PCX.main()
