import Foundation
import PCX
import Testing

/// The local Slurm cluster the Slurm tests submit to (`bash scripts/slurm-local.sh start`).
/// Without one they fail saying how to start it, unless `PCX_SKIP_SLURM_TESTS=1` skips them.
enum SlurmCluster {
  /// Set to 1 to skip the tests that need a running cluster (they never pass silently).
  static let skipVariable = "PCX_SKIP_SLURM_TESTS"
  static var skipped: Bool { ProcessInfo.processInfo.environment[skipVariable] == "1" }

  /// Whether `sinfo` answers with a node ready for jobs; records why not as a failure.
  static func isUp(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let answer = try? Tool.run("/usr/bin/env", ["sinfo", "-h", "-o", "%T"], in: URL(fileURLWithPath: "/"))
    let states = answer?.out.split(separator: "\n").map(String.init) ?? []
    if answer?.status == 0, states.contains(where: { ["idle", "mixed", "allocated"].contains($0) }) { return true }
    Issue.record("""
      no Slurm cluster answers here (sinfo: \(answer.map { "\($0.out)\($0.err)" } ?? "not installed")): \
      start the local one with `bash scripts/slurm-local.sh start` (as root), or set \(skipVariable)=1 to skip the Slurm tests
      """, sourceLocation: sourceLocation)
    return false
  }

  /// Waits until no array task of `jobs` is queued, at most `seconds`.
  static func waitForQueue(_ jobs: [String], seconds: Double = 600) throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      let queue = try Tool.run("/usr/bin/env", ["squeue", "-h", "-r", "-o", "%F"], in: URL(fileURLWithPath: "/"))
      if queue.status == 0, !queue.out.split(separator: "\n").contains(where: { jobs.contains(String($0)) }) { return true }
      usleep(500_000)
    }
    return false
  }

  /// The job id `pcx slurm` printed (`submitted job 12: ...`).
  static func jobID(_ output: String) -> String? {
    output.split(separator: "\n").first { $0.hasPrefix("submitted job ") }?
      .dropFirst("submitted job ".count).split(separator: ":").first.map(String.init)
  }
}

/// `pcx slurm` on a real single-node cluster: a job array of the 12-point example, gathered
/// and compared with the serial run; one task cancelled, seen as missing, resumed alone.
@Suite("Slurm: job arrays on the local cluster", .serialized,
       .enabled(if: !SlurmCluster.skipped, "PCX_SKIP_SLURM_TESTS=1 skips the tests that need a Slurm cluster"))
struct SlurmTests {
  @Test func aJobArrayGathersToTheSerialOutputs() throws {
    guard SlurmCluster.isUp(), let root = try ScaleOutCLITests.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let serial = try ScaleOutCLITests.serial(in: root)
    let submit = try PCXBinary.run(["slurm", PCXBinary.sweep.path, "--out", "job", "--points-per-task", "2", "--max-parallel", "2"], in: root)
    #expect(submit.status == 0, "\(submit.err)")
    let id = try #require(SlurmCluster.jobID(submit.out), "\(submit.out)")
    #expect(try SlurmCluster.waitForQueue([id]), "job \(id) still queued after 10 minutes")
    let status = try PCXBinary.run(["slurm", "--status", "job"], in: root)
    #expect(status.out.hasPrefix("12 points: 12 done, 0 failed, 0 running, 0 pending, 0 missing\n"), "\(status.out)")
    let gathered = try PCXBinary.run(["gather", "job", "--out", "out"], in: root)
    #expect(gathered.status == 0, "\(gathered.err)")
    SameAsSerial.expect(try RunOutputs(directory: root.appendingPathComponent("out"), report: gathered.out), equals: serial,
                        "a Slurm job array of 6 tasks")
  }

  /// The array is submitted held, task 5 cancelled, the rest released: point 5 is missing,
  /// `--resume` submits it alone, and the gathered results are the serial run's.
  @Test func aCancelledTaskIsMissingAndResumedAlone() throws {
    guard SlurmCluster.isUp(), let root = try ScaleOutCLITests.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let serial = try ScaleOutCLITests.serial(in: root)
    let submit = try PCXBinary.run(["slurm", PCXBinary.sweep.path, "--out", "job", "--sbatch-arg=--hold"], in: root)
    let id = try #require(SlurmCluster.jobID(submit.out), "\(submit.out) \(submit.err)")
    #expect(try Tool.run("/usr/bin/env", ["scancel", "\(id)_5"], in: root).status == 0)
    #expect(try Tool.run("/usr/bin/env", ["scontrol", "release", id], in: root).status == 0)
    #expect(try SlurmCluster.waitForQueue([id]), "job \(id) still queued after 10 minutes")
    let status = try PCXBinary.run(["slurm", "--status", "job"], in: root)
    #expect(status.out.hasPrefix("12 points: 11 done, 0 failed, 0 running, 0 pending, 1 missing\n  point 5 (width=32, trial=2): missing"),
            "\(status.out)")
    #expect(status.out.contains("pcx slurm --resume job"))
    let early = try PCXBinary.run(["gather", "job"], in: root)
    #expect(early.status == 65 && early.err.contains("1 point of 12 has no shard"), "\(early.err)")
    let resume = try PCXBinary.run(["slurm", "--resume", "job"], in: root)
    #expect(resume.out.hasPrefix("resubmitting 1 point: 5\nsubmitted job "), "\(resume.out) \(resume.err)")
    let batch = try String(contentsOf: root.appendingPathComponent("job/resume-1.sbatch"), encoding: .utf8)
    #expect(batch.contains("#SBATCH --array=0-0\n") && batch.contains("  0) points=5 ;;"), "\(batch)")
    let again = try #require(SlurmCluster.jobID(resume.out))
    // the resumed array keeps the job's sbatch arguments, --hold too
    #expect(batch.contains("#SBATCH --hold\n"))
    #expect(try Tool.run("/usr/bin/env", ["scontrol", "release", again], in: root).status == 0)
    #expect(try SlurmCluster.waitForQueue([again]))
    let gathered = try PCXBinary.run(["gather", "job", "--out", "out"], in: root)
    #expect(gathered.status == 0, "\(gathered.err)")
    SameAsSerial.expect(try RunOutputs(directory: root.appendingPathComponent("out"), report: gathered.out), equals: serial,
                        "a Slurm array with one task cancelled and resumed")
    #expect(try PCXBinary.run(["slurm", "--resume", "job"], in: root).out.hasPrefix("nothing to resume"))
  }
}

/// `pcx slurm --dry-run`: the batch script and the job manifest (no cluster needed).
@Suite("Slurm: batch scripts")
struct SlurmBatchTests {
  @Test func dryRunWritesTheArrayScriptWithEveryOption() throws {
    guard let root = try ScaleOutCLITests.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let r = try PCXBinary.run([
      "slurm", PCXBinary.sweep.path, "--out", "job", "--dry-run", "--partition", "short", "--time", "00:10:00",
      "--cpus-per-task", "2", "--mem", "2G", "--max-parallel", "3", "--points-per-task", "5",
      "--sbatch-arg=--account=abc", "--sbatch-arg", "--qos=low", "--seed", "4", "--set", "steps=7",
    ], in: root)
    #expect(r.status == 0, "\(r.err)")
    let dir = root.appendingPathComponent("job").path
    let batch = try String(contentsOfFile: dir + "/job.sbatch", encoding: .utf8)
    #expect(r.out == batch)
    for line in ["#SBATCH --array=0-2%3", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short", "#SBATCH --time=00:10:00",
                 "#SBATCH --mem=2G", "#SBATCH --account=abc", "#SBATCH --qos=low", "#SBATCH --chdir=\(root.path)",
                 "#SBATCH --output=\(dir)/logs/%A_%a.out", "  0) points=0-4 ;;  # width=16, trial=1; width=16, trial=2; width=16, trial=3; ...",
                 "  2) points=10-11 ;;  # width=64, trial=3; width=64, trial=4"] {
      #expect(batch.contains(line + "\n"), "missing `\(line)` in\n\(batch)")
    }
    #expect(batch.contains("run '\(PCXBinary.sweep.path)' --points \"$points\" --shard-out '\(dir)/shards' --threads 2 --seed 4 --set 'steps=7'\n"))
    #expect(FileManager.default.fileExists(atPath: dir + "/job.json") && FileManager.default.fileExists(atPath: dir + "/shards"))
    // the dry run did not submit: the same directory can be submitted (or dry-run) again
    #expect(try PCXBinary.run(["slurm", PCXBinary.sweep.path, "--out", "job", "--dry-run"], in: root).status == 0)
    // a script without sweep points has nothing to submit
    try Data("report 1\n".utf8).write(to: root.appendingPathComponent("flat.pcx"))
    let flat = try PCXBinary.run(["slurm", "flat.pcx", "--out", "flat", "--dry-run"], in: root)
    #expect(flat.status == 65 && flat.err.contains("has no sweep points"))
  }
}
