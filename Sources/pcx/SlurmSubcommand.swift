import ArgumentParser
import Foundation
import PCX

/// `pcx slurm FILE --out DIR`: the script's sweep points as a Slurm job array (each task runs
/// `pcx run FILE --points ... --shard-out DIR/shards`); `--status DIR` shows where every point
/// stands; `--resume DIR` resubmits only the missing and failed points; `pcx gather DIR` merges.
struct Slurm: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a script's sweep points as a Slurm job array; --status and --resume follow it, pcx gather merges it.",
    discussion: "Site options pass through --sbatch-arg (repeatable), e.g. --sbatch-arg=--account=abc --sbatch-arg=--qos=short.")

  @Argument(help: "The .pcx script to submit.") var file: String?
  @Option(help: "The job directory to create (job.sbatch, job.json, shards/, logs/).") var out: String?
  @Option(help: "Show where each point of this job directory stands (pending, running, done, failed, missing).")
  var status: String?
  @Option(help: "Resubmit the missing and failed points of this job directory.") var resume: String?
  @Option(help: "Slurm partition.") var partition: String?
  @Option(help: "Time limit per array task, HH:MM:SS.") var time: String?
  @Option(help: "CPUs per array task (also its BLAS threads).") var cpusPerTask: Int = 1
  @Option(help: "Memory per array task (4G).") var mem: String?
  @Option(help: "Most array tasks running at once.") var maxParallel: Int?
  @Option(help: "Points per array task (run in one process, the state before them built once).") var pointsPerTask: Int = 1
  @Option(parsing: .unconditionalSingleValue, help: "An extra #SBATCH line, e.g. --sbatch-arg --account=abc (repeatable).")
  var sbatchArg: [String] = []
  @Option(help: "Replace the script's seed.") var seed: Int?
  @Option(name: .customLong("set"), help: "Replace a let's value: --set name=value (repeatable).") var assignments: [String] = []
  @Flag(help: "Write job.sbatch and print it without submitting.") var dryRun = false
  @OptionGroup var colors: ColorOptions

  func validate() throws {
    let modes = [file != nil, status != nil, resume != nil].filter { $0 }.count
    guard modes == 1 else { throw ValidationError("give a script (with --out DIR), or --status DIR, or --resume DIR") }
    if file != nil, out == nil { throw ValidationError("pcx slurm FILE needs --out DIR, the job directory") }
    guard cpusPerTask >= 1, pointsPerTask >= 1, (maxParallel ?? 1) >= 1 else {
      throw ValidationError("--cpus-per-task, --points-per-task and --max-parallel must be at least 1")
    }
  }

  func run() async throws {
    if let status { return try showStatus(status) }
    if let resume { return try resubmit(resume) }
    guard let file, let out else { return }
    try await submit(file, into: out)
  }

  /// Writes the job directory and submits the whole sweep (or prints it with `--dry-run`).
  func submit(_ file: String, into directory: String) async throws {
    let color = colors.resolved()
    let dir = absolutePath(directory)
    if let existing = try? SlurmJob.load(from: dir), let id = existing.submissions.compactMap(\.jobID).last {
      printError("error: \(directory) already holds the submitted job \(id); follow it with pcx slurm --status \(directory), or choose another --out\n")
      throw ExitCode(64)
    }
    let source = try readScript(file)
    var overrides: [String: String] = [:]
    for a in assignments {
      guard let eq = a.firstIndex(of: "="), eq != a.startIndex else { throw ValidationError("--set needs name=value, got '\(a)'") }
      overrides[String(a[..<eq])] = String(a[a.index(after: eq)...])
    }
    var c = InterpreterConfiguration()
    c.seed = seed
    c.overrides = overrides
    c.baseDirectory = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
    c.allowsReadsOutsideBaseDirectory = true
    c.allowsWritesOutsideOutputDirectory = true
    let points: [SweepPoint]
    do {
      points = try PCXInterpreter(configuration: c).sweepPoints(source: source, fileName: file)
    } catch let e as PCXError {
      throw failure(e, color: color)
    }
    guard !points.isEmpty else {
      printError("error: \(file) has no sweep points; run it with pcx run\n")
      throw ExitCode(65)
    }
    var job = SlurmJob(
      script: file, scriptPath: absolutePath(file), scriptSHA256: ScriptDigest.sha256(Data(source.utf8)),
      workingDirectory: FileManager.default.currentDirectoryPath, pcx: pcxExecutable(), seed: seed, overrides: overrides,
      points: points.map(\.label),
      resources: .init(partition: partition, time: time, cpusPerTask: cpusPerTask, mem: mem, maxParallel: maxParallel,
                       pointsPerTask: pointsPerTask, sbatchArgs: sbatchArg))
    for sub in [SlurmJob.shards(dir), SlurmJob.logs(dir)] {
      try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    }
    let submission = SlurmJob.Submission(file: "job.sbatch", tasks: SlurmJob.tasks(points.map(\.index), perTask: pointsPerTask))
    try send(submission, of: &job, in: dir, shown: directory)
  }

  /// Writes a submission's batch script, submits it (unless `--dry-run`) and records it.
  func send(_ submission: SlurmJob.Submission, of job: inout SlurmJob, in dir: String, shown: String) throws {
    var submission = submission
    let script = job.batchScript(submission, directory: dir)
    let path = (dir as NSString).appendingPathComponent(submission.file)
    try Data(script.utf8).write(to: URL(fileURLWithPath: path))
    if dryRun {
      job.submissions.append(submission)
      try job.save(to: dir)
      FileHandle.standardOutput.write(Data(script.utf8))
      printError("dry run: wrote \(path) (not submitted)\n")
      return
    }
    let id = try SlurmTools.submit(path)
    submission.jobID = id
    job.submissions.append(submission)
    try job.save(to: dir)
    let count = submission.tasks.joined().count
    print("submitted job \(id): \(count) point\(count == 1 ? "" : "s") in \(submission.tasks.count) array task\(submission.tasks.count == 1 ? "" : "s")")
    print("follow it with: pcx slurm --status \(shown)")
    print("merge it with:  pcx gather \(shown)")
  }

  /// `--status DIR`.
  func showStatus(_ directory: String) throws {
    let (_, states) = try SlurmState.read(directory)
    print(SlurmState.table(states), terminator: "")
    let missing = states.filter { $0.state == .missing || $0.state == .failed }
    if states.allSatisfy({ $0.state == .done }) {
      print("every point is done: pcx gather \(directory)")
    } else if !missing.isEmpty, !states.contains(where: { $0.state == .running || $0.state == .pending }) {
      print("resubmit the missing and failed points with: pcx slurm --resume \(directory)")
    }
  }

  /// `--resume DIR`: a new array of only the missing and failed points (not those still queued).
  func resubmit(_ directory: String) throws {
    let dir = absolutePath(directory)
    var (job, states) = try SlurmState.read(dir)
    let targets = states.filter { $0.state == .missing || $0.state == .failed }.map(\.index)
    guard !targets.isEmpty else {
      print("nothing to resume: every point is done, running or pending")
      return
    }
    let n = job.submissions.count
    let submission = SlurmJob.Submission(file: "resume-\(n).sbatch", tasks: SlurmJob.tasks(targets, perTask: job.resources.pointsPerTask))
    print("resubmitting \(targets.count) point\(targets.count == 1 ? "" : "s"): \(SweepPoint.listText(targets))")
    try send(submission, of: &job, in: dir, shown: directory)
  }
}
