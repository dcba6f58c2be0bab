import PCXNumerics

/// The workloads of issue 2, identical in definition to bench/reference.py: a 3-hidden-layer
/// tanh MLP with the 004 scaling (a_l = tanh(W_l a_{l-1} / sqrt(m_{l-1})), f = v^T a_3 / sqrt(m)),
/// no biases, n = 512 samples of d = 64 Gaussian features, Gaussian labels, mean square loss.
struct Workload {
  static let n = 512
  static let d = 64

  let net: MLP
  let params: [Tensor]
  let x: Tensor
  let y: Tensor

  init(width m: Int, seed: UInt64) throws {
    net = try MLP(inputs: Self.d, hidden: [m, m, m], outputs: 1, activation: .tanh, bias: false, scaling: .ntk)
    var rng = RandomStream(seed: seed)
    var p = try net.parameterShapes.map { try rng.normalTensor($0) }
    p[p.count - 1] = try p[p.count - 1].normalized()  // 004 Assumption 2: unit-norm last layer
    params = p
    x = try rng.normalTensor([Self.n, Self.d])
    y = try rng.normalTensor([Self.n, 1])
  }

  /// L = (1/n) sum_i (y_i - f(x_i))^2 (mse, 001 and 004).
  func loss(_ p: [Var]) throws -> Var { try lossAndMeanOutput(p)[0] }

  /// L and (1/n) sum_i f(x_i) — whose gradient is gbar of 004 Sec 6 — from one forward pass.
  func lossAndMeanOutput(_ p: [Var]) throws -> [Var] {
    let f = try net.forward(p, Var(constant: x))
    return [try (f - Var(constant: y)).squared().mean(), try f.mean()]
  }

  /// Floating-point operations of one loss+gradient evaluation (matrix products only):
  /// forward 2 n (d m + 2 m^2 + m), backward twice that.
  var lossGradFlops: Double {
    let m = Double(net.widths[1]), n = Double(Self.n), d = Double(Self.d)
    return 3 * 2 * n * (d * m + 2 * m * m + m)
  }
}
