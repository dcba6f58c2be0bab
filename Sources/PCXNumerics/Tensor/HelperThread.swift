import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import _PCXKernels

/// pcx's own second thread for the hot loop of a run (issue 18): `run` calls `body(0)` on the
/// caller and `body(1)` on the helper and returns when both are done. OpenBLAS runs on one thread
/// inside (see `MLPSquareLoss`), so its pool does not spin beside this one, and each matrix
/// product is split in two halves fixed by its shape alone: one thread or two, the same BLAS
/// calls on the same operands, so the same bits.
///
/// Between jobs the helper spins on a flag (the `pause` hint, no system calls) for about
/// `spinLimit` checks, then sleeps on a semaphore until the next job. One helper belongs to one
/// evaluator; it ends when its owner is released.
final class HelperThread: @unchecked Sendable {
  /// Spin checks (`pause`, some 25 ns each) before the helper sleeps: about 100 microseconds,
  /// longer than the gaps between the jobs of one training step, far shorter than a pause
  /// between runs.
  static let spinLimit = 4_000
  /// Spin checks before the caller, waiting for the helper's half, yields its core instead: a
  /// few microseconds, so that on a machine busier than its cores a descheduled helper gets run.
  static let yieldAfter = 200

  /// What the caller and the helper share (the helper's thread holds only this, not the owner).
  final class Shared: @unchecked Sendable {
    let published = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let sleeping = Atomic<Bool>(false)
    let stopping = Atomic<Bool>(false)
    let wake = DispatchSemaphore(value: 0)
    /// The current job, written before `published` is raised and read after it is seen.
    nonisolated(unsafe) var job: ((Int) -> Void)?
  }

  let shared = Shared()

  /// A helper with its thread started.
  init() {
    let s = shared
    let thread = Thread { Self.loop(s) }
    thread.name = "pcx-helper"
    thread.start()
  }

  deinit {
    shared.stopping.store(true, ordering: .sequentiallyConsistent)
    shared.wake.signal()
  }

  /// body(0) here and body(1) on the helper, concurrently; returns when both have finished.
  func run(_ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { b in
      shared.job = b
      let g = shared.published.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
      if shared.sleeping.exchange(false, ordering: .sequentiallyConsistent) { shared.wake.signal() }
      b(0)
      // the helper's half is about as long as this one: spin, and yield the core only when the
      // helper is not running (a machine busier than its cores)
      var spins = 0
      while shared.finished.load(ordering: .sequentiallyConsistent) != g {
        spins += 1
        if spins < Self.yieldAfter { pcx_cpu_relax() } else { sched_yield() }
      }
      shared.job = nil
    }
  }

  static func loop(_ s: Shared) {
    var seen = 0
    while true {
      var spins = 0
      while s.published.load(ordering: .sequentiallyConsistent) == seen {
        if s.stopping.load(ordering: .sequentiallyConsistent) { return }
        spins += 1
        if spins < spinLimit {
          pcx_cpu_relax()
          continue
        }
        s.sleeping.store(true, ordering: .sequentiallyConsistent)
        if s.published.load(ordering: .sequentiallyConsistent) == seen && !s.stopping.load(ordering: .sequentiallyConsistent) {
          s.wake.wait()
        }
        s.sleeping.store(false, ordering: .sequentiallyConsistent)
        spins = 0
      }
      seen = s.published.load(ordering: .sequentiallyConsistent)
      s.job?(1)
      s.finished.store(seen, ordering: .sequentiallyConsistent)
    }
  }
}

/// Runs the two halves of a job on two threads when a helper is there, else one after the other
/// on the caller: the work and its split are the same either way.
struct Halves {
  /// The helper, when the evaluator uses two threads.
  let helper: HelperThread?

  /// body(0) and body(1); on the helper only when `parallel` (a job too small to split keeps
  /// all its work in half 0 and runs here).
  func run(_ parallel: Bool = true, _ body: (Int) -> Void) {
    if parallel, let helper { helper.run(body) } else { body(0); body(1) }
  }

  /// The part of 0..<count that half `i` takes: the split at a multiple of 8 near the middle,
  /// fixed by `count` alone.
  static func range(_ i: Int, of count: Int) -> Range<Int> {
    let mid = Swift.min(count, (count / 2 + 7) & ~7)
    return i == 0 ? 0..<mid : mid..<count
  }
}
