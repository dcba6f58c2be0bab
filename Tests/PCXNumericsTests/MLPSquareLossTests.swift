import Testing
@testable import PCXNumerics

/// The in-place square loss of an MLP (the hot path of training runs) against the tape, its
/// tracked average predictor gradient, the structured HVP and the eight-lane sums.
@Suite("MLP square loss: in-place gradient, gbar, HVP")
struct MLPSquareLossTests {
  static let configurations: [(MLP.Scaling, Bool, Int, MLP.Activation, Double)] = [
    (.ntk, false, 1, .tanh, 1.0 / 7), (.standard, true, 1, .tanh, 0.5), (.standard, true, 2, .function(.softplus), 1.0 / 7),
    (.ntk, true, 3, .function(.gelu), 0.5), (.standard, false, 1, .function(.smoothLeakyReLU(0.2)), 1.0 / 7),
  ]

  struct Problem {
    let net: MLP
    let params: [Tensor]
    let x: Tensor
    let y: Tensor
    let scale: Double
    var theta: [Double] { params.flatMap(\.scalars) }

    /// scale * sum (F - Y)^2 on the tape, written as `LossObjective.loss` writes it.
    func tapeLoss(_ p: [Var]) throws -> Var {
      try (net.forward(p, Var(constant: x)) - Var(constant: y)).squared().sum() * scale
    }
  }

  static func problem(_ k: Int, hidden: [Int] = [5, 4]) throws -> Problem {
    let (scaling, bias, outputs, act, scale) = configurations[k]
    let net = try MLP(inputs: 3, hidden: hidden, outputs: outputs, activation: act, bias: bias, scaling: scaling)
    var rng = TestRandom(UInt64(11 + k))
    let params = net.parameterShapes.map { rng.tensor($0, scale: 0.9) }
    return Problem(net: net, params: params, x: rng.tensor([7, 3], scale: 1.3), y: rng.tensor([7, outputs], scale: 1), scale: scale)
  }

  @Test(arguments: configurations.indices)
  func gradientIsTheTapesBitForBit(_ k: Int) throws {
    let p = try Self.problem(k)
    let (value, g) = try Autodiff.valueAndGradient(at: p.params, of: p.tapeLoss)
    let loss = try MLPSquareLoss(net: p.net, inputs: p.x, targets: p.y, scale: p.scale)
    var grad = [Double](repeating: .nan, count: p.net.parameterCount)
    let observed = p.theta.withUnsafeBufferPointer { t in
      grad.withUnsafeMutableBufferPointer { loss.evaluate(theta: t.baseAddress!, gradient: $0.baseAddress!) }
    }
    #expect(observed.bitPattern == value.bitPattern, "loss \(observed) vs tape \(value)")
    let expected = g.flatMap(\.scalars)
    #expect(grad.map(\.bitPattern) == expected.map(\.bitPattern), "gradient differs from the tape's")
    // twice in a row on the same workspace: the same bits
    var again = [Double](repeating: 0, count: grad.count)
    _ = p.theta.withUnsafeBufferPointer { t in
      again.withUnsafeMutableBufferPointer { loss.evaluate(theta: t.baseAddress!, gradient: $0.baseAddress!) }
    }
    #expect(again.map(\.bitPattern) == grad.map(\.bitPattern))
  }

  /// gbar = (1/n) sum_i grad f(x_i) (004 Def 5.2) against the tape's VJP with cotangent 1/n, and
  /// the loss gradient of the tracking pass against the tape's (same number, other rounding order).
  @Test(arguments: [0, 1, 4])
  func trackingPassGivesGradientAndAveragePredictorGradient(_ k: Int) throws {
    let p = try Self.problem(k)
    let n = p.x.shape[0]
    let (_, g) = try Autodiff.valueAndGradient(at: p.params, of: p.tapeLoss)
    let (_, gbar) = try Autodiff.vjp(at: p.params, cotangent: Tensor(repeating: 1 / Double(n), shape: [n, 1])) { q in
      try p.net.forward(q, Var(constant: p.x))
    }
    let loss = try MLPSquareLoss(net: p.net, inputs: p.x, targets: p.y, scale: p.scale)
    #expect(loss.supportsTracking)
    var grad = [Double](repeating: .nan, count: p.net.parameterCount), avg = grad
    let r = p.theta.withUnsafeBufferPointer { t in
      grad.withUnsafeMutableBufferPointer { q in
        avg.withUnsafeMutableBufferPointer { a in
          loss.evaluateTracking(theta: t.baseAddress!, gradient: q.baseAddress!, averageGradient: a.baseAddress!)
        }
      }
    }
    expectClose(Tensor(grad), Tensor(g.flatMap(\.scalars)), rel: 1e-13, "loss gradient of the tracking pass")
    expectClose(Tensor(avg), Tensor(gbar.flatMap(\.scalars)), rel: 1e-13, "gbar")
    expectClose(r.averageGradientNorm, Tensor(gbar.flatMap(\.scalars)).norm(), rel: 1e-13, "||gbar||")
  }

  @Test(arguments: [(false, [5, 4]), (true, [5, 4]), (false, [6, 6, 6])])
  func structuredHVPMatchesTheTape(_ bias: Bool, _ hidden: [Int]) throws {
    let net = try MLP(inputs: 3, hidden: hidden, outputs: 1, activation: .tanh, bias: bias, scaling: .ntk)
    var rng = TestRandom(5)
    let params = net.parameterShapes.map { rng.tensor($0, scale: 1.1) }
    let x = rng.tensor([8, 3], scale: 1.2), y = rng.tensor([8, 1], scale: 1)
    let v = net.parameterShapes.map { rng.tensor($0, scale: 1) }
    let expected = try Autodiff.hvp(at: params, direction: v) { q in
      try (net.forward(q, Var(constant: x)) - Var(constant: y)).squared().sum() * 0.125
    }.hvp.flatMap(\.scalars)
    let op = try MLPSquareLossHVP(net: net, inputs: x, targets: y, scale: 0.125)
    var hv = [Double](repeating: .nan, count: net.parameterCount)
    let theta = params.flatMap(\.scalars), dir = v.flatMap(\.scalars)
    theta.withUnsafeBufferPointer { t in
      dir.withUnsafeBufferPointer { d in
        hv.withUnsafeMutableBufferPointer { op.apply(theta: t.baseAddress!, direction: d.baseAddress!, into: $0.baseAddress!) }
      }
    }
    expectClose(Tensor(hv), Tensor(expected), rel: 1e-12, "structured HVP vs reverse over reverse")
  }

  @Test func structuredHVPRefusesOtherActivations() throws {
    let net = try MLP(inputs: 2, hidden: [3], outputs: 1, activation: .function(.softplus))
    #expect(throws: TensorError.self) {
      _ = try MLPSquareLossHVP(net: net, inputs: .zeros([4, 2]), targets: .zeros([4, 1]), scale: 1)
    }
  }

  @Test func laneSumsAreTheSumsOfSquaresAndScaleExtremes() throws {
    var rng = TestRandom(3)
    for n in [0, 1, 7, 8, 9, 100, 1003] {
      let x = rng.tensor([n], scale: 2).scalars, x0 = rng.tensor([n], scale: 1).scalars
      let plain = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
      expectClose(LaneSums.norm(x), plain, rel: 1e-14, abs: 0, "norm n = \(n)")
      let d = x.withUnsafeBufferPointer { a in x0.withUnsafeBufferPointer { LaneSums.distance(a, $0) } }
      expectClose(d, zip(x, x0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot(), rel: 1e-14, "distance")
      let g = rng.tensor([n], scale: 1).scalars
      var theta = x
      let sq = theta.withUnsafeMutableBufferPointer { t in
        g.withUnsafeBufferPointer { gp in x0.withUnsafeBufferPointer { LaneSums.descend(t, gp, lr: 0.3, origin: $0) } }
      }
      #expect(theta.map(\.bitPattern) == zip(x, g).map { ($0 - 0.3 * $1).bitPattern }, "descend n = \(n)")
      expectClose(sq, zip(theta, x0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }, rel: 1e-14, "descend distance")
    }
    expectClose(LaneSums.norm([3e200, 4e200]), 5e200, rel: 1e-15, "no overflow")
    expectClose(LaneSums.norm([3e-200, 4e-200]), 5e-200, rel: 1e-15, "no underflow")
    #expect(LaneSums.norm([1, .nan]).isNaN && LaneSums.norm([1, .infinity]) == .infinity && LaneSums.norm([0, 0]) == 0)
  }
}

extension MLPSquareLossTests {
  /// The structured `HessianOperator` against the tape's: value and gradient bit for bit, H v
  /// and the dense Hessian to rounding.
  @Test func structuredHessianOperatorMatchesTheTapes() throws {
    let net = try MLP(inputs: 3, hidden: [4, 4], outputs: 1, activation: .tanh, bias: true, scaling: .ntk)
    var rng = TestRandom(8)
    let params = net.parameterShapes.map { rng.tensor($0, scale: 1) }
    let x = rng.tensor([6, 3], scale: 1), y = rng.tensor([6, 1], scale: 1)
    let tape = try HessianOperator(at: params) { q in
      try (net.forward(q, Var(constant: x)) - Var(constant: y)).squared().sum() * 0.5
    }
    let fast = try HessianOperator(mlp: net, at: params, inputs: x, targets: y, scale: 0.5)
    #expect(fast.value.bitPattern == tape.value.bitPattern)
    #expect(fast.gradient == tape.gradient)
    expectClose(try fast.dense(), try tape.dense(), rel: 1e-12, "dense Hessian")
  }
}
