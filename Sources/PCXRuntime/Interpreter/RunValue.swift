import PCXNumerics

/// The result of a `train` statement: what ran and what the optimizer did.
public struct RunValue: Sendable {
  /// The declared name.
  public let name: String
  /// The sweep values this run belongs to ({} outside sweeps).
  public let key: [(String, Double)]
  /// The optimizer call as written (`gd(L, lr: 0.1, steps: 3000)`), for reports only: what ran
  /// is `kind` and `lr`.
  public let optimizer: String
  /// The optimizer that ran, with its hyper-parameters.
  public let kind: OptimizerKind
  /// The step size it used (0 for gradient flow).
  public let lr: Double
  /// The trained objective's name and loss convention.
  public let objective: String
  public let convention: String?
  public let result: Trajectory

  /// `run.loss`, `run.final_loss`, `run.steps`, `run.time`, `run.grad_norm`, `run.distance`, ...
  func member(_ name: String) throws -> Value {
    switch name {
    case "final_loss": return .number(result.finalLoss)
    case "steps": return .int(result.steps)
    case "time": return .number(result.elapsed)
    default:
      guard let t = result.traces[name] else {
        throw RuntimeError(.argument, "run \(self.name) has no trace '\(name)'",
                           hint: "it records \(result.traces.keys.sorted().joined(separator: ", "))")
      }
      return .trace(steps: t.steps, values: t.values)
    }
  }
}
