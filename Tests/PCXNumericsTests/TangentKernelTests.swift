import Testing
@testable import PCXNumerics

@Suite("Tangent kernel and per-sample gradients")
struct TangentKernelTests {
  static func network(_ scaling: MLP.Scaling, bias: Bool, outputs: Int, activation: MLP.Activation) throws
    -> (MLP, [Tensor], Tensor)
  {
    let net = try MLP(inputs: 3, hidden: [5, 4], outputs: outputs, activation: activation, bias: bias, scaling: scaling)
    var rng = TestRandom(42)
    let params = net.parameterShapes.map { rng.tensor($0, scale: 1.2) }
    let x = rng.tensor([6, 3], scale: 1.5)
    return (net, params, x)
  }

  static let configurations: [(MLP.Scaling, Bool, Int, MLP.Activation)] = [
    (.ntk, false, 1, .tanh), (.standard, true, 1, .tanh), (.standard, true, 2, .function(.softplus)),
    (.ntk, true, 3, .function(.gelu)), (.standard, false, 1, .function(.smoothLeakyReLU(0.2))),
  ]

  @Test(arguments: configurations.indices)
  func structuredKernelEqualsExplicitJacobianProduct(_ k: Int) throws {
    let (scaling, bias, outputs, act) = Self.configurations[k]
    let (net, params, x) = try Self.network(scaling, bias: bias, outputs: outputs, activation: act)
    let structured = try net.tangentKernel(params, inputs: x, memoryLimit: 1 << 30)
    let j = try Jacobian.perSampleGradients(params, inputs: x, memoryLimit: 1 << 30, model: net.forward)
    let explicit = try Tensor.matmul(j, j, transposeB: true)
    #expect(j.shape == [6 * outputs, net.parameterCount])
    expectClose(structured, explicit, rel: 1e-12, "structured K vs J J^T (\(scaling), bias \(bias), k \(outputs))")
    // the general chunked path with a limit that forces chunks of two samples
    let limit = Memory.doubles((6 * outputs) * (6 * outputs) + 2 * 2 * outputs * net.parameterCount)
    let chunked = try Jacobian.tangentKernel(params, inputs: x, memoryLimit: limit, model: net.forward)
    expectClose(chunked, explicit, rel: 1e-12, "chunked K vs J J^T")
  }

  @Test func perSampleGradientsSumToTheBatchGradient() throws {
    let (net, params, x) = try Self.network(.ntk, bias: true, outputs: 1, activation: .tanh)
    let j = try Jacobian.perSampleGradients(params, inputs: x, memoryLimit: 1 << 30, model: net.forward)
    let (_, g) = try Autodiff.valueAndGradient(at: params) { p in try net.forward(p, Var(constant: x)).sum() }
    let flat = try net.flatten(g)
    let summed = try j.sumToShape([1, net.parameterCount]).reshaped([net.parameterCount])
    expectClose(summed, flat, rel: 1e-13, "sum_i grad f(x_i) vs grad sum_i f(x_i)")
  }

  @Test func memoryLimitsAreCheckedBeforeAllocating() throws {
    let (net, params, x) = try Self.network(.ntk, bias: false, outputs: 1, activation: .tanh)
    #expect(throws: AutodiffError.self) { try net.tangentKernel(params, inputs: x, memoryLimit: 100) }
    #expect(throws: AutodiffError.self) {
      try Jacobian.tangentKernel(params, inputs: x, memoryLimit: 300, model: net.forward)
    }
    #expect(throws: AutodiffError.self) {
      try Jacobian.perSampleGradients(params, inputs: x, memoryLimit: 100, model: net.forward)
    }
  }

  @Test func ntkForwardMatchesTheFormulaOf004() throws {
    // 004 eq (1): a_l = tanh(W_l a_{l-1} / sqrt(m_{l-1})), f = v^T a_L / sqrt(m_L)
    let (net, params, x) = try Self.network(.ntk, bias: false, outputs: 1, activation: .tanh)
    let f = try net.forward(params.map { Var(constant: $0) }, Var(constant: x)).value
    for i in 0..<x.shape[0] {
      var a = Array(x.scalars[(i * 3)..<((i + 1) * 3)])
      for l in 0..<3 {
        let w = params[l], rows = w.shape[0], cols = w.shape[1]
        a = (0..<rows).map { r in
          let z = (0..<cols).reduce(0.0) { $0 + w.scalars[r * cols + $1] * a[$1] } / Double(cols).squareRoot()
          return l == 2 ? z : Foundation_tanh(z)
        }
      }
      expectClose(f.scalars[i], a[0], rel: 1e-14, "sample \(i)")
    }
  }

  @Test func flatParameterOrderIsLayerByLayer() throws {
    let net = try MLP(inputs: 2, hidden: [3], outputs: 1, bias: true)
    #expect(net.parameterShapes == [[3, 2], [3], [1, 3], [1]])
    #expect(net.parameterCount == 13)
    let theta = Tensor((0..<13).map(Double.init))
    let parts = try net.unflatten(theta)
    #expect(parts[1].scalars == [6, 7, 8])
    #expect(try net.flatten(parts) == theta)
    #expect(throws: TensorError.self) { try net.unflatten(Tensor.zeros([12])) }
  }
}

@Suite("MLP backpropagation")
struct MLPBackpropTests {
  @Test(arguments: TangentKernelTests.configurations.indices)
  func stackedPullbackEqualsTheTape(_ k: Int) throws {
    let (scaling, bias, outputs, act) = TangentKernelTests.configurations[k]
    let (net, params, x) = try TangentKernelTests.network(scaling, bias: bias, outputs: outputs, activation: act)
    var rng = TestRandom(5)
    let us = (0..<3).map { _ in rng.tensor([x.shape[0], outputs]) }
    let trace = try net.trace(params, inputs: x)
    let fast = try net.pullback(trace, params, cotangents: us)
    for (q, u) in us.enumerated() {
      let (f, tape) = try Autodiff.vjp(at: params, cotangent: u) { p in try net.forward(p, Var(constant: x)) }
      expectClose(trace.output, f, rel: 1e-15, "forward")
      for (a, b) in zip(fast[q], tape) { expectClose(a, b, rel: 1e-13, "cotangent \(q)") }
    }
  }
}
