import PCXRuntime

/// How a `PCXInterpreter` runs scripts: seed, resource limits, and where scripts may read and
/// write. A value: copy it, change a field, make another interpreter.
public struct InterpreterConfiguration: Sendable {
  /// Replaces every script's `seed` statement (SPEC §2.3); nil keeps the script's own.
  public var seed: Int?
  /// `let` overrides, as `pcx run --set name=value`: a number, or text for string lets.
  public var overrides: [String: String] = [:]
  /// Most trainable parameters of one model or objective.
  public var maxParameters = ResourceLimits().maxParameters
  /// Most bytes of one allocation pcx plans (kernels, Jacobians, data).
  public var maxBytes = ResourceLimits().maxBytes
  /// Most optimizer steps of one run.
  public var maxSteps = ResourceLimits().maxSteps
  /// Wall-clock seconds for one `run` (or one `Session.submit`); nil: no budget.
  public var wallTimeBudget: Double?
  /// Directory that relative data paths (`csv("d.csv")`, `load("w.npy")`) resolve against.
  public var baseDirectory = "."
  /// Whether scripts may read files outside `baseDirectory` (absolute paths, `../`).
  public var allowsReadsOutsideBaseDirectory = false
  /// Whether `RunResult.write(to:)` may write files at all.
  public var allowsFileWrites = true
  /// Where `RunResult.write(to:)` writes by default; plot paths resolve against it.
  public var outputDirectory = "."
  /// Whether a plot path may leave the output directory (`../x.svg`, `/tmp/x.svg`).
  public var allowsWritesOutsideOutputDirectory = false
  /// Text recorded as `command_line` in the results document.
  public var commandLine: [String] = []

  /// BLAS threads are not set per interpreter: OpenBLAS keeps one thread count for the whole
  /// process, so changing it from one interpreter would change it under every other. A host
  /// sets it once at start-up (the `pcx` CLI does so for `--threads`); results are identical
  /// for any count.
  public static let blasThreadsNote = "BLAS threads are process-wide: set them once in the host, not per interpreter"

  /// The default configuration: limits of the CLI, reads confined to the base directory,
  /// writes confined to the output directory (both the current directory).
  public init() {}

  /// The runtime's limits.
  var limits: ResourceLimits {
    var l = ResourceLimits()
    l.maxParameters = maxParameters
    l.maxBytes = maxBytes
    l.maxSteps = maxSteps
    l.wallTime = wallTimeBudget
    return l
  }

  /// The runtime's options, with relative data paths against `baseDirectory`.
  var runOptions: RunOptions {
    var o = RunOptions()
    o.seed = seed
    o.overrides = overrides
    o.limits = limits
    o.baseDirectory = baseDirectory
    o.allowsReadsOutsideBaseDirectory = allowsReadsOutsideBaseDirectory
    return o
  }
}
