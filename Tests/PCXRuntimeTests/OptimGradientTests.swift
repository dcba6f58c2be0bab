import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Optimizers: gradient methods, stop rules, divergence, iterates")
struct OptimGradientTests {
  typealias F = OptimFixtures

  /// GD on 0.5 x^T A x has iterates x_t = (I - lr A)^t x0 = Q diag((1 - lr l_i)^t) Q^T x0.
  @Test func gdOnQuadraticMatchesClosedFormIterates() throws {
    let a: [[Double]] = [[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]]
    let x0 = [1.0, -2.0, 0.5], lr = 0.1, steps = 40
    let r = try F.run(F.quadratic(a), x0, F.spec(lr: lr, steps: steps, keep: .all))
    #expect(r.status == .completed && r.steps == steps)
    #expect(r.iterates.map(\.step) == Array(0...steps))
    let eig = try LinearAlgebra.symmetricEigen(Tensor(rows: a))
    let q = try #require(eig.vectors).scalars
    let coeffs = (0..<3).map { j in (0..<3).reduce(0.0) { $0 + q[$1 * 3 + j] * x0[$1] } }  // Q^T x0
    for (t, theta) in r.iterates {
      let expected = (0..<3).map { i in
        (0..<3).reduce(0.0) { $0 + q[i * 3 + $1] * pow(1 - lr * eig.values[$1], Double(t)) * coeffs[$1] }
      }
      expectClose(theta.scalars, expected, rel: 1e-13, "x_\(t)")
      let loss = try #require(r.traces["loss"]).values[t]
      expectClose(loss, 0.5 * F.dot(expected, F.matVec(a, expected)), rel: 1e-13, "loss_\(t)")
      let distance = try #require(r.traces["distance"]).values[t]
      expectClose(distance, zip(expected, x0).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot(),
                       rel: 1e-12, abs: 1e-14, "distance_\(t)")
    }
    #expect(r.traces["loss"]?.steps == Array(0...steps) && r.traces["grad_norm"]?.count == steps + 1)
    #expect(r.traces["step_size"]?.steps == Array(1...steps))
    #expect(r.traces["step_size"]?.values.allSatisfy { $0 == lr } == true)
    #expect(r.finalParameters == r.iterates.last?.theta && r.initialParameters == Tensor(x0))
    #expect(r.evaluations == steps + 1)
  }

  /// f = x^2 from x0 = 1, lr 0.1, beta 0.9 (first three steps by hand):
  /// momentum v = -0.2, -0.34, -0.398 -> x = 0.8, 0.46, 0.062;
  /// Nesterov g at x + 0.9 v = 1, 0.62, 0.2224 -> x = 0.8, 0.496, 0.17792.
  @Test func momentumAndNesterovMatchHandComputedSteps() throws {
    let f = F.quadratic([[2]])
    let m = try F.run(f, [1], F.spec(.momentum(beta: 0.9), lr: 0.1, steps: 3, keep: .all))
    expectClose(m.iterates.map { $0.theta.scalars[0] }, [1, 0.8, 0.46, 0.062], rel: 1e-14, "momentum")
    let n = try F.run(f, [1], F.spec(.nesterov(beta: 0.9), lr: 0.1, steps: 3, keep: .all))
    expectClose(n.iterates.map { $0.theta.scalars[0] }, [1, 0.8, 0.496, 0.17792], rel: 1e-14, "nesterov")
    // Nesterov: one evaluation at each iterate plus one look-ahead per step after the first.
    #expect(n.evaluations == 4 + 2)
  }

  /// Adam on f = x^2 + 10 y^2 from (1, 1), lr 0.1, (0.9, 0.999, 1e-8). The first step is
  /// lr g / (|g| + eps) per coordinate whatever the scale; later ones computed by hand (float64).
  @Test func adamMatchesHandComputedSteps() throws {
    let f = F.quadratic([[2, 0], [0, 20]])
    let r = try F.run(f, [1, 1], F.spec(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), lr: 0.1, steps: 3, keep: .all))
    let xs = r.iterates.map { $0.theta.scalars }
    expectClose(xs[1], [1 - 0.1 * 2 / (2 + 1e-8), 1 - 0.1 * 20 / (20 + 1e-8)], rel: 1e-15, "step 1")
    expectClose(xs[2], [0.8004122286917927, 0.800412227773302], rel: 1e-14, "step 2")
    expectClose(xs[3], [0.70158627294603, 0.701586271543484], rel: 1e-14, "step 3")
  }

  /// GD on (xy - 1)^2 from (2, 0.2), inside the region (3.2) of 001 Sec 3, reaches xy = 1.
  @Test func gdOnXYReachesTheMinimumSet() throws {
    let r = try F.run(F.xyMinusOne, [2, 0.2], F.spec(lr: 0.05, steps: 500))
    let x = r.finalParameters.scalars
    expectClose(x[0] * x[1], 1, rel: 0, abs: 1e-12, "xy")
    #expect(r.finalLoss < 1e-24)
  }

  /// 1-D f = 0.5 x^2, lr 0.1: x_t = 0.9^t, loss_t = 0.5 * 0.81^t; the rules stop at the first such t.
  @Test func stopRulesStopWithTheRightReasonAndStep() throws {
    let f = F.quadratic([[1]])
    let lossStep = (0...).first { 0.5 * pow(0.81, Double($0)) < 1e-3 } ?? -1  // 30
    let r1 = try F.run(f, [1], F.spec(lr: 0.1, steps: 1000, stop: StopRule(lossBelow: 1e-3)))
    #expect(r1.status == .stopped(reason: "loss < 0.001 at step \(lossStep)"))
    #expect(r1.steps == lossStep && r1.traces["loss"]?.count == lossStep + 1)
    expectClose(r1.finalLoss, 0.5 * pow(0.81, Double(lossStep)), rel: 1e-13, "final loss")

    let gradStep = (0...).first { pow(0.9, Double($0)) < 1e-6 } ?? -1  // 132
    let r2 = try F.run(f, [1], F.spec(lr: 0.1, steps: 1000, stop: StopRule(lossBelow: 1e-30, gradNormBelow: 1e-6)))
    #expect(r2.status == .stopped(reason: "grad_norm < 1e-06 at step \(gradStep)") && r2.steps == gradStep)

    let r3 = try F.run(f, [1], F.spec(lr: 0.1, steps: 1000, stop: StopRule(wallTime: 0)))
    #expect(r3.status == .stopped(reason: "wall time 0 s reached at step 0") && r3.steps == 0)
    #expect(r3.finalParameters == Tensor([1]) && r3.finalLoss == 0.5)
  }

  /// lr = 3 on 0.5 x^2: x_t = (-2)^t, loss 0.5 * 4^t passes 1e12 * max(0.5, 1) first at t = 21.
  @Test func divergenceByGrowthNamesTheStep() throws {
    let e = optimExpectError { _ = try F.run(F.quadratic([[1]]), [1], F.spec(lr: 3, steps: 100)) }
    #expect(e?.kind == .numerics)
    #expect(e?.message == "the run diverged at step 21: the loss reached 2.199e+12, past the divergence "
      + "bound 1e12 max(|initial loss|, 1) = 1e+12 (previous loss 5.498e+11 at step 20)")
    #expect(e?.hint?.contains("lower the learning rate (lr: 3 here)") == true)
  }

  /// A loss that becomes NaN (here: undefined for x < 0) stops the run at that step.
  @Test func divergenceByNaNNamesTheStepAndLastFiniteLoss() throws {
    let f = ClosureObjective(parameterCount: 1) { t in
      let x = t.scalars[0]
      return (x < 0 ? .nan : x * x, Tensor([2 * x]))
    }
    let e = optimExpectError { _ = try F.run(f, [1], F.spec(lr: 0.75, steps: 10)) }
    #expect(e?.message == "the run diverged at step 1: the loss became nan (last finite loss 1 at step 0)")
    let start = optimExpectError { _ = try F.run(f, [-1], F.spec(lr: 0.1, steps: 10)) }
    #expect(start?.message.contains("not finite at the starting point") == true)
  }

  /// every(3) over 10 steps keeps steps 0, 3, 6, 9, identical to the same steps of `.all`.
  @Test func everyKIteratePolicyKeepsTheRightSteps() throws {
    let f = F.quadratic([[3, 1], [1, 2]])
    let all = try F.run(f, [1, -1], F.spec(lr: 0.1, steps: 10, keep: .all))
    let some = try F.run(f, [1, -1], F.spec(lr: 0.1, steps: 10, keep: .every(3)))
    #expect(some.iterates.map(\.step) == [0, 3, 6, 9])
    for (step, theta) in some.iterates { #expect(theta == all.iterates[step].theta) }
    let none = try F.run(f, [1, -1], F.spec(lr: 0.1, steps: 10))
    #expect(none.iterates.isEmpty && none.finalParameters == all.finalParameters)
  }

  /// Keeping every iterate is refused before any evaluation when it exceeds maxBytes.
  @Test func keepingAllIteratesIsRefusedOverTheByteLimit() throws {
    let p = 1000
    let f = ClosureObjective(parameterCount: p) { _ in
      throw RuntimeError(.io, "the objective must not be evaluated")
    }
    var limits = ResourceLimits()
    limits.maxBytes = 100_000  // 101 iterates x 8000 B = 808 kB over; 11 iterates = 88 kB under
    let x0 = Tensor([Double](repeating: 0, count: p))
    let e = optimExpectError {
      _ = try Optimizer.run(f, from: x0, spec: F.spec(lr: 0.1, steps: 100, keep: .all), rng: RandomStream(seed: 0), limits: limits)
    }
    #expect(e?.kind == .limit && e?.message.contains("keeping 101 iterates of 1000 parameters") == true)
    let ok = optimExpectError {
      _ = try Optimizer.run(f, from: x0, spec: F.spec(lr: 0.1, steps: 100, keep: .every(10)), rng: RandomStream(seed: 0), limits: limits)
    }
    #expect(ok?.kind == .io)  // passed the check and reached the objective
    limits.maxSteps = 50
    let steps = optimExpectError {
      _ = try Optimizer.run(f, from: x0, spec: F.spec(lr: 0.1, steps: 100), rng: RandomStream(seed: 0), limits: limits)
    }
    #expect(steps?.kind == .limit && steps?.message.contains("100 steps") == true)
  }

  /// isCancelled is asked once per step; the 6th call (before step 6) cancels with 5 steps done.
  @Test func cancellationReturnsThePartialRun() throws {
    var calls = 0
    var seen: [Int] = []
    let r = try Optimizer.run(
      F.quadratic([[1]]), from: Tensor([1]), spec: F.spec(lr: 0.1, steps: 100), rng: RandomStream(seed: 0),
      limits: ResourceLimits(), progress: { step, _ in seen.append(step) },
      isCancelled: { calls += 1; return calls > 5 })
    #expect(r.status == .cancelled && r.steps == 5 && seen == Array(0...5))
    #expect(r.traces["loss"]?.count == 6)
    expectClose(r.finalParameters.scalars[0], pow(0.9, 5), rel: 1e-15, "x_5")
  }

  /// Trackers run at steps 0, k, 2k with the iterate, its value and gradient.
  @Test func trackersRecordEveryKSteps() throws {
    let tracker = Tracker(name: "x_times_grad", every: 4) { p in p.theta.scalars[0] * p.gradient.scalars[0] / p.value }
    var spec = F.spec(lr: 0.1, steps: 10)
    spec.trackers = [tracker]
    let r = try F.run(F.quadratic([[1]]), [1], spec)
    let trace = try #require(r.traces["x_times_grad"])
    #expect(trace.steps == [0, 4, 8] && !trace.isEveryStep)
    expectClose(trace.values, [2, 2, 2], rel: 1e-14, "x f'(x) / f(x) = 2 for 0.5 x^2")
    #expect(r.traces["loss"]?.isEveryStep == true)
    spec.trackers = [Tracker(name: "loss", every: 1) { _ in 0 }]
    #expect(optimExpectError { _ = try F.run(F.quadratic([[1]]), [1], spec) }?.kind == .argument)
  }

  /// Arguments outside their domain are refused with `.argument` errors before running.
  @Test func badSpecsAreRefused() throws {
    let f = F.quadratic([[1, 0], [0, 1]])
    let bad: [RunSpec] = [
      F.spec(lr: -1, steps: 10),
      F.spec(.sgd(batch: 1), lr: 0.1, steps: 10),  // no samples
      F.spec(.riemannianGD, lr: 0.1, steps: 10),  // no sphere blocks
      RunSpec(optimizer: .gd, lr: 0.1, steps: 10, sphereBlocks: [0..<2]),
      RunSpec(optimizer: .riemannianGD, lr: 0.1, steps: 10, sphereBlocks: [0..<2, 1..<2]),
      F.spec(.momentum(beta: 1), lr: 0.1, steps: 10),
      F.spec(.perturbedGD(radius: 0, threshold: 1, interval: 1), lr: 0.1, steps: 10),
      F.spec(.gradientFlow(until: -1, tol: 1e-6), lr: 0, steps: 10),
      F.spec(lr: 0.1, steps: 10, keep: .every(0)),
    ]
    for spec in bad {
      #expect(optimExpectError { _ = try F.run(f, [1, 1], spec) }?.kind == .argument, "\(spec.optimizer)")
    }
    #expect(optimExpectError { _ = try F.run(f, [1, 1, 1], F.spec(lr: 0.1, steps: 1)) }?.kind == .argument)
  }
}
