import Foundation
import _CBLAS

/// Reference-counted single-thread scopes over OpenBLAS's process-wide thread count.
enum ThreadScope {
  private static let lock = NSLock()
  // guarded by `lock`: how many scopes are open and the count to restore when the last closes
  nonisolated(unsafe) private static var depth = 0
  nonisolated(unsafe) private static var saved: Int32 = 1

  static func enter() {
    lock.lock()
    defer { lock.unlock() }
    if depth == 0 {
      saved = openblas_get_num_threads()
      openblas_set_num_threads(1)
    }
    depth += 1
  }

  static func leave() {
    lock.lock()
    defer { lock.unlock() }
    depth -= 1
    if depth == 0 { openblas_set_num_threads(saved) }
  }
}
