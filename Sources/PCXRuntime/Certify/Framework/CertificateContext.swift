import PCXNumerics
import PCXSema

/// Everything a certificate may use, as values: its arguments, the environment they are
/// evaluated in, the runs made so far, the limits and the host's cancellation. A certificate
/// returns its record and follow-up (`CertificateOutcome`); it changes nothing else.
struct CertificateContext: Sendable {
  /// The binding, or the certificate's name when unbound: it names the random streams.
  let name: String
  /// The call's arguments.
  let arguments: CallArguments
  /// The environment of the `certify` statement.
  let env: Environment
  /// The runs made so far, in order.
  let runs: [RunValue]
  /// The resource limits of the script (bytes for kernels, wall time).
  let limits: ResourceLimits
  /// Asked inside long loops; true stops the certificate with `CertificateCancelled`.
  let isCancelled: @Sendable () -> Bool

  /// The stream of this certificate (SPEC §2.3), `certify NAME` plus a suffix per use.
  func stream(_ suffix: String = "") -> RandomStream { env.stream("certify \(name)\(suffix)") }

  /// Throws `CertificateCancelled` when the host asked to stop; long certificate loops call it.
  func checkCancelled() throws {
    if isCancelled() { throw CertificateCancelled() }
  }

  /// The objective or loss given for `parameter`.
  func objective(_ parameter: String) throws -> ObjectiveValue {
    guard case .objective(let o)? = try arguments.value(parameter) else {
      throw arguments.error(parameter, "\(arguments.entry.name) needs an objective or loss for \(parameter):")
    }
    return o
  }

  /// The objective as one pcx differentiates twice (every loss and objective expression is).
  func secondOrder(_ f: ObjectiveValue, _ parameter: String) throws -> any SecondOrderObjective {
    guard let second = f.objective as? SecondOrderObjective else {
      throw arguments.error(parameter, "\(arguments.entry.name) needs an objective pcx can differentiate twice")
    }
    return second
  }

  /// The loss of a model on data given for `parameter`, or an error saying why it must be one.
  func loss(_ f: ObjectiveValue, _ parameter: String, because reason: String) throws -> LossObjective {
    guard let loss = f.objective as? LossObjective else { throw arguments.error(parameter, reason) }
    return loss
  }

  /// A point given per parameter of f in declaration order (`at: (x, y)`) as a flat vector.
  func point(_ e: TExpr, dimension: Int) throws -> Tensor {
    let v = try env.evaluate(e)
    let parts: [Value]
    if case .tuple(let items) = v { parts = items } else { parts = [v] }
    let flat = try parts.flatMap { p -> [Double] in
      guard let t = p.tensor else { throw RuntimeError(.argument, "a point's coordinates must be numbers", at: e.span) }
      return t.scalars
    }
    guard flat.count == dimension else {
      throw RuntimeError(.argument, "the point has \(flat.count) coordinates; the objective has \(dimension) parameters", at: e.span)
    }
    return Tensor(flat)
  }

  /// The point of argument `name`, nil when the script left it out.
  func point(argument name: String, dimension: Int) throws -> Tensor? {
    try arguments.expression(name).map { try point($0, dimension: dimension) }
  }

  /// The run given for `parameter`.
  func run(_ parameter: String) throws -> RunValue {
    guard case .run(let r)? = try arguments.value(parameter) else {
      throw arguments.error(parameter, "\(arguments.entry.name) needs a run for \(parameter):")
    }
    return r
  }

  /// The latest run of `objective` at this sweep point (what a certificate's guarantee attaches to).
  func latestRun(of objective: String) -> RunValue? {
    runs.last { $0.objective == objective && "\($0.key)" == env.keyText }
  }
}

/// A certificate stopped by the host's cancellation (Ctrl-C in the REPL, task cancellation in
/// the embedding API): the statement is abandoned and the script ends as cancelled.
struct CertificateCancelled: Error {}
