import Foundation
import PCX

/// Tab completion from the text before the cursor: `:` commands, file paths inside strings
/// (and after `:load`/`:save`), named arguments of the call under the cursor, keywords,
/// declared names and catalog names.
public struct Completer: Sendable {
  /// What Tab does: insert text at the cursor, or show candidates.
  public enum Action: Equatable, Sendable {
    /// Nothing matches.
    case none
    /// Insert this text (the unique completion, or the candidates' longer common prefix).
    case insert(String)
    /// Several candidates with no longer common prefix.
    case list([String])
  }

  /// Names declared in the session.
  public var declared: [String]
  /// The directory relative paths complete against.
  public var directory: String

  /// A completer knowing the session's names.
  public init(declared: [String] = [], directory: String = FileManager.default.currentDirectoryPath) {
    self.declared = declared
    self.directory = directory
  }

  /// The completion of `before` (the line up to the cursor).
  public func complete(_ before: String) -> Action {
    if before.hasPrefix(":") {
      guard let space = before.firstIndex(of: " ") else { return choose(String(before.dropFirst()), MetaCommand.names, suffix: " ") }
      let command = String(before[before.index(after: before.startIndex)..<space])
      let rest = String(before[before.index(after: space)...])
      if ["load", "save"].contains(command) { return completePath(rest) }
      if command == "help" { return choose(rest, PCXInterpreter.explainableNames, suffix: "") }
    }
    if let partial = openString(before) { return completePath(partial) }
    let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
    var candidates = Session.keywords + declared + PCXInterpreter.explainableNames
    var arguments: [String] = []
    if let callee = enclosingCall(before.dropLast(word.count)) {
      arguments = PCXInterpreter.argumentNames(of: callee).map { $0 + ":" }
      candidates += arguments
    }
    guard !word.isEmpty else { return arguments.isEmpty ? .none : choose("", arguments, suffix: " ") }
    return choose(word, candidates, suffix: "")
  }

  /// The unique match's rest (plus `suffix`), the common prefix's rest, or the list.
  func choose(_ word: String, _ candidates: [String], suffix: String) -> Action {
    let matches = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
    guard let first = matches.first else { return .none }
    if matches.count == 1 { return .insert(String(first.dropFirst(word.count)) + (first.hasSuffix(":") ? " " : suffix)) }
    let common = matches.dropFirst().reduce(first) { prefix, m in String(zip(prefix, m).prefix { $0 == $1 }.map(\.0)) }
    return common.count > word.count ? .insert(String(common.dropFirst(word.count))) : .list(matches)
  }

  /// The text after an unclosed `"` (a path being typed), or nil outside strings.
  func openString(_ before: String) -> String? {
    var inside = false, escaped = false, start = before.startIndex
    for i in before.indices {
      let c = before[i]
      if escaped { escaped = false; continue }
      if c == "\\" && inside { escaped = true } else if c == "\"" { inside.toggle(); start = before.index(after: i) }
    }
    return inside ? String(before[start...]) : nil
  }

  /// The function whose argument list the cursor is in (`gd` in `gd(f, st`), if any.
  func enclosingCall(_ before: Substring) -> String? {
    var depth = 0
    for i in before.indices.reversed() {
      switch before[i] {
      case ")", "]": depth += 1
      case "[": depth -= 1
      case "(":
        if depth > 0 { depth -= 1; continue }
        let name = before[..<i].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name.reversed())
      default: break
      }
      if depth < 0 { return nil }
    }
    return nil
  }

  /// Completes a file path: directories get a `/`.
  func completePath(_ partial: String) -> Action {
    let expanded = partial.hasPrefix("~/") ? NSHomeDirectory() + partial.dropFirst(1) : partial
    let slash = expanded.lastIndex(of: "/")
    let dirPart = slash.map { String(expanded[...$0]) } ?? ""
    let namePart = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
    let dir = dirPart.hasPrefix("/") ? dirPart : (directory as NSString).appendingPathComponent(dirPart)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return .none }
    let shown = names.filter { !$0.hasPrefix(".") || namePart.hasPrefix(".") }.map { name -> String in
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
      return isDirectory.boolValue ? name + "/" : name
    }
    return choose(namePart, shown, suffix: "")
  }
}
