import Dispatch
import Foundation
import PCX
import _CEditLineShim

/// The interactive REPL (SPEC §7): `pcx> ` prompt, `...> ` while the parser reports incomplete
/// input, history in `~/.pcx_history`, Ctrl-C to interrupt, Ctrl-D to leave.
public final class REPL {
  /// The prompt of a new entry.
  public static let prompt = "pcx> "
  /// The prompt of a continuation line.
  public static let continuationPrompt = "...> "
  public let evaluator: Evaluator
  private let editor: LineEditor
  /// The read end of the SIGINT self-pipe (see `pcx_sigint_install`).
  private let interrupts: Int32

  /// A REPL on the terminal; nil when libedit cannot start.
  public init?(configuration: InterpreterConfiguration = InterpreterConfiguration(), color: Bool,
               historyPath: String? = LineEditorDefaults.historyPath) {
    setlocale(LC_CTYPE, "")  // libedit decodes UTF-8 input by the locale
    guard let editor = LineEditor(historyPath: historyPath) else { return nil }
    self.editor = editor
    evaluator = Evaluator(configuration: configuration, color: color, verbose: true)
    interrupts = pcx_sigint_install()
  }

  /// Reads, evaluates and prints until Ctrl-D or `:quit`; returns the exit code (0).
  public func run() async -> Int32 {
    FileHandle.standardOutput.write(Data("pcx \(pcxVersion) — :help lists the commands, Ctrl-D exits\n".utf8))
    while let entry = readEntry() {
      editor.remember(entry)
      let evaluator = self.evaluator
      let reply = await interruptible { await evaluator.handle(entry) }
      PipedMode.write(reply)
      if reply.quit { break }
      editor.completer.declared = await evaluator.session.declarations.map(\.name)
    }
    return 0
  }

  /// One complete entry: lines join while the parser says the input is incomplete. Ctrl-C
  /// drops the entry and prompts again; nil at Ctrl-D on an empty prompt.
  private func readEntry() -> String? {
    var lines: [String] = []
    while true {
      switch editor.read(prompt: lines.isEmpty ? Self.prompt : Self.continuationPrompt) {
      case .end:
        if lines.isEmpty { FileHandle.standardOutput.write(Data("\n".utf8)); return nil }
        return lines.joined(separator: "\n")
      case .interrupted:
        FileHandle.standardOutput.write(Data("^C\n".utf8))
        lines = []
      case .line(let line):
        lines.append(line)
        let text = lines.joined(separator: "\n")
        if text.trimmingCharacters(in: .whitespaces).hasPrefix(":") || !Session.isIncomplete(text + "\n") { return text }
      }
    }
  }

  /// Runs `work` in a task that a Ctrl-C cancels: a dispatch source watches the SIGINT pipe
  /// while it runs (the session's run loop checks the flag between optimizer steps).
  private func interruptible(_ work: @escaping @Sendable () async -> Reply) async -> Reply {
    _ = pcx_sigint_drain()
    let task = Task { await work() }
    let source = DispatchSource.makeReadSource(fileDescriptor: interrupts, queue: .global())
    source.setEventHandler {
      _ = pcx_sigint_drain()
      task.cancel()
    }
    source.resume()
    let reply = await task.value
    source.cancel()
    return reply
  }
}

/// Where the REPL keeps its history unless told otherwise.
public enum LineEditorDefaults {
  /// `$HOME/.pcx_history`, or nil without `$HOME`.
  public static var historyPath: String? { LineEditor.defaultHistoryPath() }
}
