import PCXNumerics
import PCXSema

/// `train name = optimizer(objective, ...)`: the optimizer, its step size, stop rules and what
/// the run must trace, then the run itself.
extension Interpreter {
  mutating func train(_ name: String, _ e: TExpr) throws -> RunValue {
    guard case .call(let fn, _, _) = e.kind, let optimizer = Registry.optimizer(fn) else {
      throw RuntimeError(.argument, "train needs an optimizer call", at: e.span)
    }
    let a = CallArguments(e, entry: optimizer.entry, env: env, declaration: name)
    let f = try trainedObjective(a)
    try options.limits.checkParameters(f.objective.parameterCount, "objective \(f.name)")
    let kind = try optimizer.kind(a)
    let steps = try optimizer.defaultSteps ?? a.int("steps")
    let lr: Double
    switch try a.entry.parameter(named: "lr") == nil ? nil : a.numberOrName("lr") {
    case .name("theorem")?: lr = try theoremStepSize(for: f.name)
    case .number(let x)?: lr = x
    default: lr = 0  // gradient flow has no step size
    }
    var stop = try a.expression("stop").map { try stopRule($0) } ?? StopRule()
    if let t = try a.entry.parameter(named: "time") == nil ? nil : a.optionalReal("time") { stop.wallTime = t }
    let spec = RunSpec(optimizer: kind, lr: lr, steps: steps, stop: stop,
                       sphereBlocks: f.blocks.filter(\.onSphere).map(\.range),
                       trackers: try trackers(for: name, f, steps: steps),
                       keepIterates: iteratePolicy(for: name, objective: f.name, steps: steps,
                                                   parameters: f.objective.parameterCount))
    let result = try Optimizer.run(f.objective, from: f.initial, spec: spec, rng: env.stream(name),
                                   limits: try remainingLimits(), progress: stepObserver(name, steps),
                                   isCancelled: isCancelled)
    return RunValue(name: name, key: env.key, optimizer: text(e.span), kind: kind, lr: lr, objective: f.name,
                    convention: f.convention, result: result)
  }

  /// The loss or objective an optimizer call trains.
  func trainedObjective(_ a: CallArguments) throws -> ObjectiveValue {
    guard case .objective(let f)? = try a.value("loss") else {
      throw a.error("loss", "\(a.entry.name) needs a loss or objective")
    }
    return f
  }

  /// `loss < 1e-3 or grad_norm < 1e-6` as a StopRule.
  func stopRule(_ e: TExpr) throws -> StopRule {
    var rule = StopRule()
    func add(_ e: TExpr) throws {
      switch e.kind {
      case .binary(.or, let l, let r):
        try add(l)
        try add(r)
      case .binary(let op, let l, let r) where op == .less || op == .lessEqual:
        guard case .implicit(let metric) = l.kind, let bound = r.constant?.realValue ?? (try? env.evaluate(r).number) ?? nil else {
          throw RuntimeError(.argument, "a stop rule compares a run metric with a number, as in 'loss < 1e-3'")
        }
        switch metric {
        case "loss": rule.lossBelow = bound
        case "grad_norm": rule.gradNormBelow = bound
        default: throw RuntimeError(.argument, "'\(metric) <' cannot stop a run; use loss or grad_norm")
        }
      case .binary(let op, let l, let r) where op == .greater || op == .greaterEqual:
        guard case .implicit("time") = l.kind, let bound = r.constant?.realValue else {
          throw RuntimeError(.argument, "only 'time > seconds' can bound a run from above")
        }
        rule.wallTime = bound
      default:
        throw RuntimeError(.argument, "stop rules are comparisons joined by 'or', as in 'loss < 1e-3 or grad_norm < 1e-8'")
      }
    }
    try add(e)
    return rule
  }
}
