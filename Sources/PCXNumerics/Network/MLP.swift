/// A fully connected network as the papers parameterise it, with batched forward passes on the
/// autodiff tape and an exact tangent kernel computed layer by layer.
///
/// Parameterisations (inputs are rows of `X`, n x d):
/// - `.standard` (001 Sec 4): `a_l = phi(W_l a_{l-1} + b_l)`, output `W_{L+1} a_L + b_{L+1}`.
/// - `.ntk` (004 Sec 3, eq (1)): `a_l = phi(W_l a_{l-1} / sqrt(m_{l-1}))`, output
///   `v^T a_L / sqrt(m_L)` (with `bias: true`, `+ b_l` after the scaled product).
/// Flat parameter order (the order of `load(...)`): W1 (row-major, out x in), b1, W2, b2, ...,
/// W_{L+1}, b_{L+1}; with `bias: false` there are no b's.
public struct MLP: Sendable {
  /// How layer products are scaled.
  public enum Scaling: String, Sendable { case standard, ntk }

  /// The activation of the hidden layers.
  public enum Activation: Sendable {
    /// tanh, vectorised, with its derivative read off the output.
    case tanh
    /// Any scalar function with at least two derivatives (f, f').
    case function(ScalarFunction)

    /// The name used in messages.
    public var name: String {
      switch self {
      case .tanh: return "tanh"
      case .function(let f): return f.name
      }
    }
  }

  /// Widths `[in, h_1, ..., h_L, out]`.
  public let widths: [Int]
  /// The hidden activation.
  public let activation: Activation
  /// Whether every layer has a bias vector.
  public let bias: Bool
  /// The parameterisation.
  public let scaling: Scaling

  /// A network with `widths = [in] + hidden + [out]`; an empty `hidden` is a linear model.
  public init(
    inputs: Int, hidden: [Int], outputs: Int, activation: Activation = .tanh, bias: Bool = true,
    scaling: Scaling = .standard
  ) throws {
    let widths = [inputs] + hidden + [outputs]
    guard widths.allSatisfy({ $0 > 0 }) else {
      throw TensorError.invalidArgument("every layer width must be positive, got \(widths)")
    }
    if case .function(let f) = activation, f.derivatives.count < 2 {
      throw TensorError.invalidArgument("activation \(f.name) needs a first derivative")
    }
    self.widths = widths
    self.activation = activation
    self.bias = bias
    self.scaling = scaling
  }

  /// The number of weight layers (hidden layers + the output layer).
  public var layerCount: Int { widths.count - 1 }

  /// The shapes of the parameter tensors in flat order.
  public var parameterShapes: [[Int]] {
    (1...layerCount).flatMap { l -> [[Int]] in
      let w = [widths[l], widths[l - 1]]
      return bias ? [w, [widths[l]]] : [w]
    }
  }

  /// The total number of scalar parameters.
  public var parameterCount: Int { parameterShapes.reduce(0) { $0 + Tensor.count(of: $1) } }

  /// The factor multiplying `W_l a_{l-1}` (1-based l): 1, or `1/sqrt(m_{l-1})` under `.ntk`.
  public func layerScale(_ l: Int) -> Double {
    scaling == .ntk ? 1 / Double(widths[l - 1]).squareRoot() : 1
  }

  /// Splits a flat parameter vector into the parameter tensors (documented order).
  public func unflatten(_ theta: Tensor) throws -> [Tensor] {
    guard theta.count == parameterCount else {
      throw TensorError.shapeMismatch(
        "an mlp with widths \(widths)\(bias ? "" : " and no biases") has \(parameterCount) parameters; "
          + "the vector has \(theta.count)")
    }
    return try theta.unflattened(into: parameterShapes)
  }

  /// Concatenates parameter tensors into the flat vector (documented order).
  public func flatten(_ params: [Tensor]) throws -> Tensor {
    try checkShapes(params.map(\.shape))
    return Tensor(uncheckedShape: [parameterCount], scalars: params.flatMap(\.scalars))
  }

  func checkShapes(_ shapes: [[Int]]) throws {
    guard shapes == parameterShapes else {
      throw TensorError.shapeMismatch(
        "mlp parameters have shapes \(shapes.map(Tensor.describe)); expected \(parameterShapes.map(Tensor.describe))")
    }
  }

  func checkInputs(_ shape: [Int]) throws {
    guard shape.count == 2, shape[1] == widths[0] else {
      throw TensorError.shapeMismatch(
        "mlp expects inputs of shape [n, \(widths[0])], got \(Tensor.describe(shape))")
    }
  }

  /// The weight and bias of layer l (1-based) among the parameter tensors.
  func layer<T>(_ params: [T], _ l: Int) -> (w: T, b: T?) {
    let k = bias ? 2 * (l - 1) : l - 1
    return (params[k], bias ? params[k + 1] : nil)
  }

  func activate(_ z: Var) throws -> Var {
    switch activation {
    case .tanh: return try z.tanh()
    case .function(let f): return try z.apply(f)
    }
  }

  /// The parameter tensors sliced out of one flat parameter vector (documented order).
  public func unflatten(_ theta: Var) throws -> [Var] {
    guard theta.shape == [parameterCount] else {
      throw TensorError.shapeMismatch(
        "an mlp with widths \(widths) has \(parameterCount) parameters; got \(Tensor.describe(theta.shape))")
    }
    return try zip(parameterShapes, Tensor.flatRanges(of: parameterShapes)).map { s, r in
      try theta.slice([r]).reshaped(s)
    }
  }

  /// The outputs for a flat parameter vector.
  public func forward(flat theta: Var, _ x: Var) throws -> Var { try forward(unflatten(theta), x) }

  /// The outputs `F(X)` (n x out) for inputs `X` (n x in), recorded on the parameters' tape.
  public func forward(_ params: [Var], _ x: Var) throws -> Var {
    try checkShapes(params.map(\.shape))
    try checkInputs(x.shape)
    var a = x
    for l in 1...layerCount {
      let (w, b) = layer(params, l)
      var z = try Var.matmul(a, w, transposeB: true, alpha: layerScale(l))
      if let b { z = try z + b }
      a = l == layerCount ? z : try activate(z)
    }
    return a
  }
}
