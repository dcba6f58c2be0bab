import ArgumentParser
import Foundation
import PCXNumerics
import PCXRuntime

/// `pcx run FILE`: check and run a script, print the report, write `--json` and `--out` files.
struct Run: ParsableCommand {
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
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(help: "Exit 1 when a certificate is violated or a guarantee contradicted.") var strict = false
  @OptionGroup var colors: ColorOptions

  func run() throws {
    BLAS.setThreads(threads)
    Kernels.configureAllocatorForLargeTensors()
    var options = RunCommand.Options()
    options.run.seed = seed
    for a in assignments {
      guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
        throw ValidationError("--set needs name=value, got '\(a)'")
      }
      options.run.overrides[String(a[..<eq])] = String(a[a.index(after: eq)...])
    }
    if let maxParams { options.run.limits.maxParameters = maxParams }
    if let maxBytes { options.run.limits.maxBytes = maxBytes }
    if let maxSteps { options.run.limits.maxSteps = maxSteps }
    options.run.limits.wallTime = maxTime
    options.jsonPath = json
    options.outDirectory = out
    options.quiet = quiet
    options.strict = strict
    options.color = colors.resolved()
    options.commandLine = CommandLine.arguments
    let bars = ProgressBars(enabled: !quiet && isatty(STDERR_FILENO) != 0)
    let result = RunCommand.run(path: file, options: options) { name, step, total in bars.update(name, step, total) }
    bars.finish()
    FileHandle.standardOutput.write(Data(result.stdout.utf8))
    FileHandle.standardError.write(Data(result.stderr.utf8))
    if result.code != 0 { throw ExitCode(result.code) }
  }
}

/// Progress bars on stderr for long runs, only on a terminal (SPEC §6).
final class ProgressBars: @unchecked Sendable {
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
