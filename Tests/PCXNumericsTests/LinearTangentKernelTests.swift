import Testing
@testable import PCXNumerics

@Suite("Tangent kernel of a linear model")
struct LinearTangentKernelTests {
  /// hidden: [] is a linear model F(w) = s W x (+ b): its kernel is s^2 X X^T (+ 1 1^T with a
  /// bias), independent of the weights. It used to trap on the empty range 1...0.
  @Test(arguments: [(MLP.Scaling.standard, false), (.standard, true), (.ntk, false)])
  func linearKernelIsTheScaledGram(_ scaling: MLP.Scaling, _ bias: Bool) throws {
    let net = try MLP(inputs: 4, hidden: [], outputs: 1, activation: .tanh, bias: bias, scaling: scaling)
    var rng = TestRandom(7)
    let params = net.parameterShapes.map { rng.tensor($0, scale: 1.0) }
    let x = rng.tensor([5, 4], scale: 1.0)
    let kernel = try net.tangentKernel(params, inputs: x, memoryLimit: 1 << 30)
    let s2 = scaling == .ntk ? 1.0 / 4.0 : 1.0
    var expected = try Tensor.matmul(x, x, transposeB: true) * s2
    if bias { expected = expected + 1 }
    expectClose(kernel, expected, rel: 1e-13, "linear K vs s^2 X X^T (+ 1)")
    let j = try Jacobian.perSampleGradients(params, inputs: x, memoryLimit: 1 << 30, model: net.forward)
    expectClose(kernel, try Tensor.matmul(j, j, transposeB: true), rel: 1e-12, "linear K vs J J^T")
  }
}
