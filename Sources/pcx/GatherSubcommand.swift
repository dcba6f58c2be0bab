import ArgumentParser
import Foundation
import PCX

/// `pcx gather DIR`: merge the shards of a sweep (`pcx run --shard-out DIR`, or a `pcx slurm`
/// directory, whose `shards/` it reads) into the results, report, CSVs and plots a serial run
/// gives. Refuses shards of another script, seed or `--set`, or of a script changed since;
/// names unreadable shard files; lists missing and failed points.
struct Gather: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge a sweep's shards into the results a serial run gives (exit 0 ok, 65 missing, failed or mismatched shards).")

  @Argument(help: "The shard directory (pcx run --shard-out), or a pcx slurm directory.") var directory: String
  @Option(help: "The script, if it moved since the points ran (default: the path the shards or job.json record).")
  var script: String?
  @Option(help: "Write a CSV per trace, an SVG per plot and results.json into this directory.") var out: String?
  @Option(help: "Write the results document (JSON) to this file.") var json: String?
  @Option(help: "BLAS threads for the statements outside the sweeps.") var threads: Int = 2
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(help: "Exit 1 when a certificate is violated or a guarantee contradicted.") var strict = false
  @OptionGroup var colors: ColorOptions

  func run() async throws {
    ProcessSettings.setBLASThreads(threads)
    ProcessSettings.configureAllocatorForLargeTensors()
    let color = colors.resolved()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      printError("error: '\(directory)' is not a directory of shards (pcx run --shard-out) or a pcx slurm directory\n")
      throw ExitCode(66)
    }
    let job = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(SlurmJob.fileName))
    do {
      let slurm = job ? try SlurmJob.load(from: directory) : nil
      let shards = try ShardSet.load(directory: slurm == nil ? directory : SlurmJob.shards(directory))
      let run = try slurm.map(ExpectedRun.init) ?? ExpectedRun(try shards.identity())
      let path = script ?? run.scriptPath
      let source = try readScript(path)
      let interpreter = PCXInterpreter(configuration: run.configuration(scriptPath: path, out: out))
      let gathered = try await interpreter.gather(source: source, fileName: run.script, shards: shards)
      for note in gathered.notes { printError("note: \(note)\n") }
      try ResultsOutput(script: run.script, out: out, json: json, quiet: quiet, strict: strict, color: color).emit(gathered.result)
    } catch let e as GatherError {
      throw gatherFailure(e, color: color)
    } catch let e as PCXError {
      throw failure(e, color: color)
    }
  }
}

/// The run the shards must belong to: from `job.json` for a Slurm directory, else the shards'
/// common identity.
struct ExpectedRun {
  let script: String
  let scriptPath: String
  let seed: Int?
  let overrides: [String: String]

  init(_ job: SlurmJob) {
    script = job.script
    scriptPath = job.scriptPath
    seed = job.seed
    overrides = job.overrides
  }

  init(_ identity: ShardSet.Identity) {
    script = identity.script
    scriptPath = identity.scriptPath
    seed = identity.seed
    overrides = identity.overrides
  }

  /// The configuration `pcx run` would have used: data paths against the script's directory.
  func configuration(scriptPath path: String, out: String?) -> InterpreterConfiguration {
    var c = InterpreterConfiguration()
    c.seed = seed
    c.overrides = overrides
    let directory = (path as NSString).deletingLastPathComponent
    c.baseDirectory = directory.isEmpty ? "." : directory
    c.allowsReadsOutsideBaseDirectory = true
    c.outputDirectory = out ?? "."
    c.allowsWritesOutsideOutputDirectory = true
    c.commandLine = CommandLine.arguments
    return c
  }
}
