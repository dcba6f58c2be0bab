import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Optimizers: stochastic gradient descent")
struct OptimSGDTests {
  typealias F = OptimFixtures

  /// 8 samples of 3 features with labels from a fixed row; no exact fit (noise in b).
  static let a: [[Double]] = [
    [1, 0.5, -1], [0.2, 2, 0.3], [-1, 1, 1], [0.7, -0.4, 2],
    [1.5, 0.1, 0.2], [-0.3, -1.2, 0.8], [0.9, 0.9, 0.9], [2, -1, 0],
  ]
  static let b: [Double] = [1, 2, 0.5, -1, 3, 0, 1.5, -0.5]
  static let f = F.leastSquares(a, b)

  /// Same seed: bit-identical runs; another seed: a different trajectory.
  @Test(arguments: [1, 3])
  func sgdIsReproducibleFromItsStream(batch: Int) throws {
    let spec = F.spec(.sgd(batch: batch), lr: 0.05, steps: 100)
    let r1 = try F.run(Self.f, [0, 0, 0], spec, seed: 11)
    let r2 = try F.run(Self.f, [0, 0, 0], spec, seed: 11)
    let r3 = try F.run(Self.f, [0, 0, 0], spec, seed: 12)
    #expect(r1.finalParameters == r2.finalParameters && r1.traces == r2.traces)
    #expect(r1.finalParameters != r3.finalParameters && r1.traces["loss"] != r3.traces["loss"])
    #expect(r1.traces["loss"]?.count == 101 && r1.status == .completed)
  }

  /// Online SGD is theta <- theta - lr grad l_i(theta) with i drawn uniformly from the run's
  /// stream (000 Sec 1): a hand-written loop with the same draws gives the same bits.
  @Test func onlineSGDStepsWithOneUniformIndexPerStep() throws {
    let r = try F.run(Self.f, [0, 0, 0], F.spec(.sgd(batch: 1), lr: 0.05, steps: 50, keep: .all), seed: 5)
    var rng = RandomStream(seed: 5)
    var theta = [0.0, 0, 0]
    for t in 1...50 {
      let i = try rng.nextInt(below: Self.a.count)
      let g = F.lsBatch(Self.a, Self.b, theta, [i]).1.scalars
      for j in theta.indices { theta[j] -= 0.05 * g[j] }
      #expect(r.iterates[t].theta.scalars == theta, "step \(t)")
    }
    // Traces use the full objective: its loss at each iterate.
    let loss = try #require(r.traces["loss"]).values
    #expect(loss[50] == F.lsBatch(Self.a, Self.b, theta, Array(0..<8)).0)
  }

  /// The batch gradients the sampler selects average to the full gradient: over N draws the mean
  /// is within 5 standard errors (per coordinate, from the per-sample spread) of grad f.
  @Test(arguments: [1, 3])
  func batchGradientEstimateIsUnbiased(batch: Int) throws {
    let theta = [0.3, -0.2, 0.5], n = Self.a.count, draws = 20_000
    var rng = RandomStream(seed: 99)
    var mean = [0.0, 0, 0]
    for _ in 0..<draws {
      let idx = try DiscreteStepper.drawBatch(batch, from: n, rng: &rng)
      #expect(idx.count == batch && Set(idx).count == batch && idx.allSatisfy { (0..<n).contains($0) })
      let g = F.lsBatch(Self.a, Self.b, theta, idx).1.scalars
      for j in 0..<3 { mean[j] += g[j] / Double(draws) }
    }
    let full = try Self.f.valueAndGradient(Tensor(theta)).gradient.scalars
    let perSample = (0..<n).map { F.lsBatch(Self.a, Self.b, theta, [$0]).1.scalars }
    for j in 0..<3 {
      let variance = perSample.map { ($0[j] - full[j]) * ($0[j] - full[j]) }.reduce(0, +) / Double(n)
      // Sampling without replacement within a batch of b from n shrinks the variance by (n-b)/(n-1).
      let se = (variance / Double(batch) * Double(n - batch) / Double(n - 1) / Double(draws)).squareRoot()
      #expect(Swift.abs(mean[j] - full[j]) <= 5 * se, "coordinate \(j): mean \(mean[j]) vs \(full[j]), se \(se)")
      #expect(se > 0)
    }
  }

  /// A batch larger than the data set is refused.
  @Test func oversizedBatchIsRefused() throws {
    let e = optimExpectError { _ = try F.run(Self.f, [0, 0, 0], F.spec(.sgd(batch: 9), lr: 0.1, steps: 1)) }
    #expect(e?.kind == .argument && e?.message.contains("between 1 and the number of samples 8") == true)
  }
}
