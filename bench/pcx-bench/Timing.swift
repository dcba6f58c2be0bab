#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PCXNumerics

/// Wall-clock timing: warm-up runs, then the median and minimum of `reps` measured runs.
struct Timing {
  let median: Double  // milliseconds
  let min: Double

  static func measure(reps: Int, warmup: Int = 3, _ body: () throws -> Void) rethrows -> Timing {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<max(reps, 1) {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return Timing(median: times[times.count / 2], min: times[0])
  }
}

/// Peak resident memory of a computation, from Linux's VmHWM after resetting it
/// (`echo 5 > /proc/self/clear_refs`); nil where that is not available.
enum PeakMemory {
  static func measure(_ body: () throws -> Void) rethrows -> Int? {
    // hand memory that malloc caches back to the system, so that the high-water mark rises
    // with what the computation really touches
    Kernels.releaseCachedMemory()
    guard reset() else { try body(); return nil }
    let base = read("VmRSS:")
    try body()
    guard let peak = read("VmHWM:"), let base else { return nil }
    return peak - base
  }

  static func reset() -> Bool {
    guard let f = fopen("/proc/self/clear_refs", "w") else { return false }
    defer { fclose(f) }
    return fputs("5", f) >= 0
  }

  /// A `/proc/self/status` field in bytes.
  static func read(_ key: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key) {
      let kb = line.split(separator: " ").compactMap { Int($0) }.first
      return kb.map { $0 * 1024 }
    }
    return nil
  }
}
