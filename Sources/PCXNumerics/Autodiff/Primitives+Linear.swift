/// Linear primitives: matrix products through BLAS, transposes, reshapes and sums.
extension Primitive {
  /// `alpha * op(a) @ op(b)` for matrices; `op` transposes when the flag is set.
  static func matmul(transposeA ta: Bool, transposeB tb: Bool, alpha: Double = 1) -> Primitive {
    Primitive(
      name: "matmul",
      shape: { s in
        guard s[0].count == 2, s[1].count == 2 else {
          throw TensorError.shapeMismatch(
            "matmul needs matrices, got \(Tensor.describe(s[0])) and \(Tensor.describe(s[1]))")
        }
        let (m, ka) = ta ? (s[0][1], s[0][0]) : (s[0][0], s[0][1])
        let (kb, n) = tb ? (s[1][1], s[1][0]) : (s[1][0], s[1][1])
        guard ka == kb else {
          throw TensorError.shapeMismatch(
            "matrix product \(Tensor.describe(s[0])) @ \(Tensor.describe(s[1])): inner dimensions \(ka) and \(kb) differ")
        }
        return [m, n]
      },
      forward: { x in try Tensor.matmul(x[0], x[1], transposeA: ta, transposeB: tb, alpha: alpha) },
      vjp: { x, _, g, needs in
        let (a, b) = (x[0], x[1])
        func mm(_ k: Int, _ p: Var, _ q: Var, _ tp: Bool, _ tq: Bool) throws -> Var? {
          needs[k] ? try Primitive.matmul(transposeA: tp, transposeB: tq, alpha: alpha)(p, q) : nil
        }
        switch (ta, tb) {
        case (false, false): return [try mm(0, g, b, false, true), try mm(1, a, g, true, false)]
        case (false, true): return [try mm(0, g, b, false, false), try mm(1, g, a, true, false)]
        case (true, false): return [try mm(0, b, g, false, true), try mm(1, a, g, false, false)]
        case (true, true): return [try mm(0, b, g, true, true), try mm(1, g, a, true, true)]
        }
      },
      jvp: { x, y, t in
        let prim = Primitive.matmul(transposeA: ta, transposeB: tb, alpha: alpha)
        return try Var.addOptional(
          t[0].map { try prim($0, x[1]) }, t[1].map { try prim(x[0], $0) }, shape: y.shape)
      })
  }

  /// The transpose of a matrix.
  static var transpose: Primitive { Primitive(
    name: "transpose",
    shape: { s in
      guard s[0].count == 2 else {
        throw TensorError.shapeMismatch("transpose needs a matrix, got \(Tensor.describe(s[0]))")
      }
      return [s[0][1], s[0][0]]
    },
    forward: { try $0[0].transposed() },
    vjp: { _, _, g, needs in [try Primitive.transpose(g)] },
    jvp: { _, _, t in try t[0].map { try Primitive.transpose($0) } }) }

  /// The same elements with another shape.
  static func reshape(_ target: [Int]) -> Primitive {
    Primitive(
      name: "reshape",
      shape: { s in
        guard Tensor.count(of: s[0]) == Tensor.count(of: target) else {
          throw TensorError.shapeMismatch(
            "cannot reshape \(Tensor.describe(s[0])) to \(Tensor.describe(target))")
        }
        return target
      },
      forward: { try $0[0].reshaped(target) },
      vjp: { x, _, g, needs in [try g.reshaped(x[0].shape)] },
      jvp: { _, _, t in try t[0].map { try $0.reshaped(target) } })
  }
}

extension Var {
  /// The matrix product `a @ b`; vectors are read as NumPy's `@` reads them.
  public static func matmul(
    _ a: Var, _ b: Var, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
  ) throws -> Var {
    guard (1...2).contains(a.shape.count), (1...2).contains(b.shape.count) else {
      throw TensorError.shapeMismatch(
        "matmul needs vectors or matrices, got \(Tensor.describe(a.shape)) @ \(Tensor.describe(b.shape))")
    }
    let am = a.shape.count == 2 ? a : try a.reshaped([1, a.value.count])
    let bm = b.shape.count == 2 ? b : try b.reshaped([b.value.count, 1])
    var c = try Primitive.matmul(transposeA: transposeA, transposeB: transposeB, alpha: alpha)(am, bm)
    if a.shape.count == 1 || b.shape.count == 1 {
      var shape = c.shape
      if b.shape.count == 1 { shape.removeLast() }
      if a.shape.count == 1 { shape.removeFirst() }
      c = try c.reshaped(shape)
    }
    return c
  }

  /// The transpose of a matrix (a vector is returned as is).
  public func transposed() throws -> Var { shape.count == 1 ? self : try Primitive.transpose(self) }

  /// The same elements with another shape.
  public func reshaped(_ shape: [Int]) throws -> Var {
    shape == self.shape ? self : try Primitive.reshape(shape)(self)
  }

  /// The sum of all elements (a scalar).
  public func sum() throws -> Var { try sum(toShape: []) }

  /// The mean of all elements (a scalar).
  public func mean() throws -> Var { try sum() * (1 / Double(max(value.count, 1))) }

  /// The sum along `axes` (negative axes count from the end).
  public func sum(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Var {
    let rank = shape.count
    let normalized = try axes.map { a -> Int in
      let k = a < 0 ? a + rank : a
      guard k >= 0, k < rank else {
        throw TensorError.indexOutOfRange("axis \(a) is out of range for rank \(rank)")
      }
      return k
    }
    let kept = shape.enumerated().map { normalized.contains($0.offset) ? 1 : $0.element }
    let summed = try sum(toShape: kept)
    if keepingDims { return summed }
    return try summed.reshaped(shape.enumerated().filter { !normalized.contains($0.offset) }.map(\.element))
  }

  /// The Euclidean inner product of two values of the same shape (a scalar).
  public static func dot(_ a: Var, _ b: Var) throws -> Var {
    guard a.shape == b.shape else {
      throw TensorError.shapeMismatch(
        "inner product of \(Tensor.describe(a.shape)) and \(Tensor.describe(b.shape))")
    }
    return try (a * b).sum()
  }

  /// The outer product `a ⊗ b` (shape `a.shape + b.shape`).
  public static func outer(_ a: Var, _ b: Var) throws -> Var {
    let left = try a.reshaped(a.shape + [Int](repeating: 1, count: b.shape.count))
    return try left * b
  }
}
