import ArgumentParser
import Foundation
import PCX

/// The Slurm commands `pcx slurm` runs: `sbatch` to submit, `squeue` for what is queued.
enum SlurmTools {
  /// Runs `tool` (found on the PATH) and returns its exit status, stdout and stderr, or nil
  /// when it is not installed.
  static func run(_ tool: String, _ arguments: [String]) -> (status: Int32, out: String, err: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return nil }
    let text = ErrorText(), done = DispatchSemaphore(value: 0)
    Thread {
      text.append(err.fileHandleForReading.readDataToEndOfFile())
      done.signal()
    }.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    done.wait()
    // `env` exits 127 when the tool is not on the PATH
    if process.terminationStatus == 127 { return nil }
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), text.value)
  }

  /// Submits a batch script with `sbatch --parsable`; the job id, or exit 69 saying why not.
  static func submit(_ path: String) throws -> String {
    guard let (status, out, err) = run("sbatch", ["--parsable", path]) else {
      printError("error: sbatch is not on the PATH: pcx slurm submits from a Slurm login node (--dry-run writes the batch script without submitting)\n")
      throw ExitCode(69)
    }
    let id = out.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    guard status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      printError("error: sbatch refused \(path) (exit \(status)):\n\(err)\(out)")
      throw ExitCode(69)
    }
    return id
  }

  /// This user's queued array tasks (`squeue --me -r`, with the reason a task waits), or nil when squeue is not available.
  static func queue() -> [SlurmJob.QueuedTask]? {
    guard let (status, out, _) = run("squeue", ["--me", "-h", "-r", "-o", "%F|%K|%T|%r"]), status == 0 else { return nil }
    return out.split(separator: "\n").compactMap { line in
      let f = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard f.count == 4, let index = Int(f[1]) else { return nil }
      return SlurmJob.QueuedTask(jobID: f[0], arrayIndex: index, state: f[2], reason: f[3])
    }
  }
}

extension SlurmTools {
  /// How accounting saw each array task of `jobs` (`sacct`: `12_5` -> `CANCELLED by 0`), or
  /// empty when accounting is not kept (a cluster without slurmdbd answers with an error).
  static func accounting(_ jobs: [String]) -> [String: String] {
    guard !jobs.isEmpty, let (status, out, _) = run("sacct", ["-n", "-P", "-X", "-j", jobs.joined(separator: ","), "-o", "JobID,State"]),
          status == 0 else { return [:] }
    var states: [String: String] = [:]
    for line in out.split(separator: "\n") {
      let f = line.split(separator: "|", maxSplits: 1).map(String.init)
      if f.count == 2 { states[f[0]] = f[1] }
    }
    return states
  }
}

/// Where the points of a job directory stand, and how `--status` prints it.
enum SlurmState {
  /// The job and every point's state (shards, then the queue, then the tasks' logs).
  static func read(_ directory: String) throws -> (SlurmJob, [SlurmJob.PointStatus]) {
    let job: SlurmJob
    let shards: ShardSet
    do {
      job = try SlurmJob.load(from: directory)
      shards = try ShardSet.load(directory: SlurmJob.shards(directory))
    } catch let e as GatherError {
      printError("error: \(e.message)\n")
      throw ExitCode(66)
    }
    let queue = SlurmTools.queue()
    if queue == nil { printError("note: squeue is not available: queued points show as missing\n") }
    let accounting = SlurmTools.accounting(job.submissions.compactMap(\.jobID))
    let states = job.status(shards: shards, queue: queue ?? []) { point in
      guard let task = job.lastTask(of: point) else { return "never submitted" }
      let log = logReason((SlurmJob.logs(directory) as NSString).appendingPathComponent("\(task.jobID)_\(task.arrayIndex).out"))
      return accounting["\(task.jobID)_\(task.arrayIndex)"].map { "Slurm says \($0); \(log)" } ?? log
    }
    return (job, states)
  }

  /// What a task's log says about how it ended (Slurm writes `*** ... CANCELLED ... ***`).
  static func logReason(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "no log: the task never started (cancelled while it waited?)" }
    let text = String(decoding: data.suffix(4096), as: UTF8.self)
    if text.contains("DUE TO TIME LIMIT") { return "the task hit its time limit (raise --time)" }
    if text.contains("CANCELLED") { return "the task was cancelled" }
    if text.lowercased().contains("out of memory") || text.contains("oom") { return "the task ran out of memory (raise --mem)" }
    let last = text.split(separator: "\n").last.map(String.init) ?? ""
    return last.isEmpty ? "the task ended without a shard (see \(path))" : "the task ended without a shard: \(last)"
  }

  /// The summary line and a row per point that is not done.
  static func table(_ states: [SlurmJob.PointStatus]) -> String {
    let counts = SlurmJob.PointState.allCases.map { s in "\(states.filter { $0.state == s }.count) \(s.rawValue)" }
    var out = "\(states.count) points: " + counts.joined(separator: ", ") + "\n"
    for s in states where s.state != .done {
      out += "  point \(s.index) (\(s.label)): \(s.state.rawValue)" + (s.detail.map { ": \($0)" } ?? "") + "\n"
    }
    return out
  }
}
