import Foundation
import PCX
import Testing

/// What one way of running a script produced: every file of its output directory (results.json,
/// CSVs, SVGs) and the report it printed.
struct RunOutputs {
  var files: [String: Data]
  var report: String

  /// The files of `directory` (not recursive) and `report`.
  init(directory: URL, report: String) throws {
    files = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
      files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
    }
    self.report = report
  }
}

/// The comparison every scale-out test makes: the outputs must be the serial run's byte for byte,
/// except the wall-clock figures (the `"seconds"` lines of `timing` objects) and the command line
/// in results.json. The report (stdout), every CSV and every SVG must be identical.
enum SameAsSerial {
  /// Records an issue for each difference, naming the file and the first differing line.
  static func expect(_ actual: RunOutputs, equals serial: RunOutputs, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.files.keys.sorted() == serial.files.keys.sorted(), "\(what): the same files", sourceLocation: sourceLocation)
    #expect(serial.files["results.json"] != nil, "\(what): the serial run wrote results.json", sourceLocation: sourceLocation)
    for (name, expected) in serial.files {
      guard let got = actual.files[name] else { continue }
      let (a, b) = name == "results.json" ? (withoutTiming(got), withoutTiming(expected)) : (text(got), text(expected))
      if a != b {
        Issue.record("\(what): \(name) differs from the serial run's: \(firstDifference(a, b))", sourceLocation: sourceLocation)
      }
    }
    if actual.report != serial.report {
      Issue.record("\(what): the report differs from the serial run's: \(firstDifference(actual.report, serial.report))",
                   sourceLocation: sourceLocation)
    }
  }

  /// results.json without its timing lines and command line (every other line kept as is). The
  /// document is written deterministically, so those are the only lines that may differ.
  static func withoutTiming(_ data: Data) -> String {
    text(data).split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      let t = line.trimmingCharacters(in: .whitespaces)
      return !t.hasPrefix("\"seconds\": ") && !t.hasPrefix("\"command_line\": ")
    }.joined(separator: "\n")
  }

  static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

  static func firstDifference(_ a: String, _ b: String) -> String {
    let la = a.split(separator: "\n", omittingEmptySubsequences: false), lb = b.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(la.count, lb.count) where i >= la.count || i >= lb.count || la[i] != lb[i] {
      return "line \(i + 1): got `\(i < la.count ? la[i] : "<end>")`, serial `\(i < lb.count ? lb[i] : "<end>")`"
    }
    return "same lines"
  }
}

/// The built `pcx` binary and temporary directories for the command-line scale-out tests.
enum PCXBinary {
  /// `pcx` next to the test bundle in the build directory, or nil.
  static var url: URL? {
    let starts = [CommandLine.arguments.first, Bundle.main.executablePath].compactMap { $0 }
      .map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
    return (starts + starts.map { $0.deletingLastPathComponent() })
      .map { $0.appendingPathComponent("pcx") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// The 12-point example (3 widths x 4 trials) every scale-out test runs.
  static let sweep = Repository.root.appendingPathComponent("examples/003-width-seed-sweep.pcx")

  /// Runs `pcx arguments` in `directory`: exit status, stdout, stderr. Throws when there is no
  /// binary (the caller records why).
  @discardableResult
  static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, out: String, err: String) {
    guard let url else { throw CocoaError(.fileNoSuchFile) }
    return try Tool.run(url.path, arguments, in: directory)
  }

  /// `pcx run FILE --out out` (plus `extra`) in a fresh directory: its outputs.
  static func outputs(_ extra: [String], script: URL = sweep, in directory: URL) throws -> (RunOutputs, String) {
    let (status, out, err) = try run(["run", script.path, "--out", "out"] + extra, in: directory)
    #expect(status == 0, "pcx run \(extra) exited \(status): \(err)")
    return (try RunOutputs(directory: directory.appendingPathComponent("out"), report: out), err)
  }
}

/// Runs a program and waits: exit status, stdout, stderr.
enum Tool {
  static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr on its own thread, so that neither pipe fills while the other is read
    let done = DispatchSemaphore(value: 0)
    let errData = ErrorBuffer()
    Thread {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
      done.signal()
    }.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    done.wait()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: errData.get(), as: UTF8.self))
  }
}

/// A child's stderr, handed from its reader thread.
final class ErrorBuffer: @unchecked Sendable {
  // @unchecked: every access to `data` holds `lock`.
  private let lock = NSLock()
  private var data = Data()
  func set(_ d: Data) { lock.withLock { data = d } }
  func get() -> Data { lock.withLock { data } }
}
