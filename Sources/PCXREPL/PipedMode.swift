import Foundation
import PCX

/// Statements from a pipe (stdin not a terminal): no line editing; lines join while the parser
/// says the input is incomplete; values print as in the terminal; the first error stops.
public enum PipedMode {
  /// Reads `input` to the end; returns the exit code (0, or 65 at the first error).
  public static func run(_ evaluator: Evaluator, input: FileHandle = .standardInput) async -> Int32 {
    let text = String(decoding: input.readDataToEndOfFile(), as: UTF8.self)
    for entry in entries(text) {
      let reply = await evaluator.handle(entry)
      write(reply)
      if reply.failed { return 65 }
      if reply.quit { break }
    }
    return 0
  }

  /// The text split into complete entries: a line starts a new entry unless the one before is
  /// still incomplete; a `:` line is always one entry.
  static func entries(_ text: String) -> [String] {
    var entries: [String] = []
    var pending = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
        entries.append(String(line))
        continue
      }
      pending += line + "\n"
      if !Session.isIncomplete(pending) {
        if !pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { entries.append(pending) }
        pending = ""
      }
    }
    if !pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { entries.append(pending) }
    return entries
  }

  /// Prints a reply: output to stdout, errors to stderr.
  static func write(_ reply: Reply) {
    if !reply.output.isEmpty { FileHandle.standardOutput.write(Data(reply.output.utf8)) }
    if !reply.errors.isEmpty { FileHandle.standardError.write(Data(reply.errors.utf8)) }
  }
}
