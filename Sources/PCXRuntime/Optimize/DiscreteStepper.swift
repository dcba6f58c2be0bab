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

  /// The starting point theta_0, for the distance of each new iterate.
  let origin: [Double]
  /// Scratch for Nesterov's look-ahead point and gradient (allocated on its first use).
  var scratch: [Double] = []
  var scratchGradient: [Double] = []

  /// What one step produced beside theta_{t+1} (written in place).
  struct Outcome {
    /// The norm of the perturbation added to theta_t, when there was one.
    var perturbation: Double?
    /// ||theta_{t+1} - theta_0||^2 when the update's own pass summed it (eight lanes).
    var distanceSquared: Double?
  }

  /// A stepper for `spec` on `p` parameters starting at `origin`.
  init(spec: RunSpec, origin: [Double], sampleCount: Int?, rng: RandomStream) {
    let p = origin.count
    kind = spec.optimizer
    lr = spec.lr
    blocks = spec.sphereBlocks
    self.sampleCount = sampleCount ?? 0
    self.rng = rng
    gradNormBelow = spec.stop.gradNormBelow
    self.origin = origin
    first = kind.keepsFirstMoment ? [Double](repeating: 0, count: p) : []
    second = kind.isAdam ? [Double](repeating: 0, count: p) : []
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

  /// ||method gradient|| for the grad_norm trace and stop rule, summed in eight lanes.
  func methodGradientNorm(theta: [Double], gradient: [Double]) -> Double {
    LaneSums.norm(kind == .riemannianGD ? methodGradient(theta: theta, gradient: gradient) : gradient)
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

  /// One step from theta_t with (full) value f_t and gradient g_t, taken at step t: theta
  /// becomes theta_{t+1} in place (no copy of the parameter vector).
  mutating func step(
    _ eval: inout ObjectiveCalls, theta: inout [Double], value: Double, gradient: [Double], step t: Int
  ) throws -> Outcome {
    switch kind {
    case .gd:
      return Outcome(distanceSquared: descend(&theta, gradient))
    case .sgd(let batch):
      let indices = try Self.drawBatch(batch, from: sampleCount, rng: &rng)
      return Outcome(distanceSquared: descend(&theta, try eval.batch(theta, indices).gradient))
    case .momentum(let beta):
      heavyBall(&theta, gradient, beta: beta)
    case .nesterov(let beta):
      // At t = 0 the velocity is zero and the look-ahead point is theta_t itself.
      if t == 0 {
        heavyBall(&theta, gradient, beta: beta)
      } else {
        lookAhead(theta, beta: beta, into: &scratch)
        if scratchGradient.count != theta.count { scratchGradient = [Double](repeating: 0, count: theta.count) }
        _ = try eval.full(scratch, into: &scratchGradient)
        heavyBall(&theta, scratchGradient, beta: beta)
      }
    case .adam(let beta1, let beta2, let epsilon):
      adam(&theta, gradient, beta1: beta1, beta2: beta2, epsilon: epsilon)
    case .riemannianGD:
      riemannianStep(&theta, gradient)
    case .perturbedGD(let radius, _, _):
      let gradNorm = LaneSums.norm(gradient)  // the grad_norm the loop recorded at this step
      guard perturbationDue(step: t, gradNorm: gradNorm) else {
        return Outcome(distanceSquared: descend(&theta, gradient))
      }
      let xi = try Self.uniformBall(dimension: theta.count, radius: radius, rng: &rng)
      lastPerturbation = t
      if let eps = gradNormBelow, gradNorm < eps { pendingEscape = (t, value) }
      for i in theta.indices { theta[i] += xi[i] }
      let moved = try eval.full(theta).gradient
      return Outcome(perturbation: Flat.norm(xi), distanceSquared: descend(&theta, moved))
    case .gradientFlow:
      // unreachable: Optimizer.run sends gradient flow to the ODE driver.
      throw RuntimeError(.argument, "gradient_flow has no discrete steps")
    }
    return Outcome()
  }

  /// theta <- theta - lr g, in place; returns ||theta_{t+1} - theta_0||^2 from the same pass.
  func descend(_ theta: inout [Double], _ g: [Double]) -> Double {
    let lr = self.lr
    return theta.withUnsafeMutableBufferPointer { x in
      g.withUnsafeBufferPointer { gp in
        origin.withUnsafeBufferPointer { o in LaneSums.descend(x, gp, lr: lr, origin: o) }
      }
    }
  }

  /// v <- beta v - lr g; theta <- theta + v (Polyak's heavy ball; Nesterov passes g at the
  /// look-ahead), in place.
  mutating func heavyBall(_ theta: inout [Double], _ g: [Double], beta: Double) {
    let lr = self.lr
    theta.withUnsafeMutableBufferPointer { x in
      first.withUnsafeMutableBufferPointer { v in
        g.withUnsafeBufferPointer { g in
          for i in 0..<x.count {
            v[i] = beta * v[i] - lr * g[i]
            x[i] += v[i]
          }
        }
      }
    }
  }

  /// theta + beta v, where Sutskever et al. (2013) evaluate Nesterov's gradient, into `out`.
  func lookAhead(_ theta: [Double], beta: Double, into out: inout [Double]) {
    if out.count != theta.count { out = theta } else { out.withUnsafeMutableBufferPointer { o in
      theta.withUnsafeBufferPointer { t in for i in 0..<t.count { o[i] = t[i] } }
    } }
    for i in out.indices { out[i] += beta * first[i] }
  }

  /// Kingma & Ba (2015), Algorithm 1: m <- b1 m + (1-b1) g, v <- b2 v + (1-b2) g^2,
  /// m^ = m / (1 - b1^t), v^ = v / (1 - b2^t), theta <- theta - lr m^ / (sqrt(v^) + eps), in place.
  mutating func adam(
    _ theta: inout [Double], _ g: [Double], beta1: Double, beta2: Double, epsilon: Double
  ) {
    adamStep += 1
    let c1 = 1 - pow(beta1, Double(adamStep)), c2 = 1 - pow(beta2, Double(adamStep)), lr = self.lr
    theta.withUnsafeMutableBufferPointer { x in
      first.withUnsafeMutableBufferPointer { m in
        second.withUnsafeMutableBufferPointer { v in
          g.withUnsafeBufferPointer { g in
            for i in 0..<x.count {
              m[i] = beta1 * m[i] + (1 - beta1) * g[i]
              v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
              let denominator = (v[i] / c2).squareRoot() + epsilon
              // With epsilon = 0 a coordinate whose gradients were all zero has m = v = 0: no move.
              if denominator > 0 { x[i] -= lr * (m[i] / c1) / denominator }
            }
          }
        }
      }
    }
  }

  /// One Riemannian GD step (002 Sec 2.3): on each sphere block x <- (x - lr g_R) / ||x - lr g_R||,
  /// the retraction by normalisation; other coordinates take a GD step. Since g_R is
  /// orthogonal to x, ||x - lr g_R|| >= ||x|| = 1 and the division is safe.
  func riemannianStep(_ theta: inout [Double], _ gradient: [Double]) {
    let g = methodGradient(theta: theta, gradient: gradient)
    for i in theta.indices { theta[i] -= lr * g[i] }
    for b in blocks {
      let n = Flat.norm(Array(theta[b]))
      for i in b { theta[i] /= n }
    }
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

extension OptimizerKind {
  /// Adam keeps a second moment per parameter.
  var isAdam: Bool { if case .adam = self { return true } else { return false } }
  /// Momentum, Nesterov and Adam keep a vector per parameter (velocity, first moment).
  var keepsFirstMoment: Bool {
    switch self {
    case .momentum, .nesterov, .adam: return true
    default: return false
    }
  }
}
