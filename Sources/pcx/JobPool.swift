import Foundation
import PCX

/// Child `pcx run --points ... --shard-out DIR` processes, one per group of points, all started
/// at once. Separate processes keep each one's OpenBLAS threads and memory to itself (OpenBLAS's
/// thread count is process-wide). Each child prints a line per finished point on stdout, which
/// feeds the progress line.
struct JobPool {
  /// The pcx executable.
  let executable: String
  /// Arguments every child gets (`run FILE --shard-out DIR --threads T ...`).
  let arguments: [String]

  /// Runs a child per entry of `groups` (its extra arguments) and waits for all of them.
  /// Returns a message for each child that ended other than with 0 (all points done) or 65
  /// (some point failed, recorded in its shard).
  func run(_ groups: [[String]], progress: PointProgress) async -> [String] {
    await withCheckedContinuation { (continuation: CheckedContinuation<[String], Never>) in
      Thread { continuation.resume(returning: runBlocking(groups, progress)) }.start()
    }
  }

  private func runBlocking(_ groups: [[String]], _ progress: PointProgress) -> [String] {
    var children: [(Process, ErrorText)] = []
    var problems: [String] = []
    let readers = DispatchGroup()
    for extra in groups {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments + extra
      let out = Pipe(), err = Pipe()
      process.standardOutput = out
      process.standardError = err
      let text = ErrorText()
      do {
        try process.run()
      } catch {
        problems.append("error: cannot start \(executable): \(error.localizedDescription)\n")
        continue
      }
      readers.enter()
      readers.enter()
      Thread {
        Self.lines(out.fileHandleForReading) { progress.record($0) }
        readers.leave()
      }.start()
      Thread {
        text.append(err.fileHandleForReading.readDataToEndOfFile())
        readers.leave()
      }.start()
      children.append((process, text))
    }
    // every point line counted and every error read before the summary
    readers.wait()
    for (process, text) in children {
      process.waitUntilExit()
      let status = process.terminationStatus
      if process.terminationReason == .exit && (status == 0 || status == 65) { continue }
      let how = process.terminationReason == .exit ? "exited with status \(status)" : "was killed by signal \(status)"
      let args = (process.arguments ?? []).joined(separator: " ")
      problems.append("error: the child process `pcx \(args)` \(how)\n" + text.value)
    }
    return problems
  }

  /// Calls `each` with every line read from `handle` until its end.
  static func lines(_ handle: FileHandle, _ each: (String) -> Void) {
    var buffer = Data()
    while true {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      buffer.append(chunk)
      while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        each(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
        buffer.removeSubrange(buffer.startIndex...newline)
      }
    }
    if !buffer.isEmpty { each(String(decoding: buffer, as: UTF8.self)) }
  }
}

/// A child's stderr, collected while it runs (shown only if the child fails).
final class ErrorText: @unchecked Sendable {
  // @unchecked: every access to `data` holds `lock`.
  private let lock = NSLock()
  private var data = Data()
  func append(_ more: Data) { lock.withLock { data.append(more) } }
  var value: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

/// The progress of points running in child processes: a line on stderr redrawn as points
/// finish (on a terminal), and a summary line at the end (unless `--quiet`).
final class PointProgress: @unchecked Sendable {
  // @unchecked: every access to the counters holds `lock`.
  private let lock = NSLock()
  private let total: Int, jobs: Int, quiet: Bool, isTerminal: Bool
  private let start = Date()
  private var doneCount = 0, failedCount = 0

  init(total: Int, jobs: Int, quiet: Bool) {
    self.total = total
    self.jobs = jobs
    self.quiet = quiet
    isTerminal = isatty(STDERR_FILENO) != 0
  }

  /// Points whose shard records an error.
  var failed: Int { lock.withLock { failedCount } }

  /// Counts a child's line if it reports a finished point (`PointProgress.line`).
  func record(_ line: String) {
    guard line.hasPrefix("point ") else { return }
    lock.withLock {
      if line.contains("): done") { doneCount += 1 } else if line.contains("): failed") { failedCount += 1 } else { return }
      if isTerminal && !quiet { printError("\r\u{1B}[K" + text) }
    }
  }

  private var text: String { "points: \(doneCount + failedCount)/\(total) finished, \(failedCount) failed (\(jobs) processes)" }

  /// Ends the progress line with the summary.
  func finish() {
    guard !quiet else { return }
    lock.withLock {
      let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
      printError((isTerminal ? "\r\u{1B}[K" : "")
                 + "pcx: \(total) sweep points in \(jobs) processes: \(doneCount) done, \(failedCount) failed, \(seconds) s\n")
    }
  }

  /// The line a process running points prints when one finishes: `point 3 (width=16, trial=3):
  /// done in 0.84 s`, or `...: failed: file:line:col: error: message`.
  static func line(_ r: PointReport) -> String {
    let head = "point \(r.point.index) (\(r.point.label)): "
    guard let error = r.error else { return head + "done in " + String(format: "%.2f", r.seconds) + " s" }
    return head + "failed: " + error.message
  }
}
