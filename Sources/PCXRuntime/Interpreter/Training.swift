import PCXNumerics
import PCXSema

/// `train name = optimizer(objective, ...)`: the optimizer, its step size, stop rules and what
/// the run must trace, then the run itself.
extension Interpreter {
  mutating func train(_ name: String, _ e: TExpr) throws -> RunValue {
    guard case .call(let fn, _, let args) = e.kind else { throw RuntimeError(.argument, "train needs an optimizer call") }
    let a = Arguments(args)
    guard let le = a.value("loss"), case .objective(let f) = try evaluate(le, declaration: name) else {
      throw RuntimeError(.argument, "\(fn) needs a loss or objective")
    }
    try options.limits.checkParameters(f.objective.parameterCount, "objective \(f.name)")
    let kind = try optimizerKind(fn, a, name)
    let steps = try a.value("steps").map { try intValue($0, name) } ?? (fn == "gradient_flow" ? 1_000_000 : 1000)
    let lr: Double
    if let lre = a.value("lr") {
      if case .choice("theorem") = lre.kind {
        lr = try theoremStepSize(for: f.name)
      } else {
        lr = try number(lre, name)
      }
    } else {
      lr = fn == "adam" ? 1e-3 : 0
    }
    var stop = try a.value("stop").map { try stopRule($0) } ?? StopRule()
    if let t = a.value("time") { stop.wallTime = try number(t, name) }
    let spec = RunSpec(optimizer: kind, lr: lr, steps: steps, stop: stop,
                       sphereBlocks: f.blocks.filter(\.onSphere).map(\.range),
                       trackers: try trackers(for: name, f, steps: steps),
                       keepIterates: iteratePolicy(for: name, objective: f.name, steps: steps,
                                                   parameters: f.objective.parameterCount))
    let result = try Optimizer.run(f.objective, from: f.initial, spec: spec, rng: env.stream(name),
                                   limits: try remainingLimits(), progress: stepObserver(name, steps),
                                   isCancelled: isCancelled)
    return RunValue(name: name, key: env.key, optimizer: text(e.span), objective: f.name,
                    convention: f.convention, result: result)
  }

  func optimizerKind(_ fn: String, _ a: Arguments, _ name: String) throws -> OptimizerKind {
    func real(_ p: String, _ d: Double) throws -> Double { try a.value(p).map { try number($0, name) } ?? d }
    switch fn {
    case "gd": return .gd
    case "sgd": return .sgd(batch: try a.value("batch").map { try intValue($0, name) } ?? 1)
    case "momentum": return .momentum(beta: try real("beta", 0.9))
    case "nesterov": return .nesterov(beta: try real("beta", 0.9))
    case "adam": return .adam(beta1: try real("beta1", 0.9), beta2: try real("beta2", 0.999), epsilon: try real("eps", 1e-8))
    case "riemannian_gd": return .riemannianGD
    case "perturbed_gd":
      return .perturbedGD(radius: try real("radius", 1e-3), threshold: try real("threshold", 1e-3),
                          interval: try a.value("interval").map { try intValue($0, name) } ?? 10)
    case "gradient_flow": return .gradientFlow(until: try real("until", 1), tol: try real("tol", 1e-8))
    default: throw RuntimeError(.argument, "\(fn) is not an optimizer")
    }
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
        guard case .implicit(let metric) = l.kind, let bound = r.constant?.realValue ?? (try? evaluate(r).number) ?? nil else {
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
