import ArgumentParser
import Foundation
import PCX

/// The `pcx` command: subcommands are added here as the runtime, REPL and explain land. Every
/// subcommand reaches the interpreter through the embedding API (`import PCX`) only.
@main
struct PCXCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pcx",
    abstract: "A language and interpreter for optimization experiments with certificates.",
    version: pcxVersion,
    subcommands: [Check.self, Run.self, ExplainCommand.self, Repl.self, Lsp.self, Gather.self, Slurm.self],
    defaultSubcommand: Repl.self)
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
    let source = try readScript(file)
    let directory = (file as NSString).deletingLastPathComponent
    var configuration = InterpreterConfiguration()
    configuration.baseDirectory = directory.isEmpty ? "." : directory
    configuration.allowsReadsOutsideBaseDirectory = true
    configuration.allowsWritesOutsideOutputDirectory = true
    let interpreter = PCXInterpreter(configuration: configuration)
    var dumps = Set<PCXInterpreter.Dump>()
    if dumpTokens { dumps.insert(.tokens) }
    if dumpAst { dumps.insert(.syntaxTree) }
    if dumpTyped { dumps.insert(.typedProgram) }
    let (text, dump, hasErrors) = interpreter.renderedCheck(
      source: source, fileName: file, color: colors.resolved(), dumps: dumps)
    FileHandle.standardOutput.write(Data(dump.utf8))
    printError(text)
    if hasErrors { throw ExitCode(65) }
  }
}
