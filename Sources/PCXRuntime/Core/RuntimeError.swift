import PCXNumerics
import PCXSource

/// An error while running a script: what went wrong and what to do, and — when it is about one
/// argument — that argument's span. Otherwise the interpreter attaches the span of the statement
/// that caused it (SPEC §2.2).
public struct RuntimeError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The broad class of the failure.
  public enum Kind: String, Sendable {
    /// A data file or generator argument is wrong (bad CSV row, unsupported .npy dtype, rank).
    case data
    /// A file could not be read or written.
    case io
    /// A computation failed (NaN, a solver that did not converge, divergence).
    case numerics
    /// A resource limit (parameters, bytes, steps, wall time) would be exceeded.
    case limit
    /// An argument value is outside what the entry accepts.
    case argument
    /// pcx broke one of its own invariants (a call the checker should have completed): a bug.
    case `internal`
  }

  public let kind: Kind
  /// The message, lowercase, naming the values involved (and file:line:col for file contents).
  public let message: String
  /// What the user can do about it, when there is something to say.
  public let hint: String?
  /// The argument (or expression) at fault, when the error is about one.
  public var span: SourceSpan?

  public init(_ kind: Kind, _ message: String, hint: String? = nil, at span: SourceSpan? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
    self.span = span
  }

  /// The same error pointing at `span`, unless it already points somewhere more precise.
  public func at(_ span: SourceSpan?) -> RuntimeError {
    var copy = self
    if copy.span == nil { copy.span = span }
    return copy
  }

  public var description: String { hint.map { "\(message); \($0)" } ?? message }

  /// Wraps an error from the numerical core.
  public static func numerics(_ error: Error) -> RuntimeError {
    if let e = error as? RuntimeError { return e }
    return RuntimeError(.numerics, "\(error)")
  }
}

/// Resource limits, checked before allocating or starting work. Every limit has a reason.
public struct ResourceLimits: Sendable, Equatable {
  /// Trainable parameters of one model or objective: a dense float64 Hessian of 50,000
  /// parameters would already be 20 GB, and a run of 10^7 parameters is beyond a laptop's budget.
  public var maxParameters = 10_000_000
  /// Bytes of one allocation pcx plans (kernels, Jacobians, data): 4 GiB leaves room on a
  /// 16 GB laptop for the rest of the process.
  public var maxBytes = 4 << 30
  /// Optimizer steps of one run: 10^7 steps of even a tiny model take minutes.
  public var maxSteps = 10_000_000
  /// Wall-clock seconds for the whole script (nil: none).
  public var wallTime: Double? = nil

  public init() {}

  /// Throws a `.limit` error when `count` parameters are over the limit.
  public func checkParameters(_ count: Int, _ what: String) throws {
    guard count <= maxParameters else {
      throw RuntimeError(.limit, "\(what) has \(count) parameters, over the limit of \(maxParameters)",
                         hint: "raise it with --max-params")
    }
  }

  /// Throws a `.limit` error when `bytes` are over the limit.
  public func checkBytes(_ bytes: Int, _ what: String) throws {
    guard bytes <= maxBytes else {
      throw RuntimeError(.limit, "\(what) needs \(Memory.describe(bytes)), over the limit of \(Memory.describe(maxBytes))",
                         hint: "raise it with --max-bytes")
    }
  }

  /// Throws a `.limit` error when `steps` are over the limit.
  public func checkSteps(_ steps: Int, _ what: String) throws {
    guard steps <= maxSteps else {
      throw RuntimeError(.limit, "\(what) asks for \(steps) steps, over the limit of \(maxSteps)",
                         hint: "raise it with --max-steps")
    }
  }
}
