/// Elementwise primitives: a `ScalarFunction`'s k-th derivative applied to every element, and
/// a fused tanh whose derivative is read off its output (the hot path of tanh networks).
extension Primitive {
  /// The `order`-th derivative of `f`, elementwise.
  static func elementwise(_ f: ScalarFunction, order: Int = 0) -> Primitive {
    let fk = f.derivatives[order]
    return Primitive(
      name: order == 0 ? f.name : "\(f.name)^(\(order))",
      shape: ShapeRule.same,
      forward: { x in
        if order == 0, let v = f.vectorised { return v(x[0]) }
        return x[0].map(fk)
      },
      vjp: { x, _, g, needs in [try g * Var.derivative(f, order + 1, x[0])] },
      jvp: { x, _, t in try t[0].map { try $0 * Var.derivative(f, order + 1, x[0]) } })
  }

  /// tanh, vectorised; its derivative 1 - tanh^2 is computed from the output.
  static let tanh = Primitive(
    name: "tanh", shape: ShapeRule.same, forward: { $0[0].tanh() },
    vjp: { _, y, g, needs in [try Primitive.tanhBackward(y, g)] },
    jvp: { _, y, t in try t[0].map { try Primitive.tanhBackward(y, $0) } })

  /// `g * (1 - y^2)`: tanh's derivative at the point where tanh = y, applied to g.
  static var tanhBackward: Primitive {
    Primitive(
      name: "tanh_backward", shape: ShapeRule.same,
      forward: { x in
        try Tensor.zip(x[0], x[1]) { y, g in g * (1 - y * y) }
      },
      vjp: { x, _, c, needs in
        let (y, g) = (x[0], x[1])
        return [needs[0] ? try (c * g * y) * -2 : nil, needs[1] ? try Primitive.tanhBackward(y, c) : nil]
      },
      jvp: { x, _, t in
        let (y, g) = (x[0], x[1])
        return try Var.addOptional(
          t[0].map { try ($0 * g * y) * -2 }, t[1].map { try Primitive.tanhBackward(y, $0) },
          shape: y.shape)
      })
  }
}

extension Var {
  /// The k-th derivative of `f` at `x`, elementwise; throws when `f` has no such derivative.
  static func derivative(_ f: ScalarFunction, _ k: Int, _ x: Var) throws -> Var {
    guard k < f.derivatives.count else {
      throw AutodiffError.derivativeUnavailable(
        "\(f.name) has derivatives up to order \(f.derivatives.count - 1); order \(k) was needed")
    }
    return try Primitive.elementwise(f, order: k)(x)
  }

  /// `f` applied to every element.
  public func apply(_ f: ScalarFunction) throws -> Var { try Primitive.elementwise(f)(self) }
  /// Elementwise hyperbolic tangent.
  public func tanh() throws -> Var { try Primitive.tanh(self) }
  /// Elementwise exponential.
  public func exp() throws -> Var { try apply(.exp) }
  /// Elementwise natural logarithm.
  public func log() throws -> Var { try apply(.log) }
  /// Elementwise sine.
  public func sin() throws -> Var { try apply(.sin) }
  /// Elementwise cosine.
  public func cos() throws -> Var { try apply(.cos) }
  /// Elementwise square root.
  public func sqrt() throws -> Var { try apply(.sqrt) }
  /// Elementwise square.
  public func squared() throws -> Var { try self * self }
  /// Elementwise power with a fixed exponent (integer exponents 2 use a product).
  public func pow(_ p: Double) throws -> Var {
    if p == 1 { return self }
    if p == 2 { return try squared() }
    return try apply(.power(p))
  }
}

extension Primitive {
  /// The Euclidean norm of all elements. Its derivative x / ||x|| is taken as 0 at x = 0 (the
  /// minimal-norm subgradient), so objectives such as `norm(w)` or `fro(M)^2` started at zero
  /// have a finite gradient there.
  static var norm: Primitive {
    Primitive(
      name: "norm", shape: { _ in [] }, forward: { Tensor($0[0].norm()) },
      vjp: { x, y, g, _ in [try Primitive.normDirection(x[0], y) * g] },
      jvp: { x, y, t in try t[0].map { try (Primitive.normDirection(x[0], y) * $0).sum() } })
  }

  /// x / ||x|| given ||x||, and 0 where ||x|| = 0.
  static func normDirection(_ x: Var, _ norm: Var) throws -> Var {
    norm.value.scalars[0] == 0 ? Var(constant: .zeros(x.shape)) : try x / norm
  }
}
