import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Optimizers: gradient flow, the sphere, saddle escape")
struct OptimGeometryTests {
  typealias F = OptimFixtures

  /// The flow of 0.5 ||x||^2 is x0 e^{-t}; every accepted state is checked at its own time.
  @Test func gradientFlowOnHalfSquaredNormMatchesExponentialDecay() throws {
    let x0 = [1.0, -2.0, 0.5]
    let spec = F.spec(.gradientFlow(until: 5, tol: 1e-10), lr: 0, steps: 10_000, keep: .all)
    let r = try F.run(F.quadratic([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), x0, spec)
    #expect(r.status == .completed)
    let time = try #require(r.traces["time"])
    #expect(time.isEveryStep && time.count == r.steps + 1 && time.values.first == 0 && time.values.last == 5)
    #expect(r.iterates.count == r.steps + 1 && r.steps > 10)
    for (k, theta) in r.iterates {
      let t = time.values[k]
      expectClose(theta.scalars, x0.map { $0 * exp(-t) }, rel: 0, abs: 1e-8, "x(\(t))")
    }
    let h = try #require(r.traces["step_size"])
    #expect(h.steps == Array(1...r.steps))
    expectClose(h.values.reduce(0, +), 5, rel: 1e-14, "sum of accepted steps")
    expectClose(r.finalLoss, 0.5 * exp(-10) * 5.25, rel: 1e-7, "f(x(5))")
  }

  /// 001 Sec 3: from (2, 0.2), not on y = -x, the flow of (xy - 1)^2 converges to xy = 1, and
  /// f decreases along it (d f / dt = -||grad f||^2).
  @Test func gradientFlowOnXYConvergesToTheMinimumSet() throws {
    let r = try F.run(F.xyMinusOne, [2, 0.2], F.spec(.gradientFlow(until: 50, tol: 1e-8), lr: 0, steps: 100_000))
    let x = r.finalParameters.scalars
    expectClose(x[0] * x[1], 1, rel: 0, abs: 1e-7, "xy at t = 50")
    let loss = try #require(r.traces["loss"]).values
    #expect(zip(loss, loss.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 })
  }

  /// Stop rules, the step budget and cancellation end a flow at an accepted step.
  @Test func gradientFlowStopsAndCancels() throws {
    let f = F.quadratic([[1]])
    let stop = try F.run(f, [1], F.spec(.gradientFlow(until: 100, tol: 1e-8), lr: 0, steps: 1000, stop: StopRule(lossBelow: 1e-6)))
    guard case .stopped(let reason) = stop.status else { Issue.record("\(stop.status)"); return }
    #expect(reason == "loss < 1e-06 at step \(stop.steps)" && stop.finalLoss < 1e-6)
    // 0.5 e^{-2t} < 1e-6 from t = ln(5e5)/2 = 6.56 on; the step before was still above.
    let times = try #require(stop.traces["time"]).values
    #expect(times[stop.steps] > log(5e5) / 2 && times[stop.steps - 1] < log(5e5) / 2)

    let budget = try F.run(f, [1], F.spec(.gradientFlow(until: 100, tol: 1e-8), lr: 0, steps: 3))
    #expect(budget.steps == 3)
    if case .stopped(let reason) = budget.status {
      #expect(reason.hasPrefix("step limit 3 reached at t = ") && reason.hasSuffix("before until = 100"))
    } else { Issue.record("\(budget.status)") }

    var calls = 0
    let cancelled = try Optimizer.run(
      f, from: Tensor([1]), spec: F.spec(.gradientFlow(until: 100, tol: 1e-8), lr: 0, steps: 1000),
      rng: RandomStream(seed: 0), limits: ResourceLimits(), isCancelled: { calls += 1; return calls > 3 })
    #expect(cancelled.status == .cancelled && cancelled.steps == 3 && cancelled.traces["loss"]?.count == 4)
  }

  /// dx/dt = x^3 (f = -x^4/4) from 1 blows up at t = 1/2: the run reports divergence with a step.
  @Test func gradientFlowBlowUpIsReportedAsDivergence() throws {
    let f = ClosureObjective(parameterCount: 1) { t in
      let x = t.scalars[0]
      return (-x * x * x * x / 4, Tensor([-x * x * x]))
    }
    let e = optimExpectError { _ = try F.run(f, [1], F.spec(.gradientFlow(until: 1, tol: 1e-6), lr: 0, steps: 100_000)) }
    #expect(e?.kind == .numerics)
    #expect(e?.message.hasPrefix("the run diverged at step ") == true, "\(e?.message ?? "")")
    #expect(e?.message.contains("past the divergence bound") == true)
  }

  /// Riemannian GD on -x^T M x over the sphere converges to the top eigenvector of M (002 Sec 2.3,
  /// the PCA landscape of Sec 4.1) with ||x|| = 1 at every iterate; the free coordinate z of
  /// + 0.5 (z - 3)^2 takes plain GD steps, z_t = 3 - 3 * 0.9^t.
  @Test func riemannianGDFindsTheTopEigenvectorOnTheSphere() throws {
    let m: [[Double]] = [[4, 1, 0], [1, 3, 1], [0, 1, 1]]
    let rayleigh = F.rayleigh(m)
    let f = ClosureObjective(parameterCount: 4) { t in
      let (v, g) = try rayleigh.valueAndGradient(Tensor(Array(t.scalars[0..<3])))
      let z = t.scalars[3]
      return (v + 0.5 * (z - 3) * (z - 3), Tensor(g.scalars + [z - 3]))
    }
    let ambient = Tracker(name: "ambient_grad_norm", every: 1) { p in Tensor(Array(p.gradient.scalars[0..<3])).norm() }
    let spec = RunSpec(optimizer: .riemannianGD, lr: 0.1, steps: 200, sphereBlocks: [0..<3],
                       trackers: [ambient], keepIterates: .all)
    let r = try F.run(f, [1, 1, 1, 0], spec)
    let s3 = 1 / 3.0.squareRoot()
    expectClose(r.initialParameters.scalars, [s3, s3, s3, 0], rel: 1e-15, "projected start")
    for (t, theta) in r.iterates {
      let n = Tensor(Array(theta.scalars[0..<3])).norm()
      #expect(Swift.abs(n - 1) <= 1e-14, "||x_\(t)|| = \(n)")
      expectClose(theta.scalars[3], 3 - 3 * pow(0.9, Double(t)), rel: 1e-14, "z_\(t)")
    }
    let eig = try LinearAlgebra.symmetricEigen(Tensor(rows: m))
    let vectors = try #require(eig.vectors).scalars
    let top = (0..<3).map { vectors[$0 * 3 + 2] }, lambda = eig.values[2]
    let x = Array(r.finalParameters.scalars[0..<3])
    let sign = F.dot(x, top) < 0 ? -1.0 : 1.0
    expectClose(x, top.map { sign * $0 }, rel: 0, abs: 1e-12, "top eigenvector")
    expectClose(r.finalLoss, -lambda, rel: 1e-13, "f = -lambda_max")
    // The Riemannian gradient on the sphere vanishes, leaving z - 3 = -3 * 0.9^200 in grad_norm;
    // the ambient gradient on the sphere block is -2 lambda x, of norm 2 lambda.
    expectClose(try #require(r.traces["grad_norm"]?.last), 3 * pow(0.9, 200), rel: 1e-6, "grad_norm")
    expectClose(try #require(r.traces["ambient_grad_norm"]?.last), 2 * lambda, rel: 1e-12, "ambient")
  }

  /// At the strict saddle (0, 0) of x^2 - y^2 + y^4/4 the gradient is 0: GD stays (and its
  /// grad_norm rule stops at once); perturbed GD escapes to a minimum (0, +-sqrt 2), f = -1, and
  /// stops there by Jin et al.'s test.
  @Test func perturbedGDEscapesTheSaddleWherePlainGDStays() throws {
    let stop = StopRule(gradNormBelow: 1e-3)
    let plain = try F.run(F.saddle, [0, 0], F.spec(lr: 0.1, steps: 500))
    #expect(plain.finalParameters == Tensor([0, 0]) && plain.finalLoss == 0)
    let plainStop = try F.run(F.saddle, [0, 0], F.spec(lr: 0.1, steps: 500, stop: stop))
    #expect(plainStop.status == .stopped(reason: "grad_norm < 0.001 at step 0"))

    let kind = OptimizerKind.perturbedGD(radius: 0.1, threshold: 1e-3, interval: 10)
    let r = try F.run(F.saddle, [0, 0], F.spec(kind, lr: 0.1, steps: 500, stop: stop), seed: 3)
    let perturbations = try #require(r.traces["perturbation"])
    #expect(perturbations.steps.first == 0 && perturbations.values.allSatisfy { $0 > 0 && $0 <= 0.1 })
    guard case .stopped(let reason) = r.status else { Issue.record("\(r.status)"); return }
    let second = try #require(perturbations.steps.last)
    #expect(perturbations.count == 2 && r.steps == second + 10)
    #expect(reason == "grad_norm < 0.001 at step \(second), an approximate local minimum: "
      + "a perturbation there did not lower the loss within 10 steps")
    // Where it stopped to perturb, ||grad|| < 1e-3, so f - f* <= ||grad||^2 / (2 * 2) (f is 2-strongly convex nearby).
    let lossAtMinimum = try #require(r.traces["loss"]).values[second]
    expectClose(lossAtMinimum, -1, rel: 0, abs: 2.5e-7, "f at the local minimum")
    expectClose(Swift.abs(r.finalParameters.scalars[1]), 2.0.squareRoot(), rel: 0, abs: 0.05, "|y|")
  }
}
