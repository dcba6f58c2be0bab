import PCXNumerics
import PCXRuntime
import PCXSource

/// Settings that belong to the whole process, not to one interpreter: a host calls these once
/// at start-up (the `pcx` CLI does), never per run, because every interpreter shares them.
public enum ProcessSettings {
  /// Sets OpenBLAS's thread count for the whole process. Results are identical for any count.
  public static func setBLASThreads(_ count: Int) { BLAS.setThreads(count) }

  /// Tunes the C allocator for large tensors (returns big blocks to the system promptly).
  public static func configureAllocatorForLargeTensors() { Kernels.configureAllocatorForLargeTensors() }
}

/// A one-line terminal progress bar (steps/s, ETA) a host can draw from `ProgressEvent.step`.
/// `auto`, `always` or `never`: whether a host colours diagnostics (`NO_COLOR` aware).
public typealias ColorChoice = PCXSource.ColorChoice
/// The pcx version written into results documents.
public let pcxVersion = PCXVersion.current
