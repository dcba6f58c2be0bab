import Foundation
import PCXRuntime

/// The batch script of one submission and the state of a job's points.
extension SlurmJob {
  /// The `sbatch` script of `submission` for the job directory `directory` (absolute): a job
  /// array whose task i runs the points `submission.tasks[i]`.
  public func batchScript(_ submission: Submission, directory: String) -> String {
    let r = resources
    let stem = ((script as NSString).lastPathComponent as NSString).deletingPathExtension
    var lines = [
      "#!/bin/bash",
      "# pcx sweep of \(script): \(submission.tasks.joined().count) points in \(submission.tasks.count) array tasks.",
      "# Written by `pcx slurm` (see job.json); follow with `pcx slurm --status`, merge with `pcx gather`.",
      "#SBATCH --job-name=\(Self.sbatchWord("pcx-" + stem))",
      "#SBATCH --array=0-\(submission.tasks.count - 1)" + (r.maxParallel.map { "%\($0)" } ?? ""),
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=\(r.cpusPerTask)",
      "#SBATCH --output=\(Self.sbatchWord(SlurmJob.logs(directory) + "/%A_%a.out"))",
      "#SBATCH --chdir=\(Self.sbatchWord(workingDirectory))",
    ]
    if let p = r.partition { lines.append("#SBATCH --partition=\(Self.sbatchWord(p))") }
    if let t = r.time { lines.append("#SBATCH --time=\(Self.sbatchWord(t))") }
    if let m = r.mem { lines.append("#SBATCH --mem=\(Self.sbatchWord(m))") }
    lines += r.sbatchArgs.map { "#SBATCH \($0)" }
    lines += ["set -eu", "case \"$SLURM_ARRAY_TASK_ID\" in"]
    for (i, points) in submission.tasks.enumerated() {
      let labels = points.prefix(3).map { self.points.indices.contains($0) ? self.points[$0] : "?" }.joined(separator: "; ")
      lines.append("  \(i)) points=\(SweepPoint.listText(points)) ;;  # \(labels)\(points.count > 3 ? "; ..." : "")")
    }
    lines.append("  *) echo \"pcx: array task $SLURM_ARRAY_TASK_ID has no points\" >&2; exit 64 ;;")
    lines.append("esac")
    var command = [Self.shellQuoted(pcx), "run", Self.shellQuoted(script), "--points", "\"$points\"",
                   "--shard-out", Self.shellQuoted(SlurmJob.shards(directory)), "--threads", "\(r.cpusPerTask)"]
    if let seed { command += ["--seed", "\(seed)"] }
    for (k, v) in overrides.sorted(by: { $0.key < $1.key }) { command += ["--set", Self.shellQuoted("\(k)=\(v)")] }
    lines.append("exec " + command.joined(separator: " "))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `s` in single quotes for the shell.
  static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// `s` as one word of an `#SBATCH` line (Slurm splits them at blanks; quotes keep them).
  static func sbatchWord(_ s: String) -> String { s.contains(where: \.isWhitespace) ? "\"\(s)\"" : s }

  /// Where a point stands.
  public enum PointState: String, Sendable, CaseIterable {
    /// Its shard is complete.
    case done
    /// Its shard records an error (or cannot be read).
    case failed
    /// Its array task is running.
    case running
    /// Its array task waits in the queue.
    case pending
    /// No shard and no queued task: the task was cancelled, timed out or crashed (or never ran).
    case missing
  }

  /// One point's state with what is known about why.
  public struct PointStatus: Sendable, Equatable {
    /// The point's index.
    public let index: Int
    /// Its key as text.
    public let label: String
    /// Where it stands.
    public let state: PointState
    /// The error of a failed point, or what a missing point's log says (`cancelled`).
    public let detail: String?
  }

  /// One array task in the queue, as `squeue -r -o %F|%K|%T|%r` lists it.
  public struct QueuedTask: Sendable, Equatable {
    /// The array job's id.
    public let jobID: String
    /// The task's index in the array.
    public let arrayIndex: Int
    /// `PENDING`, `RUNNING`, ...
    public let state: String
    /// Why it waits (`Resources`, `Priority`, `JobHeldUser`), or `None`.
    public let reason: String

    /// A queued task.
    public init(jobID: String, arrayIndex: Int, state: String, reason: String = "None") {
      self.jobID = jobID
      self.arrayIndex = arrayIndex
      self.state = state
      self.reason = reason
    }
  }

  /// The state of every point: a shard decides done and failed; else the queue running and
  /// pending; else missing, with `logReason(point)` (what its last task's log says) as detail.
  public func status(shards: ShardSet, queue: [QueuedTask], logReason: (Int) -> String?) -> [PointStatus] {
    var queued: [Int: QueuedTask] = [:]
    for task in queue {
      guard let submission = submissions.first(where: { $0.jobID == task.jobID }),
            submission.tasks.indices.contains(task.arrayIndex) else { continue }
      for p in submission.tasks[task.arrayIndex] { queued[p] = task }
    }
    let unreadable = Dictionary(shards.unreadable.map { ($0.file, $0.reason) }) { a, _ in a }
    return points.indices.map { i in
      let label = points[i]
      if let shard = shards.shards[i] {
        if let error = shard.outcome.error { return PointStatus(index: i, label: label, state: .failed, detail: error.description) }
        return PointStatus(index: i, label: label, state: .done, detail: nil)
      }
      let file = (shards.directory as NSString).appendingPathComponent(Shard.fileName(i))
      if let reason = unreadable[file] { return PointStatus(index: i, label: label, state: .failed, detail: "\(file): \(reason)") }
      if let task = queued[i] {
        let running = ["RUNNING", "COMPLETING", "CONFIGURING"].contains(task.state)
        let waits = task.reason == "None" || task.reason.isEmpty ? nil : "job \(task.jobID)_\(task.arrayIndex): \(task.reason)"
        return PointStatus(index: i, label: label, state: running ? .running : .pending,
                           detail: running ? "job \(task.jobID)_\(task.arrayIndex)" : waits)
      }
      return PointStatus(index: i, label: label, state: .missing, detail: logReason(i))
    }
  }

  /// The submission and array index that last ran point `index`, for its log file name.
  public func lastTask(of index: Int) -> (jobID: String, arrayIndex: Int)? {
    for submission in submissions.reversed() {
      guard let id = submission.jobID, let task = submission.tasks.firstIndex(where: { $0.contains(index) }) else { continue }
      return (id, task)
    }
    return nil
  }
}
