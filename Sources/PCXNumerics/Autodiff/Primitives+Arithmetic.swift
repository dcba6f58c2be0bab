/// Arithmetic primitives: broadcasting sums, products and quotients, scaling, and the pair
/// `broadcastTo` / `sumTo` that are each other's adjoints.
extension Primitive {
  /// `a + b` with broadcasting.
  static let add = Primitive(
    name: "add", shape: ShapeRule.broadcast, forward: { try $0[0] + $0[1] },
    vjp: { x, _, g, needs in
      [needs[0] ? try g.sum(toShape: x[0].shape) : nil, needs[1] ? try g.sum(toShape: x[1].shape) : nil]
    },
    jvp: { x, y, t in try Var.addOptional(t[0], t[1], shape: y.shape) })

  /// `a - b` with broadcasting.
  static let sub = Primitive(
    name: "sub", shape: ShapeRule.broadcast, forward: { try $0[0] - $0[1] },
    vjp: { x, _, g, needs in
      [needs[0] ? try g.sum(toShape: x[0].shape) : nil, needs[1] ? try (-g).sum(toShape: x[1].shape) : nil]
    },
    jvp: { x, y, t in try Var.addOptional(t[0], t[1].map { -$0 }, shape: y.shape) })

  /// `a * b` elementwise with broadcasting.
  static let mul = Primitive(
    name: "mul", shape: ShapeRule.broadcast, forward: { try $0[0] * $0[1] },
    vjp: { x, _, g, needs in
      [needs[0] ? try (g * x[1]).sum(toShape: x[0].shape) : nil,
       needs[1] ? try (g * x[0]).sum(toShape: x[1].shape) : nil]
    },
    jvp: { x, y, t in
      try Var.addOptional(t[0].map { try $0 * x[1] }, t[1].map { try x[0] * $0 }, shape: y.shape)
    })

  /// `a / b` elementwise with broadcasting.
  static let div = Primitive(
    name: "div", shape: ShapeRule.broadcast, forward: { try $0[0] / $0[1] },
    vjp: { x, y, g, needs in
      let ga = try g / x[1]
      return [needs[0] ? try ga.sum(toShape: x[0].shape) : nil,
              needs[1] ? try (-(ga * y)).sum(toShape: x[1].shape) : nil]
    },
    jvp: { x, y, t in
      // d(a/b) = da/b - (a/b) db/b
      try Var.addOptional(t[0].map { try $0 / x[1] }, t[1].map { try -(y * $0 / x[1]) }, shape: y.shape)
    })

  /// `-a`.
  static let neg = Primitive(
    name: "neg", shape: ShapeRule.same, forward: { -$0[0] },
    vjp: { _, _, g, needs in [-g] }, jvp: { _, _, t in t[0].map { -$0 } })

  /// `c * a` for a fixed number `c`.
  static func scale(_ c: Double) -> Primitive {
    Primitive(
      name: "scale", shape: ShapeRule.same, forward: { $0[0] * c },
      vjp: { _, _, g, needs in [g * c] }, jvp: { _, _, t in t[0].map { $0 * c } })
  }

  /// `a + c` for a fixed number `c`.
  static func shift(_ c: Double) -> Primitive {
    Primitive(
      name: "shift", shape: ShapeRule.same, forward: { $0[0] + c },
      vjp: { _, _, g, needs in [g] }, jvp: { _, _, t in t[0] })
  }

  /// Broadcast `a` to a larger shape.
  static func broadcastTo(_ target: [Int]) -> Primitive {
    Primitive(
      name: "broadcast_to",
      shape: { s in
        guard try Tensor.broadcastShape(s[0], target) == target else {
          throw TensorError.shapeMismatch(
            "cannot broadcast \(Tensor.describe(s[0])) to \(Tensor.describe(target))")
        }
        return target
      },
      forward: { try $0[0].broadcast(to: target) },
      vjp: { x, _, g, needs in [try g.sum(toShape: x[0].shape)] },
      jvp: { _, _, t in try t[0].map { try $0.broadcast(to: target) } })
  }

  /// Sum `a` down to a shape it broadcasts from (the adjoint of `broadcastTo`).
  static func sumTo(_ target: [Int]) -> Primitive {
    Primitive(
      name: "sum_to",
      shape: { s in
        guard try Tensor.broadcastShape(target, s[0]) == s[0] else {
          throw TensorError.shapeMismatch(
            "cannot sum \(Tensor.describe(s[0])) down to \(Tensor.describe(target))")
        }
        return target
      },
      forward: { try $0[0].sumToShape(target) },
      vjp: { x, _, g, needs in [try g.broadcast(to: x[0].shape)] },
      jvp: { _, _, t in try t[0].map { try $0.sum(toShape: target) } })
  }
}

extension Var {
  /// Elementwise sum with broadcasting.
  public static func + (a: Var, b: Var) throws -> Var { try Primitive.add(a, b) }
  /// Elementwise difference with broadcasting.
  public static func - (a: Var, b: Var) throws -> Var { try Primitive.sub(a, b) }
  /// Elementwise product with broadcasting.
  public static func * (a: Var, b: Var) throws -> Var { try Primitive.mul(a, b) }
  /// Elementwise quotient with broadcasting.
  public static func / (a: Var, b: Var) throws -> Var { try Primitive.div(a, b) }
  /// Negation.
  public static prefix func - (a: Var) -> Var { Primitive.neg.applyTotal(a) }
  /// Every element times a number.
  public static func * (a: Var, c: Double) -> Var {
    Primitive.scale(c).applyTotal(a)
  }
  /// Every element times a number.
  public static func * (c: Double, a: Var) -> Var { a * c }
  /// Every element plus a number.
  public static func + (a: Var, c: Double) -> Var {
    Primitive.shift(c).applyTotal(a)
  }
  /// Every element minus a number.
  public static func - (a: Var, c: Double) -> Var { a + (-c) }
  /// A number minus every element.
  public static func - (c: Double, a: Var) -> Var { -a + c }

  /// This value broadcast to `shape`.
  public func broadcast(to shape: [Int]) throws -> Var {
    shape == self.shape ? self : try Primitive.broadcastTo(shape)(self)
  }
  /// This value summed down to `shape` (the adjoint of broadcasting).
  public func sum(toShape shape: [Int]) throws -> Var {
    shape == self.shape ? self : try Primitive.sumTo(shape)(self)
  }

  /// `a + b` where either may be absent (a zero tangent), broadcast to `shape`.
  static func addOptional(_ a: Var?, _ b: Var?, shape: [Int]) throws -> Var? {
    switch (a, b) {
    case let (a?, b?): return try (a + b).broadcast(to: shape)
    case let (a?, nil): return try a.broadcast(to: shape)
    case let (nil, b?): return try b.broadcast(to: shape)
    case (nil, nil): return nil
    }
  }
}
