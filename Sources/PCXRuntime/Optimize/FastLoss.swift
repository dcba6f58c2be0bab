import PCXNumerics

/// The in-place path of a run's objective: the square or mse loss of a plain MLP (no residual
/// blocks), evaluated by `MLPSquareLoss` straight from the flat parameter vector into the flat
/// gradient with a workspace allocated once per run. Its numbers are the tape's
/// (`LossObjective.valueAndGradient`) bit for bit; with `tracksAverageGradient` the gradient
/// and ||gbar_t|| come from one backward pass (see `MLPSquareLoss`).
final class FastLoss {
  /// The evaluator and its workspace.
  let loss: MLPSquareLoss
  /// Ranges of the flat vector that are not trained (their gradient is zero, as the tape path
  /// writes it).
  let fixed: [Range<Int>]
  /// Whether each evaluation also computes ||gbar|| (the run tracks `avg_grad_norm`).
  let tracksAverageGradient: Bool
  /// gbar of the last evaluation (tracking only).
  var averageGradient: [Double]

  /// The fast path for `objective` when it is an MLP's square/mse loss, else nil; it tracks
  /// gbar when a tracker asks for it and the network has one output.
  init?(_ objective: any Objective, trackers: [Tracker]) {
    guard let lo = objective as? LossObjective, lo.kind == .square || lo.kind == .mse,
      case .mlp(let net) = lo.model.architecture, !lo.model.residual, MLPSquareLoss.supports(net),
      let loss = try? MLPSquareLoss(net: net, inputs: lo.data.x, targets: lo.data.y, scale: lo.fullScale)
    else { return nil }
    self.loss = loss
    fixed = lo.model.fixed
    tracksAverageGradient = loss.supportsTracking && trackers.contains { $0.byproduct == .averageGradientNorm }
    averageGradient = tracksAverageGradient ? [Double](repeating: 0, count: net.parameterCount) : []
  }

  /// f(theta), its gradient written to `gradient`, and ||gbar|| when tracked.
  func evaluate(_ theta: [Double], into gradient: inout [Double]) -> (value: Double, averageGradientNorm: Double?) {
    var result: (Double, Double?) = (0, nil)
    theta.withUnsafeBufferPointer { t in
      gradient.withUnsafeMutableBufferPointer { g in
        guard let pt = t.baseAddress, let pg = g.baseAddress else { return }
        if tracksAverageGradient {
          averageGradient.withUnsafeMutableBufferPointer { a in
            guard let pa = a.baseAddress else { return }
            let r = loss.evaluateTracking(theta: pt, gradient: pg, averageGradient: pa)
            result = (r.value, r.averageGradientNorm)
          }
        } else {
          result = (loss.evaluate(theta: pt, gradient: pg), nil)
        }
      }
    }
    for r in fixed { for i in r { gradient[i] = 0 } }
    return result
  }
}
