/// The differentiation operators of the core, for functions written with `Var` operations.
///
/// Every operator records the function once on a fresh tape; nothing is differentiated by
/// finite differences. A function of several tensors takes and returns `Var`s:
/// `Autodiff.valueAndGradient(at: [w, b]) { p in try loss(p[0], p[1]) }`.
public enum Autodiff {
  /// The value of a scalar function and its gradient with respect to each argument.
  public static func valueAndGradient(
    at x: [Tensor], of f: ([Var]) throws -> Var
  ) throws -> (value: Double, gradient: [Tensor]) {
    let tape = Tape()
    let vars = tape.variables(x)
    let y = try f(vars)
    let value = try scalarValue(y, "valueAndGradient")
    let g = try tape.backward(outputs: [y], seeds: [Var(1)], wrt: vars, createGraph: false)
    return (value, zip(g, x).map { $0?.value ?? .zeros($1.shape) })
  }

  /// The gradient of a scalar function of one tensor.
  public static func gradient(at x: Tensor, of f: (Var) throws -> Var) throws -> Tensor {
    try valueAndGradient(at: [x]) { try f($0[0]) }.gradient[0]
  }

  /// The value of `f` and the vector-Jacobian product `u^T Df(x)` for a cotangent `u` shaped
  /// like `f(x)`.
  public static func vjp(
    at x: [Tensor], cotangent u: Tensor, of f: ([Var]) throws -> Var
  ) throws -> (value: Tensor, vjp: [Tensor]) {
    let tape = Tape()
    let vars = tape.variables(x)
    let y = try f(vars)
    guard y.shape == u.shape else {
      throw TensorError.shapeMismatch(
        "cotangent \(Tensor.describe(u.shape)) does not match the output \(Tensor.describe(y.shape))")
    }
    let g = try tape.backward(outputs: [y], seeds: [Var(constant: u)], wrt: vars, createGraph: false)
    return (y.value, zip(g, x).map { $0?.value ?? .zeros($1.shape) })
  }

  /// The value of `f` and the Jacobian-vector product `Df(x) t` (forward mode).
  public static func jvp(
    at x: [Tensor], tangent t: [Tensor], of f: ([Var]) throws -> Var
  ) throws -> (value: Tensor, jvp: Tensor) {
    try checkDirection(t, against: x)
    let tape = Tape()
    let vars = tape.variables(x)
    let y = try f(vars)
    let out = try tape.forward(
      wrt: vars, tangents: t.map { Var(constant: $0) }, outputs: [y], createGraph: false)
    return (y.value, out[0]?.value ?? .zeros(y.shape))
  }

  /// The exact Hessian-vector product `H(x) v` of a scalar function (reverse over reverse),
  /// with the value and gradient at `x`.
  public static func hvp(
    at x: [Tensor], direction v: [Tensor], of f: ([Var]) throws -> Var
  ) throws -> (value: Double, gradient: [Tensor], hvp: [Tensor]) {
    let op = try HessianOperator(at: x, of: f)
    return (op.value, op.gradient, try op.apply(v))
  }

  /// The dense Hessian of a scalar function of one flat vector, one reverse sweep per column
  /// over a once-recorded gradient graph. Refuses more than `maxParameters` parameters.
  public static func hessian(
    at x: Tensor, maxParameters: Int = 4096, of f: (Var) throws -> Var
  ) throws -> Tensor {
    let p = x.count
    guard p <= maxParameters else {
      throw AutodiffError.tooManyParameters(count: p, limit: maxParameters)
    }
    return try HessianOperator(at: [x]) { try f($0[0]) }.dense()
  }

  static func scalarValue(_ y: Var, _ what: String) throws -> Double {
    guard let v = y.scalar, y.shape.count <= 1 || y.value.count == 1 else {
      throw AutodiffError.notScalar(
        "\(what) needs a scalar function; it returned shape \(Tensor.describe(y.shape))")
    }
    return v
  }

  static func checkDirection(_ v: [Tensor], against x: [Tensor]) throws {
    guard v.count == x.count, zip(v, x).allSatisfy({ $0.shape == $1.shape }) else {
      throw TensorError.shapeMismatch(
        "direction shapes \(v.map { Tensor.describe($0.shape) }) do not match the arguments "
          + "\(x.map { Tensor.describe($0.shape) })")
    }
  }
}

/// The Hessian of a scalar function at a fixed point as a linear operator: the function and its
/// gradient graph are recorded once, and each product `H v` is one reverse sweep over that graph
/// (so Lanczos and dense Hessians pay for the forward pass once).
public final class HessianOperator {
  /// f(x).
  public let value: Double
  /// grad f(x), one tensor per argument.
  public let gradient: [Tensor]
  /// The argument shapes.
  public let shapes: [[Int]]
  private let tape: Tape
  private let leaves: [Var]
  private let gradientVars: [Var]
  /// The structured product of an mlp's square loss with its flat point, in place of the tape.
  private let structured: (op: MLPSquareLossHVP, theta: [Double])?

  /// Records `f` and its gradient graph at `x`.
  public init(at x: [Tensor], of f: ([Var]) throws -> Var) throws {
    let tape = Tape()
    let vars = tape.variables(x)
    let y = try f(vars)
    value = try Autodiff.scalarValue(y, "a Hessian")
    let g = try tape.backward(outputs: [y], seeds: [Var(1)], wrt: vars, createGraph: true)
    // an argument the function ignores has a zero gradient that depends on nothing
    gradientVars = zip(g, x).map { $0 ?? Var(constant: .zeros($1.shape)) }
    gradient = gradientVars.map(\.value)
    shapes = x.map(\.shape)
    self.tape = tape
    leaves = vars
    structured = nil
  }

  /// The Hessian of an mlp's square loss `scale * sum (F(X) - Y)^2` at the parameter tensors
  /// `params`: value and gradient from `MLPSquareLoss` (the tape's bits), each product from
  /// `MLPSquareLossHVP` (forward over reverse, 8 products per hidden layer where recording the
  /// gradient graph and sweeping it costs 3 + 6). tanh networks only.
  public init(mlp net: MLP, at params: [Tensor], inputs x: Tensor, targets y: Tensor, scale: Double) throws {
    try net.checkShapes(params.map(\.shape))
    let op = try MLPSquareLossHVP(net: net, inputs: x, targets: y, scale: scale)
    let loss = try MLPSquareLoss(net: net, inputs: x, targets: y, scale: scale)
    let theta = params.flatMap(\.scalars)
    var g = [Double](repeating: 0, count: theta.count)
    value = loss.evaluate(theta, into: &g)
    shapes = params.map(\.shape)
    gradient = try Tensor(g).unflattened(into: shapes)
    tape = Tape()
    leaves = []
    gradientVars = []
    structured = (op, theta)
  }

  /// The number of scalar parameters.
  public var dimension: Int { shapes.reduce(0) { $0 + Tensor.count(of: $1) } }

  /// `H v` for a direction with one tensor per argument.
  public func apply(_ v: [Tensor]) throws -> [Tensor] {
    try Autodiff.checkDirection(v, against: gradient)
    if let s = structured {
      let direction = v.flatMap(\.scalars)
      var hv = [Double](repeating: 0, count: direction.count)
      s.op.apply(s.theta, direction: direction, into: &hv)
      return try Tensor(hv).unflattened(into: shapes)
    }
    let hv = try tape.backward(
      outputs: gradientVars, seeds: v.map { Var(constant: $0) }, wrt: leaves, createGraph: false)
    return zip(hv, shapes).map { $0?.value ?? .zeros($1) }
  }

  /// The dense Hessian (dimension x dimension), one reverse sweep per column, symmetrised: the
  /// exact Hessian is symmetric, and averaging removes rounding so eigen-solvers see symmetry.
  public func dense() throws -> Tensor {
    let p = dimension
    var h = Tensor.zeros([p, p])
    var e = Tensor.zeros([p])
    for j in 0..<p {
      e.scalars[j] = 1
      let column = try applyFlat(e)
      for i in 0..<p { h.scalars[i * p + j] = column.scalars[i] }
      e.scalars[j] = 0
    }
    for i in 0..<p {
      for j in (i + 1)..<Swift.max(i + 1, p) {
        let s = 0.5 * (h.scalars[i * p + j] + h.scalars[j * p + i])
        h.scalars[i * p + j] = s
        h.scalars[j * p + i] = s
      }
    }
    return h
  }

  /// `H v` for a flat direction (arguments concatenated in order), as a flat vector.
  public func applyFlat(_ v: Tensor) throws -> Tensor {
    guard v.count == dimension else {
      throw TensorError.shapeMismatch("direction has \(v.count) entries; the Hessian is \(dimension) x \(dimension)")
    }
    return Tensor(uncheckedShape: [dimension], scalars: try apply(v.unflattened(into: shapes)).flatMap(\.scalars))
  }
}

extension Autodiff {
  /// Several scalar functions of the same arguments sharing one forward pass: their values and
  /// the gradient of each (one reverse sweep per output over one tape). Used where a run tracks
  /// more than the loss, e.g. the average predictor gradient of 004 Sec 6 beside grad L.
  public static func valuesAndGradients(
    at x: [Tensor], of f: ([Var]) throws -> [Var]
  ) throws -> [(value: Double, gradient: [Tensor])] {
    let tape = Tape()
    let vars = tape.variables(x)
    return try f(vars).map { y in
      let value = try scalarValue(y, "valuesAndGradients")
      let g = try tape.backward(outputs: [y], seeds: [Var(1)], wrt: vars, createGraph: false)
      return (value, zip(g, x).map { $0?.value ?? .zeros($1.shape) })
    }
  }
}
