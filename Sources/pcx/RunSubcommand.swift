import ArgumentParser
import Foundation
import PCX

/// `pcx run FILE`: check and run a script, print the report, write `--json` and `--out` files.
/// Built on the embedding API only (`import PCX`), like any other host.
struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a script: train, measure, report (exit 0 ok, 65 script or data error, 66 missing file).")

  @Argument(help: "The .pcx script.") var file: String
  @Option(help: "Replace the script's seed.") var seed: Int?
  @Option(name: .customLong("set"), help: "Replace a let's value: --set name=value (repeatable).")
  var assignments: [String] = []
  @Option(help: "Write a CSV per trace, an SVG per plot and results.json into this directory.") var out: String?
  @Option(help: "Write the results document (JSON) to this file.") var json: String?
  @Option(help: "BLAS threads (results are identical for any count).") var threads: Int = 2
  @Option(help: "Most trainable parameters of one model.") var maxParams: Int?
  @Option(help: "Most bytes of one planned allocation.") var maxBytes: Int?
  @Option(help: "Most optimizer steps of one run.") var maxSteps: Int?
  @Option(help: "Wall-clock budget of the whole script, in seconds.") var maxTime: Double?
  @Option(help: "Run the sweep points in N processes at once (results identical to a serial run).") var jobs: Int = 1
  @Option(help: "Run only these sweep points (3,7-9) and write their shards (needs --shard-out).") var points: String?
  @Option(help: "Write a shard per sweep point into this directory instead of results (merge: pcx gather).")
  var shardOut: String?
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(help: "Exit 1 when a certificate is violated or a guarantee contradicted.") var strict = false
  @OptionGroup var colors: ColorOptions

  /// The interpreter's configuration from the flags: the CLI trusts its user, so reads and
  /// plot paths may leave the script's and the output directory.
  func configuration(directory: String) throws -> InterpreterConfiguration {
    var c = InterpreterConfiguration()
    c.seed = seed
    for a in assignments {
      guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
        throw ValidationError("--set needs name=value, got '\(a)'")
      }
      c.overrides[String(a[..<eq])] = String(a[a.index(after: eq)...])
    }
    if let maxParams { c.maxParameters = maxParams }
    if let maxBytes { c.maxBytes = maxBytes }
    if let maxSteps { c.maxSteps = maxSteps }
    c.wallTimeBudget = maxTime
    c.baseDirectory = directory
    c.allowsReadsOutsideBaseDirectory = true
    c.outputDirectory = out ?? "."
    c.allowsWritesOutsideOutputDirectory = true
    c.commandLine = CommandLine.arguments
    return c
  }

  func run() async throws {
    ProcessSettings.setBLASThreads(threads)
    ProcessSettings.configureAllocatorForLargeTensors()
    let source = try readScript(file)
    let directory = (file as NSString).deletingLastPathComponent
    let interpreter = PCXInterpreter(configuration: try configuration(directory: directory.isEmpty ? "." : directory))
    let color = colors.resolved()
    if try await runSweepPoints(source, interpreter, color: color) { return }
    let bars = ProgressBars(enabled: !quiet && isatty(STDERR_FILENO) != 0)
    let result: RunResult
    do {
      result = try await interpreter.run(source: source, fileName: file) { event in
        if case .step(let run, let step, let total, _) = event { bars.update(run, step, total) }
      }
      bars.finish()
    } catch let error as PCXError {
      bars.finish()
      throw failure(error, color: color)
    }
    try ResultsOutput(script: file, out: out, json: json, quiet: quiet, strict: strict, color: color).emit(result)
  }
}

/// The script's text, or exit 66 with `error: 'path' does not exist` (or `cannot be read`).
func readScript(_ path: String) throws -> String {
  guard let data = FileManager.default.contents(atPath: path) else {
    let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
    printError("error: '\(path)' \(reason)\n")
    throw ExitCode(66)
  }
  return String(decoding: data, as: UTF8.self)
}

/// Writes to stderr.
func printError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

/// Progress bars on stderr for long runs, only on a terminal (SPEC §6).
final class ProgressBars: @unchecked Sendable {
  // @unchecked: every access to the mutable state holds `lock`.
  private let lock = NSLock()
  private var bar: ProgressBar?
  private var start = Date()
  private let enabled: Bool

  init(enabled: Bool) { self.enabled = enabled }

  func update(_ name: String, _ step: Int, _ total: Int) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    if bar == nil || step == 0 {
      bar = ProgressBar(name: name, total: total, isTerminal: true)
      start = Date()
    }
    if let line = bar?.update(step: step, elapsed: Date().timeIntervalSince(start)) {
      FileHandle.standardError.write(Data(("\r" + line).utf8))
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if enabled, bar?.hasDrawn == true { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
