import Foundation
import PCXSema
import PCXSource
import PCXSyntax

/// `pcx check` as a library function, so tests and the CLI share it.
public enum CheckCommand {
  /// Exit codes (sysexits, SPEC 6).
  public enum Exit {
    /// Success.
    public static let ok: Int32 = 0
    /// Command-line usage error.
    public static let usage: Int32 = 64
    /// An error in the script.
    public static let dataError: Int32 = 65
    /// The input file is missing or unreadable.
    public static let noInput: Int32 = 66
  }

  /// What to print besides diagnostics.
  public struct Options: Sendable {
    /// Print the tokens.
    public var dumpTokens = false
    /// Print the AST.
    public var dumpAST = false
    /// Print the typed program.
    public var dumpTyped = false
    /// Colour diagnostics.
    public var color = false
    /// Creates options.
    public init(dumpTokens: Bool = false, dumpAST: Bool = false, dumpTyped: Bool = false, color: Bool = false) {
      self.dumpTokens = dumpTokens
      self.dumpAST = dumpAST
      self.dumpTyped = dumpTyped
      self.color = color
    }
  }

  /// Checks the file at `path`: returns the exit code, what goes to stdout, what to stderr.
  public static func run(path: String, options: Options) -> (code: Int32, stdout: String, stderr: String) {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
      return (Exit.noInput, "", "error: '\(path)' \(reason)\n")
    }
    let file = SourceFile(name: path, bytes: [UInt8](data))
    let directory = (path as NSString).deletingLastPathComponent
    let result = FrontEnd.check(file, probe: DiskFileProbe(directory: directory.isEmpty ? "." : directory))
    var out = ""
    if options.dumpTokens { out += SyntaxDump.tokens(result.parse.tokens) }
    if options.dumpAST { out += SyntaxDump.program(result.parse.program) }
    if options.dumpTyped { out += TypedDump.program(result.typed) }
    let rendered = DiagnosticRenderer(files: [file], color: options.color).render(result.diagnostics)
    return (result.diagnostics.containsError ? Exit.dataError : Exit.ok, out, rendered)
  }
}
