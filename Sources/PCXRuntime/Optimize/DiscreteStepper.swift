import Foundation
import PCXNumerics

/// The state and update rule of one discrete optimizer: theta_t -> theta_{t+1}.
struct DiscreteStepper {
  /// The optimizer.
  let kind: OptimizerKind
  /// The learning rate.
  let lr: Double
  /// Coordinate blocks on the unit sphere (riemannian_gd).
  let blocks: [Range<Int>]
  /// The number of samples (sgd).
  let sampleCount: Int
  /// The run's random stream (sgd indices, perturbations).
  var rng: RandomStream
  /// Momentum velocity v, or Adam's first moment m.
  var first: [Double]
  /// Adam's second moment v.
  var second: [Double]
  /// Adam's step counter t (1 at the first update).
  var adamStep = 0
  /// The step of the last perturbation (perturbed GD).
  var lastPerturbation: Int?
  /// The grad_norm stop threshold, for perturbed GD's termination test.
  let gradNormBelow: Double?
  /// A perturbation of a point that met the grad_norm rule: its step and loss (perturbed GD).
  var pendingEscape: (step: Int, loss: Double)?

  /// What one step produced.
  struct Outcome {
    /// theta_{t+1}.
    var theta: [Double]
    /// The norm of the perturbation added to theta_t, when there was one.
    var perturbation: Double?
  }

  /// A stepper for `spec` on `p` parameters.
  init(spec: RunSpec, parameterCount p: Int, sampleCount: Int?, rng: RandomStream) {
    kind = spec.optimizer
    lr = spec.lr
    blocks = spec.sphereBlocks
    self.sampleCount = sampleCount ?? 0
    self.rng = rng
    gradNormBelow = spec.stop.gradNormBelow
    first = [Double](repeating: 0, count: p)
    second = [Double](repeating: 0, count: p)
  }

  /// The gradient the method follows: on each sphere block the Riemannian gradient
  /// (I - x x^T) grad f(x) (002 Sec 2.3: grad f(x) = P_x grad f-bar(x), P_x = I - x x^T),
  /// elsewhere the Euclidean one.
  func methodGradient(theta: [Double], gradient: [Double]) -> [Double] {
    guard kind == .riemannianGD else { return gradient }
    var g = gradient
    for b in blocks {
      let xg = Flat.dot(theta, gradient, b)
      for i in b { g[i] -= xg * theta[i] }
    }
    return g
  }

  /// Whether the ordinary grad_norm stop rule may fire at step t. Perturbed GD does not stop
  /// where it means to perturb, nor within `interval` steps after a perturbation; instead
  /// `escapeTestReason` applies Jin et al.'s termination test to the perturbed point.
  func allowsGradientStop(step t: Int, gradNorm: Double) -> Bool {
    guard case .perturbedGD(_, _, let interval) = kind else { return true }
    if perturbationDue(step: t, gradNorm: gradNorm) { return false }
    if let last = lastPerturbation, t - last <= interval { return false }
    return true
  }

  /// Jin et al. (2017), Algorithm 2's termination test with f_thres = 0: when perturbed GD
  /// perturbed a point x~ whose gradient met the grad_norm stop rule, and `interval` steps later
  /// the loss is not below f(x~), the perturbation found no descent: x~ is an approximate local
  /// minimum and the run stops. A strict saddle fails the test (the loss drops as the iterate
  /// escapes along the negative curvature, 002 Def 2.1).
  mutating func escapeTestReason(step t: Int, loss: Double) -> String? {
    guard case .perturbedGD(_, _, let interval) = kind, let pending = pendingEscape,
      t - pending.step == interval, let eps = gradNormBelow
    else { return nil }
    pendingEscape = nil
    guard loss >= pending.loss else { return nil }
    return "grad_norm < \(OptimFormat.threshold(eps)) at step \(pending.step), an approximate local minimum: "
      + "a perturbation there did not lower the loss within \(interval) steps"
  }

  /// Jin et al. (2017) Algorithm 2's condition: ||grad f(x_t)|| <= g_thres and t - t_noise > t_thres.
  func perturbationDue(step t: Int, gradNorm: Double) -> Bool {
    guard case .perturbedGD(_, let threshold, let interval) = kind else { return false }
    return gradNorm <= threshold && lastPerturbation.map { t - $0 > interval } ?? true
  }

  /// One step from theta_t with (full) value f_t and gradient g_t, taken at step t.
  mutating func step(
    _ eval: inout Evaluator, theta: [Double], value: Double, gradient: [Double], step t: Int
  ) throws -> Outcome {
    switch kind {
    case .gd:
      return Outcome(theta: descend(theta, gradient))
    case .sgd(let batch):
      let indices = try Self.drawBatch(batch, from: sampleCount, rng: &rng)
      return Outcome(theta: descend(theta, try eval.batch(theta, indices).gradient))
    case .momentum(let beta):
      return Outcome(theta: heavyBall(theta, gradient, beta: beta))
    case .nesterov(let beta):
      // At t = 0 the velocity is zero and the look-ahead point is theta_t itself.
      let ahead = t == 0 ? gradient : try eval.full(lookAhead(theta, beta: beta)).gradient
      return Outcome(theta: heavyBall(theta, ahead, beta: beta))
    case .adam(let beta1, let beta2, let epsilon):
      return Outcome(theta: adam(theta, gradient, beta1: beta1, beta2: beta2, epsilon: epsilon))
    case .riemannianGD:
      return Outcome(theta: riemannianStep(theta, gradient))
    case .perturbedGD(let radius, _, _):
      let gradNorm = Flat.norm(gradient)
      guard perturbationDue(step: t, gradNorm: gradNorm) else {
        return Outcome(theta: descend(theta, gradient))
      }
      let xi = try Self.uniformBall(dimension: theta.count, radius: radius, rng: &rng)
      lastPerturbation = t
      if let eps = gradNormBelow, gradNorm < eps { pendingEscape = (t, value) }
      let moved = zip(theta, xi).map { $0 + $1 }
      return Outcome(theta: descend(moved, try eval.full(moved).gradient), perturbation: Flat.norm(xi))
    case .gradientFlow:
      // unreachable: Optimizer.run sends gradient flow to the ODE driver.
      throw RuntimeError(.argument, "gradient_flow has no discrete steps")
    }
  }

  /// theta - lr g.
  func descend(_ theta: [Double], _ g: [Double]) -> [Double] {
    var out = theta
    for i in out.indices { out[i] -= lr * g[i] }
    return out
  }

  /// v <- beta v - lr g; theta + v (Polyak's heavy ball; Nesterov passes g at the look-ahead).
  mutating func heavyBall(_ theta: [Double], _ g: [Double], beta: Double) -> [Double] {
    var out = theta
    for i in out.indices {
      first[i] = beta * first[i] - lr * g[i]
      out[i] += first[i]
    }
    return out
  }

  /// theta + beta v, where Sutskever et al. (2013) evaluate Nesterov's gradient.
  func lookAhead(_ theta: [Double], beta: Double) -> [Double] {
    var out = theta
    for i in out.indices { out[i] += beta * first[i] }
    return out
  }

  /// Kingma & Ba (2015), Algorithm 1: m <- b1 m + (1-b1) g, v <- b2 v + (1-b2) g^2,
  /// m^ = m / (1 - b1^t), v^ = v / (1 - b2^t), theta <- theta - lr m^ / (sqrt(v^) + eps).
  mutating func adam(
    _ theta: [Double], _ g: [Double], beta1: Double, beta2: Double, epsilon: Double
  ) -> [Double] {
    adamStep += 1
    let c1 = 1 - pow(beta1, Double(adamStep)), c2 = 1 - pow(beta2, Double(adamStep))
    var out = theta
    for i in out.indices {
      first[i] = beta1 * first[i] + (1 - beta1) * g[i]
      second[i] = beta2 * second[i] + (1 - beta2) * g[i] * g[i]
      let denominator = (second[i] / c2).squareRoot() + epsilon
      // With epsilon = 0 a coordinate whose gradients were all zero has m = v = 0: no move.
      if denominator > 0 { out[i] -= lr * (first[i] / c1) / denominator }
    }
    return out
  }

  /// One Riemannian GD step (002 Sec 2.3): on each sphere block x <- (x - lr g_R) / ||x - lr g_R||,
  /// the retraction by normalisation; other coordinates take a GD step. Since g_R is
  /// orthogonal to x, ||x - lr g_R|| >= ||x|| = 1 and the division is safe.
  func riemannianStep(_ theta: [Double], _ gradient: [Double]) -> [Double] {
    var out = descend(theta, methodGradient(theta: theta, gradient: gradient))
    for b in blocks {
      let n = Flat.norm(Array(out[b]))
      for i in b { out[i] /= n }
    }
    return out
  }

  /// The sample indices of one SGD step: one uniform index (with replacement across steps)
  /// for online SGD (000 Sec 1, 003 Thm 7 with s = 1); `batch` distinct uniform indices otherwise.
  static func drawBatch(_ batch: Int, from n: Int, rng: inout RandomStream) throws -> [Int] {
    do {
      if batch == 1 { return [try rng.nextInt(below: n)] }
      return try rng.sampleWithoutReplacement(n: n, k: batch)
    } catch {
      throw RuntimeError(.argument, "cannot draw an sgd batch of \(batch) from \(n) samples: \(error)")
    }
  }

  /// A point uniform in the ball of `radius` in R^d: a uniform direction (a normalised Gaussian)
  /// times radius U^(1/d), since the volume within radius r grows as r^d.
  static func uniformBall(dimension d: Int, radius: Double, rng: inout RandomStream) throws -> [Double] {
    do {
      let u = try rng.unitSphere(d).scalars
      let r = radius * pow(rng.nextDouble(), 1 / Double(d))
      return u.map { $0 * r }
    } catch {
      throw RuntimeError(.argument, "cannot draw a perturbation in dimension \(d): \(error)")
    }
  }
}
