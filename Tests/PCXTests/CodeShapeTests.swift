import Foundation
import PCXRuntime
import Testing

/// The shape of the code (issue 12), checked on every test run: files and functions stay small,
/// and no certificate, optimizer, model or data source is dispatched by its name outside the
/// registry entry that defines it.
@Suite("Code shape")
struct CodeShapeTests {
  /// `scripts/shape.py`: no file under Sources over 400 lines, no function over 60.
  @Test func filesAndFunctionsStaySmall() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Repository.root.appendingPathComponent("scripts/shape.py").path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "over the limits:\n\(text)")
  }

  /// Names that are also something else: an init scheme (001 Thm 4.1's `init: chatterjee`) and
  /// the manifold of `param u: vector[d] on sphere`.
  static let otherMeanings: [(file: String, name: String)] = [
    ("PCXRuntime/Models/ModelValue.swift", "chatterjee"), ("PCXRuntime/Interpreter/Declarations.swift", "sphere"),
    ("PCXSema/Checker.swift", "sphere"),
  ]

  /// A name is only compared as a string in the file that declares its entry.
  @Test func noNameIsDispatchedByStringOutsideTheRegistry() throws {
    let names = Registry.catalog.entries.filter { [.certificate, .optimizer, .model, .data].contains($0.kind) }.map(\.name)
    var offenders: [String] = []
    let files = FileManager.default.enumerator(atPath: Repository.sources.path)?.compactMap { $0 as? String } ?? []
    for file in files where file.hasSuffix(".swift") {
      let text = try String(contentsOf: Repository.sources.appendingPathComponent(file), encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        for name in names where Self.dispatches(line, on: name) && !Self.otherMeanings.contains(where: { $0 == (file, name) }) {
          offenders.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
        }
      }
    }
    #expect(offenders.isEmpty, "string dispatch on catalog names:\n\(offenders.joined(separator: "\n"))")
  }

  /// `== "pl"`, `!= "pl"`, `case "pl"`, `"pl":` as a dictionary key, `hasPrefix("pl(`.
  static func dispatches(_ line: Substring, on name: String) -> Bool {
    let quoted = "\"\(name)\""
    return line.contains("== \(quoted)") || line.contains("!= \(quoted)") || line.contains("case \(quoted)")
      || line.contains("case .call(\(quoted)") || line.contains("name: \(quoted)") && line.contains("case ")
      || line.contains("hasPrefix(\"\(name)(")
      || (line.contains(quoted + ",") && line.contains("case "))
  }
}
