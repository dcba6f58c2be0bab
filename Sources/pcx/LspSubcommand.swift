import ArgumentParser
import Foundation
import PCXLSP

/// `pcx lsp`: the Language Server Protocol server on stdin/stdout (docs/editors.md).
struct Lsp: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Language server on stdin/stdout for editors (exit 0 after shutdown and exit, 1 otherwise); see docs/editors.md.")

  @Flag(name: .customLong("stdio"), help: "Use stdin/stdout (the default and only transport; accepted because editors pass it).")
  var stdio = false

  func run() throws {
    signal(SIGPIPE, SIG_IGN)  // a client that goes away ends the writes, not the server
    let code = LanguageServer().run()
    if code != 0 { throw ExitCode(code) }
  }
}
