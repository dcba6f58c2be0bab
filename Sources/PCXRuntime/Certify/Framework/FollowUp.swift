import PCXNumerics

/// What a certificate leaves for later runs of the objective it measured: the step size its
/// theorem prescribes (`lr: theorem`) and the theorem's guarantee, checked against any later
/// run it applies to (a certificate written before its run, as `lr: theorem` requires).
public struct CertificateFollowUp: Sendable {
  /// The objective the certificate measured.
  let objective: String
  /// The step size the theorem prescribes, with where it comes from (`001 Thm 2.2`).
  let stepSize: (eta: Double, source: String)?
  /// The guarantee for a run, or nil when the theorem says nothing about that run.
  let guarantee: @Sendable (RunValue) -> Guarantee?
}

extension Interpreter {
  /// `lr: theorem`: the step size of the latest certificate of `objective` (in this sweep
  /// iteration) that prescribes one.
  func theoremStepSize(for objective: String) throws -> Double {
    let keyText = "\(env.key)"
    for request in experiment.certificates.reversed() where "\(request.key)" == keyText {
      if let follow = request.followUp, follow.objective == objective, let step = follow.stepSize {
        guard step.eta > 0, step.eta.isFinite else {
          throw RuntimeError(.argument, "lr: theorem: the step size of \(request.name) (\(step.source)) is \(step.eta); the certificate's hypotheses fail")
        }
        return step.eta
      }
    }
    throw RuntimeError(.argument, "lr: theorem needs an earlier certificate of \(objective) that prescribes a step size",
                       hint: "certify chatterjee(\(objective), at: ..., radius: ...) (001 Thm 2.2) or smoothness(\(objective), on: ...) (eta = 1/beta) before this train")
  }

  /// Checks the guarantees that earlier certificates of `run`'s objective left for later runs,
  /// filling those that have none yet (the results document and bound names see the update).
  mutating func applyFollowUps(to run: RunValue) {
    let keyText = "\(env.key)"
    for i in experiment.certificates.indices {
      let request = experiment.certificates[i]
      guard "\(request.key)" == keyText, let follow = request.followUp, follow.objective == run.objective,
            var outcome = request.outcome, outcome.guarantee == nil, let g = follow.guarantee(run) else { continue }
      outcome.guarantee = g
      experiment.certificates[i].outcome = outcome
      if let binding = request.binding, case .certificate(let bound)? = env.values[binding], bound.span == request.span {
        env.values[binding] = .certificate(experiment.certificates[i])
      }
    }
  }
}
