import ArgumentParser
import Foundation
import PCX

/// `pcx run --jobs N`, `--points LIST` and `--shard-out DIR`: sweep points as the unit of work.
///
/// - `--shard-out DIR` (with `--points`, or all points): run the points and write a shard per
///   point, no report; with `--jobs N` the points are spread over N child processes.
/// - `--jobs N` alone: the points run in N child processes (`pcx run --points ... --shard-out`
///   into a temporary directory), then `gather` merges them here and prints and writes what the
///   serial run would. Each child gets `--threads / N` BLAS threads (at least 1).
///
/// A failing point does not stop the others: its shard records the error. `--jobs` then stops
/// where the serial run would have stopped — it prints the first failing point's error (the
/// serial run's message) after the list of failed points, writes nothing, and exits 65.
extension Run {
  /// Runs the sweep as asked, or returns false when the flags ask for a plain serial run (no
  /// sweep flag, or `--jobs` for a script without sweep points).
  func runSweepPoints(_ source: String, _ interpreter: PCXInterpreter, color: Bool) async throws -> Bool {
    guard jobs != 1 || points != nil || shardOut != nil else { return false }
    let all: [SweepPoint]
    do {
      all = try interpreter.sweepPoints(source: source, fileName: file)
    } catch let e as PCXError {
      throw failure(e, color: color)
    }
    let selection: [Int]
    do {
      selection = try points.map { try SweepPoint.parseList($0, count: all.count) } ?? all.map(\.index)
    } catch let e as PCXError {
      printError("error: --points: \(e.message)\n")
      throw ExitCode(64)
    }
    if let shardOut {
      try await writeShards(source, interpreter, selection, all, into: shardOut, color: color)
      return true
    }
    guard all.count > 1 else { return false }
    try await runInJobs(source, interpreter, selection, all, color: color)
    return true
  }

  /// Checks the combinations of sweep flags (ArgumentParser calls it before `run`).
  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs needs at least 1 process") }
    if points != nil, shardOut == nil {
      throw ValidationError("--points needs --shard-out DIR: the points' shards are merged by pcx gather")
    }
    if shardOut != nil, out != nil || json != nil {
      throw ValidationError("--shard-out writes shards only; --out and --json are written by pcx gather")
    }
  }

  /// `--shard-out`: the points' shards, here or in child processes; exit 65 if a point failed.
  func writeShards(
    _ source: String, _ interpreter: PCXInterpreter, _ selection: [Int], _ all: [SweepPoint], into directory: String,
    color: Bool
  ) async throws {
    let failed: Int
    if jobs > 1, selection.count > 1 {
      let progress = PointProgress(total: selection.count, jobs: min(jobs, selection.count), quiet: quiet)
      failed = try await childJobs(selection, directory, progress).failed
    } else {
      let lines = !quiet
      do {
        let reports = try await interpreter.runPoints(
          source: source, fileName: file, scriptPath: absolutePath(file), points: selection, directory: directory
        ) { report in if lines { FileHandle.standardOutput.write(Data((PointProgress.line(report) + "\n").utf8)) } }
        failed = reports.filter { $0.error != nil }.count
      } catch let e as PCXError {
        throw failure(e, color: color)
      }
    }
    if failed > 0 { throw ExitCode(65) }
  }

  /// `--jobs N`: the points in child processes, merged here into what the serial run prints.
  func runInJobs(_ source: String, _ interpreter: PCXInterpreter, _ selection: [Int], _ all: [SweepPoint], color: Bool) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcx-jobs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let progress = PointProgress(total: selection.count, jobs: min(jobs, selection.count), quiet: quiet)
    let crashed = try await childJobs(selection, directory, progress).crashed
    let shards = try ShardSet.load(directory: directory)
    let gathered: GatherResult
    do {
      gathered = try await interpreter.gather(source: source, fileName: file, shards: shards)
    } catch let e as GatherError {
      if crashed { throw ExitCode(70) }
      throw gatherFailure(e, color: color)
    } catch let e as PCXError {
      throw failure(e, color: color)
    }
    for note in gathered.notes { printError("note: \(note)\n") }
    try ResultsOutput(script: file, out: out, json: json, quiet: quiet, strict: strict, color: color).emit(gathered.result)
  }

  /// Spreads `selection` round-robin over at most `jobs` children writing into `directory`.
  func childJobs(_ selection: [Int], _ directory: String, _ progress: PointProgress) async throws -> (failed: Int, crashed: Bool) {
    let count = min(jobs, selection.count)
    let groups = (0..<count).map { k in stride(from: k, to: selection.count, by: count).map { selection[$0] } }
    let each = max(1, threads / count)
    var arguments = ["run", file, "--shard-out", directory, "--threads", "\(each)"]
    if let seed { arguments += ["--seed", "\(seed)"] }
    for a in assignments { arguments += ["--set", a] }
    if let maxParams { arguments += ["--max-params", "\(maxParams)"] }
    if let maxBytes { arguments += ["--max-bytes", "\(maxBytes)"] }
    if let maxSteps { arguments += ["--max-steps", "\(maxSteps)"] }
    if let maxTime { arguments += ["--max-time", "\(maxTime)"] }
    let pool = JobPool(executable: pcxExecutable(), arguments: arguments)
    let crashes = await pool.run(groups.map { ["--points", SweepPoint.listText($0)] }, progress: progress)
    progress.finish()
    for crash in crashes { printError(crash) }
    return (progress.failed, !crashes.isEmpty)
  }
}

/// Prints why shards could not be merged and returns exit 65 (the first failed point's error as
/// the serial run renders it, after the list).
func gatherFailure(_ error: GatherError, color: Bool) -> ExitCode {
  printError("error: " + error.message + "\n")
  if let first = error.firstFailure { printError("the first failed point stopped the run as a serial run stops:\n" + first.rendered(color: color)) }
  return ExitCode(65)
}

/// `path` made absolute against the current directory.
func absolutePath(_ path: String) -> String {
  path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
}

/// This process's own executable (children and Slurm tasks run the same pcx).
func pcxExecutable() -> String {
  if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
  return absolutePath(CommandLine.arguments.first ?? "pcx")
}
