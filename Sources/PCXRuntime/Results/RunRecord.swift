/// Wall-clock figures. The only place a results document holds anything that differs between two
/// runs of the same script and seed (SPEC §6), so `ResultsDocument.withoutTiming()` can zero it.
public struct Timing: Codable, Sendable, Equatable {
  /// Elapsed wall-clock seconds.
  public var seconds: Double

  /// A timing of `seconds` wall-clock seconds.
  public init(seconds: Double = 0) { self.seconds = seconds }

  /// `{"seconds": ...}`.
  public var json: JSONValue { .object(["seconds": .finite(seconds)]) }

  init(fields: JSONFields) throws { seconds = try fields.number("seconds") }

  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "timing"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}

/// How a run ended.
public enum RecordStatus: String, Codable, Sendable, CaseIterable {
  /// Every requested step (or the whole `until` interval of a flow) was taken.
  case completed
  /// A tolerance stop rule was met (`loss < eps`, `grad_norm < eps`, a flow's `tol`).
  case converged
  /// The run's `time` stop rule or the script's wall-time budget ended it.
  case timeLimit = "time_limit"
  /// The loss became NaN/Inf or blew up; the run stopped at the step in `steps`.
  case diverged
  /// The run was cancelled (Ctrl-C in the REPL, Swift task cancellation).
  case cancelled
}

/// One optimizer run in the results document (SPEC §6 `runs`).
public struct RunRecord: Codable, Sendable, Equatable {
  /// The name of the `train` declaration.
  public var name: String
  /// The sweep values this run belongs to, by sweep variable; empty outside sweeps.
  public var key: [String: JSONValue]
  /// The optimizer as written, with its resolved arguments (`gd(lr: 0.1)`).
  public var optimizer: String
  /// Optimizer steps taken.
  public var steps: Int
  /// The loss at the last iterate (NaN after divergence, written as `null`).
  public var finalLoss: Double
  /// How the run ended.
  public var status: RecordStatus
  /// The loss convention in words (`0.5 * mean over samples of (f(x) - y)^2`), printed in the report.
  public var lossConvention: String
  /// Trace name -> values. Index i is step i (0 is the initial point) unless the trace is
  /// listed in `traceSteps`. NaN and Inf are written as `null`.
  public var traces: [String: [Double]]
  /// The steps of traces that are not recorded at every step (`lambda_min` every 10 steps).
  public var traceSteps: [String: [Int]]
  /// Wall-clock time of the run.
  public var timing: Timing

  /// A run record; `key`, `traceSteps` and `timing` default to empty.
  public init(
    name: String, key: [String: JSONValue] = [:], optimizer: String, steps: Int, finalLoss: Double,
    status: RecordStatus, lossConvention: String, traces: [String: [Double]],
    traceSteps: [String: [Int]] = [:], timing: Timing = Timing()
  ) {
    self.name = name
    self.key = key
    self.optimizer = optimizer
    self.steps = steps
    self.finalLoss = finalLoss
    self.status = status
    self.lossConvention = lossConvention
    self.traces = traces
    self.traceSteps = traceSteps
    self.timing = timing
  }

  /// The record as JSON, with the SPEC §6 key names.
  public var json: JSONValue {
    .object([
      "name": .string(name), "key": .object(key), "optimizer": .string(optimizer),
      "steps": .number(Double(steps)), "final_loss": .finite(finalLoss),
      "status": .string(status.rawValue), "loss_convention": .string(lossConvention),
      "traces": .object(traces.mapValues(JSONValue.numbers)),
      "trace_steps": .object(traceSteps.mapValues { .array($0.map { .number(Double($0)) }) }),
      "timing": timing.json,
    ])
  }

  init(fields f: JSONFields) throws {
    name = try f.string("name")
    key = try f.object("key")
    optimizer = try f.string("optimizer")
    steps = try f.int("steps")
    finalLoss = try f.number("final_loss")
    status = try f.enumeration("status", RecordStatus.self)
    lossConvention = try f.string("loss_convention")
    var traces: [String: [Double]] = [:]
    for (k, v) in try f.object("traces") { traces[k] = try JSONFields.numbers(v, "\(f.path).traces.\(k)") }
    self.traces = traces
    var traceSteps: [String: [Int]] = [:]
    for (k, v) in try f.object("trace_steps") {
      let path = "\(f.path).trace_steps.\(k)"
      guard case .array(let a) = v else { throw JSONFields.mismatch(path, "an array of integers", v) }
      traceSteps[k] = try a.enumerated().map { i, x in try JSONFields.int(x, "\(path)[\(i)]") }
    }
    self.traceSteps = traceSteps
    timing = try Timing(fields: f.nested("timing"))
  }

  /// Equal when the JSON is equal, so NaN losses compare equal (both are written as `null`).
  public static func == (a: RunRecord, b: RunRecord) -> Bool { a.json == b.json }

  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "run"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}
