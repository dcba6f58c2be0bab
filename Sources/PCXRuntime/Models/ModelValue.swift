#if canImport(Glibc)
import Glibc
#endif
import PCXNumerics

/// A model of the catalog (SPEC §4.2) with its initial parameters, as one flat vector in the
/// documented order (for an mlp: W1 row-major out x in, b1, W2, b2, ...).
public struct ModelValue: Sendable {
  /// How the model computes.
  public enum Architecture: Sendable {
    case mlp(MLP)
    /// W_L ... W_1 x with W_l of shape dims[l] x dims[l-1] (003 Sec 4).
    case linearNet(dims: [Int])
    /// sigma(<w, x>): a single neuron or a GLM (000 Sec 4, 002 Sec 3).
    case neuron(inputs: Int, activation: ScalarFunction)
  }

  /// The declaration as written, for reports (`mlp(in: 8, hidden: [16], ...)`).
  public let description: String
  public let architecture: Architecture
  /// The initial parameters, flat.
  public let initial: Tensor
  /// Residual connections between hidden layers of equal width (000 Ex 3.3:
  /// N_l = N_{l-1} + sigma(W_l N_{l-1})).
  public var residual = false
  /// Ranges of the flat vector that are not trained (000 Ex 3.4: a fixed outer layer).
  public var fixed: [Range<Int>] = []

  /// The parameter tensors' shapes in flat order.
  public var parameterShapes: [[Int]] {
    switch architecture {
    case .mlp(let net): return net.parameterShapes
    case .linearNet(let dims): return (1..<dims.count).map { [dims[$0], dims[$0 - 1]] }
    case .neuron(let d, _): return [[d]]
    }
  }

  /// The number of scalar parameters.
  public var parameterCount: Int { parameterShapes.reduce(0) { $0 + Tensor.count(of: $1) } }
  /// Input features.
  public var inputs: Int {
    switch architecture {
    case .mlp(let net): return net.widths[0]
    case .linearNet(let dims): return dims[0]
    case .neuron(let d, _): return d
    }
  }
  /// Outputs per sample.
  public var outputs: Int {
    switch architecture {
    case .mlp(let net): return net.widths[net.widths.count - 1]
    case .linearNet(let dims): return dims[dims.count - 1]
    case .neuron: return 1
    }
  }

  /// Splits a flat parameter vector into the parameter tensors (copies).
  public func split(_ theta: Tensor) throws -> [Tensor] {
    guard theta.count == parameterCount else {
      throw RuntimeError(.argument, "\(description) has \(parameterCount) parameters; got a vector of \(theta.count)")
    }
    return try theta.unflattened(into: parameterShapes)
  }

  /// Outputs (n x outputs) for inputs (n x inputs), recorded on the parameters' tape.
  public func forward(_ params: [Var], _ x: Var) throws -> Var {
    switch architecture {
    case .mlp(let net) where residual: return try residualForward(net, params, x)
    case .mlp(let net): return try net.forward(params, x)
    case .linearNet:
      var a = x
      for w in params { a = try Var.matmul(a, w, transposeB: true) }
      return a
    case .neuron(_, let sigma):
      let z = try Var.matmul(x, params[0].reshaped([inputs, 1]))
      return try z.apply(sigma)
    }
  }

  /// 000 Ex 3.3: a_1 = phi(s_1 W_1 x + b_1), a_l = a_{l-1} + phi(s_l W_l a_{l-1} + b_l) for the
  /// hidden layers l >= 2, then the usual output layer.
  func residualForward(_ net: MLP, _ params: [Var], _ x: Var) throws -> Var {
    var a = x
    let per = net.bias ? 2 : 1
    for l in 1...net.layerCount {
      var z = try Var.matmul(a, params[(l - 1) * per], transposeB: true, alpha: net.layerScale(l))
      if net.bias { z = try z + params[(l - 1) * per + 1] }
      if l == net.layerCount { return z }
      let h: Var
      switch net.activation {
      case .tanh: h = try z.tanh()
      case .function(let f): h = try z.apply(f)
      }
      a = l == 1 ? h : try a + h
    }
    return a
  }

  /// Outputs for a flat parameter tensor, without recording (teacher labels, reports).
  public func evaluate(_ theta: Tensor, _ x: Tensor) throws -> Tensor {
    try forward(split(theta).map { Var(constant: $0) }, Var(constant: x)).value
  }
}

/// Initialisation schemes (SPEC §4.2). Every scheme draws from the model's own named stream.
public enum Initializer {
  /// The named schemes `init:` accepts (`load("theta.npy")` is the other form).
  static let schemes = ["lecun", "banerjee", "chatterjee", "zeros", "constant", "uniform", "normal"]

  /// The initial flat parameters of an mlp under a named scheme.
  /// - lecun: W_l ~ N(0, 1/d_{l-1}), biases 0 (001 Thm 4.5).
  /// - banerjee: W_l ~ N(0, sigma_0^2) with sigma_0 = sigma_1 / (2 (1 + sqrt(log m / (2 m)))),
  ///   sigma_1 = 1, m the layer's width, and a unit-norm last layer; biases 0 (004 Assumption 2).
  /// - chatterjee: W_1 = 0, middle layers with entries uniform in [delta, 2 delta],
  ///   delta = 1/d_{l-1}, last layer entries all A = 1, biases 0 (001 Thm 4.1; A and delta are
  ///   the defaults pcx picks, Remark 4.4 says to tune them).
  /// - zeros; constant (every entry 0.1); uniform (U(-1/sqrt(d_{l-1}), 1/sqrt(d_{l-1})));
  ///   normal (N(0, 1)).
  public static func mlp(_ net: MLP, scheme: String, rng: inout RandomStream) throws -> Tensor {
    var parts: [Tensor] = []
    let last = net.layerCount
    for l in 1...last {
      let fanIn = net.widths[l - 1], width = net.widths[l]
      var w = try weights(scheme, rows: width, cols: fanIn, layer: l, last: last, rng: &rng)
      if scheme == "banerjee" && l == last { w = try w.normalized() }
      parts.append(w)
      if net.bias { parts.append(Tensor.zeros([width])) }
    }
    return Tensor(parts.flatMap(\.scalars))
  }

  static func weights(
    _ scheme: String, rows: Int, cols: Int, layer l: Int, last: Int, rng: inout RandomStream
  ) throws -> Tensor {
    let shape = [rows, cols]
    switch scheme {
    case "lecun": return try rng.normalTensor(shape, std: 1 / Double(cols).squareRoot())
    case "banerjee":
      let m = Double(rows)
      let sigma0 = 1 / (2 * (1 + (log(m) / (2 * m)).squareRoot()))
      return try rng.normalTensor(shape, std: sigma0)
    case "chatterjee":
      if l == 1 { return Tensor.zeros(shape) }
      if l == last { return Tensor(repeating: 1, shape: shape) }
      let delta = 1 / Double(cols)
      return try rng.uniformTensor(shape, low: delta, high: 2 * delta)
    case "zeros": return Tensor.zeros(shape)
    case "constant": return Tensor(repeating: 0.1, shape: shape)
    case "uniform":
      let b = 1 / Double(cols).squareRoot()
      return try rng.uniformTensor(shape, low: -b, high: b)
    case "normal": return try rng.normalTensor(shape)
    default:
      throw RuntimeError(.argument, "unknown initialisation '\(scheme)'",
                         hint: "use lecun, banerjee, chatterjee, zeros, constant, uniform, normal or load(\"file.npy\")")
    }
  }
}
