import Foundation
import Testing

/// The VS Code extension's files: the TextMate grammar tokenises every script of examples/
/// and the check corpus (checked by a TextMate engine from PyPI), and the manifest points at
/// files that exist.
@Suite("Editors: the TextMate grammar and the VS Code manifest")
struct EditorFilesTests {
  static let root = CorpusSweepTests.root
  static let extensionDirectory = root.appendingPathComponent("editors/vscode")

  /// Runs python3 with arguments; returns the exit status and the output.
  static func python(_ arguments: [String]) -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return (127, "python3 could not be started: \(error)") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  /// Whether the engine is importable here. CI (`CI` set, as `.ci/run` runs) must have it: there
  /// the test runs and fails without it; a developer machine without it skips the test.
  static let engineInstalled = python(["-c", "import textmate_grammar"]).0 == 0
  static let required = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

  @Test(.enabled(if: engineInstalled || required,
                 "textmate-grammar-python is not installed: python3 -m pip install textmate-grammar-python (CI installs it and runs this test)"))
  func grammarTokenisesTheCorpus() {
    let script = Self.extensionDirectory.appendingPathComponent("test/grammar_check.py").path
    let (status, output) = Self.python([script, Self.root.path])
    #expect(status == 0, "\(output)")
    let summary = output.split(separator: "\n").last.map(String.init) ?? ""
    #expect(summary.hasPrefix("grammar: tokenised ") && summary.hasSuffix("; 0 problems"), "\(output)")
    let count = Int(summary.dropFirst("grammar: tokenised ".count).prefix { $0.isNumber }) ?? 0
    #expect(count == CorpusSweepTests.scripts.count, "every script of examples/ and Tests/cases was tokenised: \(summary)")
  }

  @Test func manifestAndLanguageConfiguration() throws {
    let manifest = try Self.json("package.json")
    let contributes = manifest["contributes"] as? [String: Any] ?? [:]
    let language = (contributes["languages"] as? [[String: Any]])?.first ?? [:]
    #expect(language["id"] as? String == "pcx")
    #expect(language["extensions"] as? [String] == [".pcx"])
    let grammar = (contributes["grammars"] as? [[String: Any]])?.first ?? [:]
    #expect(grammar["scopeName"] as? String == "source.pcx")
    for key in ["main"] { #expect(Self.exists(manifest[key] as? String), "\(key) points at a file") }
    #expect(Self.exists(grammar["path"] as? String))
    #expect(Self.exists(language["configuration"] as? String))
    let commands = (contributes["commands"] as? [[String: Any]])?.compactMap { $0["command"] as? String } ?? []
    #expect(commands.contains("pcx.runCurrentScript"))
    let configuration = try Self.json(language["configuration"] as? String ?? "")
    #expect((configuration["comments"] as? [String: Any])?["lineComment"] as? String == "#")
    let indentation = configuration["indentationRules"] as? [String: Any] ?? [:]
    let increase = try NSRegularExpression(pattern: indentation["increaseIndentPattern"] as? String ?? "$^")
    let decrease = try NSRegularExpression(pattern: indentation["decreaseIndentPattern"] as? String ?? "$^")
    let open = "sweep width in [64, 128] {"
    let close = "  }"
    #expect(increase.firstMatch(in: open, range: NSRange(open.startIndex..., in: open)) != nil, "a sweep block indents")
    #expect(decrease.firstMatch(in: close, range: NSRange(close.startIndex..., in: close)) != nil, "its brace dedents")
    let grammarJSON = try Self.json(grammar["path"] as? String ?? "")
    #expect(grammarJSON["scopeName"] as? String == "source.pcx")
  }

  static func json(_ relative: String) throws -> [String: Any] {
    let data = try Data(contentsOf: extensionDirectory.appendingPathComponent(relative))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  static func exists(_ relative: String?) -> Bool {
    guard let relative else { return false }
    return FileManager.default.fileExists(atPath: extensionDirectory.appendingPathComponent(relative).path)
  }
}
