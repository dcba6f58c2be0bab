import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

/// The in-place training loop (issue 18): an MLP's square loss runs through `FastLoss` with the
/// tape's numbers, gbar comes from the gradient's own pass, and results do not depend on the
/// BLAS thread count.
@Suite("Optimizers: in-place steps on an MLP's square loss", .serialized)
struct OptimInPlaceTests {
  typealias F = OptimFixtures

  /// A tanh network with the 004 scaling on Gaussian data, as a `LossObjective`.
  static func objective(
    hidden: [Int], kind: LossKind = .mse, bias: Bool = false, fixed: [Range<Int>] = [], samples: Int = 40
  ) throws
    -> (LossObjective, [Double])
  {
    let net = try MLP(inputs: 6, hidden: hidden, outputs: 1, activation: .tanh, bias: bias, scaling: .ntk)
    var rng = RandomStream(seed: 3)
    let theta = try rng.normalTensor([net.parameterCount])
    var model = ModelValue(description: "net", architecture: .mlp(net), initial: theta)
    model.fixed = fixed
    let data = try Dataset(x: rng.normalTensor([samples, 6]), y: rng.normalTensor([samples, 1]), source: "test")
    return (try LossObjective(model: model, data: data, kind: kind), theta.scalars)
  }

  /// The same objective without the fast path: the tape through `valueAndGradient`.
  static func tape(_ f: LossObjective) -> ClosureObjective {
    ClosureObjective(parameterCount: f.parameterCount, sampleCount: f.sampleCount) { theta in
      let (v, g) = try f.valueAndGradient(theta)
      return (v, g)
    }
  }

  static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

  @Test(arguments: [OptimizerKind.gd, .momentum(beta: 0.9), .nesterov(beta: 0.8), .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
  func fastPathFollowsTheTapesTrajectoryBitForBit(_ kind: OptimizerKind) throws {
    let (f, theta0) = try Self.objective(hidden: [8, 8], kind: .square, bias: true, fixed: [0..<6])
    #expect(FastLoss(f, trackers: []) != nil)
    let spec = F.spec(kind, lr: 0.01, steps: 25, keep: .every(5))
    let fast = try F.run(f, theta0, spec), slow = try F.run(Self.tape(f), theta0, spec)
    #expect(Self.bits(fast.finalParameters.scalars) == Self.bits(slow.finalParameters.scalars))
    for name in ["loss", "grad_norm", "distance"] {
      #expect(Self.bits(fast.traces[name]?.values ?? []) == Self.bits(slow.traces[name]?.values ?? []), "\(name)")
    }
    #expect(fast.iterates.map(\.step) == [0, 5, 10, 15, 20, 25])
    #expect(zip(fast.iterates, slow.iterates).allSatisfy { $0.theta == $1.theta })
    #expect(fast.evaluations == slow.evaluations)
    // the fixed block never moves
    #expect(Array(fast.finalParameters.scalars[0..<6]) == Array(theta0[0..<6]))
  }

  /// avg_grad_norm from the gradient's pass against the tracker's own tape VJP at every step.
  @Test func averageGradientNormComesFromTheGradientPass() throws {
    let (f, theta0) = try Self.objective(hidden: [10, 10])
    let counter = Counter()
    let tracker = Tracker(name: "avg_grad_norm", every: 1, byproduct: .averageGradientNorm) { point in
      counter.add()
      return try RSCTapeReference.averageGradientNorm(f, point.theta)
    }
    var spec = F.spec(lr: 0.2, steps: 30, keep: .all)
    spec.trackers = [tracker]
    let tracked = try F.run(f, theta0, spec)
    #expect(counter.value == 0, "the tracker's own computation ran \(counter.value) times")
    let values = try #require(tracked.traces["avg_grad_norm"]).values
    #expect(values.count == 31)
    for (t, theta) in tracked.iterates {
      expectClose([values[t]], [try RSCTapeReference.averageGradientNorm(f, theta)], rel: 1e-12, "||gbar_\(t)||")
    }
    // the untracked run takes the same steps up to rounding of the gradient's products
    let plain = try F.run(f, theta0, F.spec(lr: 0.2, steps: 30))
    expectClose(tracked.traces["loss"]?.values ?? [], plain.traces["loss"]?.values ?? [], rel: 1e-12, "loss")
  }

  /// `pcx run --threads 1` and `--threads 2` give the same bits, tracked and untracked, at a
  /// size where the middle layer's products are split between the two threads
  /// (512 x 128 x 128 >= `MLPSquareLoss.splitThreshold`). Inside an evaluation OpenBLAS runs on
  /// one thread; the sizes are ones whose products OpenBLAS 0.3.21 also computes to the same bits
  /// on one thread and two, because other suites set the process-wide OpenBLAS count while this
  /// one runs (at 200 x 150 x 150 its halves of 96 and 104 rows differ between 1 and 2 OpenBLAS
  /// threads, and a concurrent `setBLASThreads(2)` made this test fail in the full suite).
  @Test func resultsAreTheSameForOneAndTwoBLASThreads() throws {
    let (f, theta0) = try Self.objective(hidden: [128, 128], samples: 512)
    #expect(512 * 128 * 128 >= 1 << 22)  // MLPSquareLoss.splitThreshold
    var spec = F.spec(lr: 0.1, steps: 12)
    spec.trackers = [Tracker(name: "avg_grad_norm", every: 1, byproduct: .averageGradientNorm) { _ in .nan }]
    defer { BLAS.setThreads(2) }
    var runs: [Trajectory] = []
    for threads in [1, 2, 1, 2] {
      BLAS.setThreads(threads)
      runs.append(try F.run(f, theta0, spec))
    }
    for r in runs.dropFirst() {
      #expect(Self.bits(r.finalParameters.scalars) == Self.bits(runs[0].finalParameters.scalars))
      for (name, trace) in runs[0].traces {
        #expect(Self.bits(r.traces[name]?.values ?? []) == Self.bits(trace.values), "\(name)")
      }
    }
  }

  /// A loss that grows past the divergence bound is still reported at its step.
  @Test func divergenceIsReportedOnTheFastPath() throws {
    let (f, theta0) = try Self.objective(hidden: [8])
    do {
      _ = try F.run(f, theta0, F.spec(lr: 1e6, steps: 50))
      Issue.record("no divergence")
    } catch let e as RuntimeError {
      #expect(e.message.contains("the run diverged at step"), "\(e.message)")
    }
  }
}

/// Counts calls from a `@Sendable` closure.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.lock(); count += 1; lock.unlock() }
  var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// The tape's ||gbar|| as the avg_grad_norm tracker computes it when no fast path applies.
enum RSCTapeReference {
  static func averageGradientNorm(_ loss: LossObjective, _ theta: Tensor) throws -> Double {
    try RSCMeasures.averageGradient(loss, theta).norm()
  }
}
