import Foundation
import _CEditLineShim

/// Line editing over libedit (emacs keys, history, Tab through a `Completer`), and the history
/// file `~/.pcx_history`: one entry a line, newlines and backslashes escaped (`\n`, `\\`) so
/// multi-line entries survive a reload.
final class LineEditor {
  /// What a read returned.
  enum Input { case line(String), interrupted, end }

  private let editor: OpaquePointer
  private let historyPath: String?
  /// The completer Tab uses; the REPL refreshes its names after each entry.
  var completer = Completer()
  /// Most entries the history file keeps.
  static let historyLimit = 1000

  /// An editor on the terminal, or nil when libedit cannot start.
  init?(historyPath: String?) {
    guard let editor = pcx_editor_open("pcx") else { return nil }
    self.editor = editor
    self.historyPath = historyPath
    pcx_editor_set_completer(editor, { context, editor, before in
      guard let context, let editor, let before else { return 0 }
      return Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue().tab(editor, String(cString: before))
    }, Unmanaged.passUnretained(self).toOpaque())
    for entry in Self.readHistory(historyPath) { pcx_editor_history_add(editor, entry) }
  }

  deinit { pcx_editor_close(editor) }

  /// Reads a line after `prompt`, without its newline.
  func read(prompt: String) -> Input {
    pcx_editor_set_prompt(editor, prompt)
    var line: UnsafePointer<CChar>?
    switch pcx_editor_read(editor, &line) {
    case 1:
      guard let line else { return .end }
      var text = String(cString: line)
      if text.hasSuffix("\n") { text.removeLast() }
      return .line(text)
    case -1: return .interrupted
    default: return .end
    }
  }

  /// Adds a complete entry to the history and appends it to the history file.
  func remember(_ entry: String) {
    guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
    pcx_editor_history_add(editor, entry)
    guard let historyPath else { return }
    let line = Self.encode(entry) + "\n"
    if let handle = FileHandle(forWritingAtPath: historyPath) {
      handle.seekToEndOfFile()
      handle.write(Data(line.utf8))
      handle.closeFile()
    } else {
      _ = FileManager.default.createFile(atPath: historyPath, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
    }
  }

  /// Tab: insert the completion or list the candidates under the line.
  private func tab(_ editor: OpaquePointer, _ before: String) -> Int32 {
    switch completer.complete(before) {
    case .none: return 0
    case .insert(let text):
      return pcx_editor_insert(editor, text) == 0 ? 1 : 0
    case .list(let candidates):
      FileHandle.standardOutput.write(Data(("\n" + Self.columns(candidates) + "\n").utf8))
      return 2
    }
  }

  /// Candidates in columns 80 wide.
  static func columns(_ items: [String]) -> String {
    let width = (items.map(\.count).max() ?? 0) + 2
    let perLine = max(1, 80 / width)
    return stride(from: 0, to: items.count, by: perLine).map { start in
      items[start..<min(items.count, start + perLine)].map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }
        .joined().trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
  }

  /// `~/.pcx_history` under `$HOME` (nil when HOME is unset).
  static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    environment["HOME"].map { ($0 as NSString).appendingPathComponent(".pcx_history") }
  }

  static func encode(_ entry: String) -> String {
    entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  static func decode(_ line: Substring) -> String {
    var out = "", escaped = false
    for c in line {
      if escaped {
        out.append(c == "n" ? "\n" : c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// The last `historyLimit` entries of the history file.
  static func readHistory(_ path: String?) -> [String] {
    guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    return lines.suffix(historyLimit).map(decode)
  }
}
