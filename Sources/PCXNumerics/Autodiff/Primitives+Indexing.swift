/// Structural primitives: slices, gathers, concatenation, masks and axis permutations, each with
/// its adjoint from the tensor layer (`embed`, `scatterAdd`, `split`, the mask itself, the
/// inverse permutation) as its vjp. All are linear, so their jvp is the forward rule on the tangent.
extension Primitive {
  /// `x[r0, r1, ...]` (one range per leading axis).
  static func slice(_ ranges: [Range<Int>]) -> Primitive {
    Primitive(
      name: "slice", shape: { try Tensor.sliceLayout(ranges, in: $0[0], "slice").shape },
      forward: { try $0[0].slice(ranges) },
      vjp: { x, _, g, _ in [try Primitive.embed(ranges, in: x[0].shape)(g)] },
      jvp: { _, _, t in try t[0].map { try Primitive.slice(ranges)($0) } })
  }

  /// Zeros of `shape` with the input written at `ranges` (the adjoint of `slice`).
  static func embed(_ ranges: [Range<Int>], in shape: [Int]) -> Primitive {
    Primitive(
      name: "embed",
      shape: { s in
        guard try Tensor.sliceLayout(ranges, in: shape, "embed").shape == s[0] else {
          throw TensorError.shapeMismatch("embed: part \(Tensor.describe(s[0])) does not fill its ranges")
        }
        return shape
      },
      forward: { try Tensor.embed($0[0], at: ranges, in: shape) },
      vjp: { _, _, g, _ in [try Primitive.slice(ranges)(g)] },
      jvp: { _, _, t in try t[0].map { try Primitive.embed(ranges, in: shape)($0) } })
  }

  /// Entries `indices` along `axis` (e.g. a mini-batch of rows); repeats allowed.
  static func gather(_ indices: [Int], axis: Int) -> Primitive {
    Primitive(
      name: "gather",
      shape: { s in
        let a = try Tensor.resolveAxis(axis, rank: s[0].count, "gather")
        var out = s[0]
        out[a] = indices.count
        return out
      },
      forward: { try $0[0].gather(indices, axis: axis) },
      vjp: { x, _, g, _ in [try Primitive.scatterAdd(indices, axis: axis, into: x[0].shape)(g)] },
      jvp: { _, _, t in try t[0].map { try Primitive.gather(indices, axis: axis)($0) } })
  }

  /// The adjoint of `gather`: entries added back at `indices` in zeros of `shape`.
  static func scatterAdd(_ indices: [Int], axis: Int, into shape: [Int]) -> Primitive {
    Primitive(
      name: "scatter_add", shape: { _ in shape },
      forward: { try Tensor.scatterAdd($0[0], indices, axis: axis, into: shape) },
      vjp: { _, _, g, _ in [try Primitive.gather(indices, axis: axis)(g)] },
      jvp: { _, _, t in try t[0].map { try Primitive.scatterAdd(indices, axis: axis, into: shape)($0) } })
  }

  /// The inputs joined along `axis`.
  static func concatenate(axis: Int) -> Primitive {
    Primitive(
      name: "concatenate",
      shape: { s in
        guard let first = s.first else { throw TensorError.invalidArgument("concatenate: no tensors") }
        let a = try Tensor.resolveAxis(axis, rank: first.count, "concatenate")
        var out = first
        out[a] = s.reduce(0) { $0 + ($1.count == first.count ? $1[a] : 0) }
        return out
      },
      forward: { try Tensor.concatenate($0, axis: axis) },
      vjp: { x, _, g, needs in
        let a = try Tensor.resolveAxis(axis, rank: g.shape.count, "concatenate")
        var offset = 0
        return try x.enumerated().map { k, xk in
          defer { offset += xk.shape[a] }
          guard needs[k] else { return nil }
          var ranges = g.shape.map { 0..<$0 }
          ranges[a] = offset..<(offset + xk.shape[a])
          return try Primitive.slice(Array(ranges[...a]))(g)
        }
      },
      jvp: { x, _, t in
        guard t.contains(where: { $0 != nil }) else { return nil }
        let parts = zip(x, t).map { $1 ?? Var(constant: .zeros($0.shape)) }
        return try Primitive.concatenate(axis: axis).apply(parts)
      })
  }

  /// `P_Omega(x)`: entries where the fixed 0/1 mask is 0 become 0 (002 (4.5)); self-adjoint.
  static func masked(by mask: Tensor) -> Primitive {
    Primitive(
      name: "mask",
      shape: { s in
        guard s[0] == mask.shape else {
          throw TensorError.shapeMismatch(
            "mask of shape \(Tensor.describe(mask.shape)) applied to \(Tensor.describe(s[0]))")
        }
        return s[0]
      },
      forward: { try $0[0].masked(by: mask) },
      vjp: { _, _, g, _ in [try Primitive.masked(by: mask)(g)] },
      jvp: { _, _, t in try t[0].map { try Primitive.masked(by: mask)($0) } })
  }

  /// The axes of the input reordered (`out.shape[k] = in.shape[axes[k]]`).
  static func permute(_ axes: [Int]) -> Primitive {
    Primitive(
      name: "permute",
      shape: { s in
        guard axes.sorted() == Array(0..<s[0].count) else {
          throw TensorError.invalidArgument(
            "permute: \(Tensor.describe(axes)) is not a permutation of the \(s[0].count) axes")
        }
        return axes.map { s[0][$0] }
      },
      forward: { try $0[0].permuted(axes) },
      vjp: { _, _, g, _ in
        var inverse = axes
        for (k, a) in axes.enumerated() { inverse[a] = k }
        return [try Primitive.permute(inverse)(g)]
      },
      jvp: { _, _, t in try t[0].map { try Primitive.permute(axes)($0) } })
  }
}

extension Var {
  /// `self[r0, r1, ...]`: one range per leading axis.
  public func slice(_ ranges: [Range<Int>]) throws -> Var { try Primitive.slice(ranges)(self) }
  /// Entry `i` along `axis`, dropping that axis (negative `i` counts from the end).
  public func index(_ i: Int, axis: Int = 0) throws -> Var {
    let a = try Tensor.resolveAxis(axis, rank: shape.count, "index")
    let j = try Tensor.resolveIndex(i, extent: shape[a], axis: a, "index")
    var ranges = shape.map { 0..<$0 }
    ranges[a] = j..<(j + 1)
    var out = shape
    out.remove(at: a)
    return try slice(ranges).reshaped(out)
  }
  /// Entries `indices` along `axis`.
  public func gather(_ indices: [Int], axis: Int = 0) throws -> Var {
    try Primitive.gather(indices, axis: axis)(self)
  }
  /// Values joined along `axis`.
  public static func concatenate(_ parts: [Var], axis: Int = 0) throws -> Var {
    try Primitive.concatenate(axis: axis).apply(parts)
  }
  /// `P_Omega(self)` for a fixed 0/1 mask (002 (4.5)).
  public func masked(by mask: Tensor) throws -> Var { try Primitive.masked(by: mask)(self) }
  /// The axes reordered.
  public func permuted(_ axes: [Int]) throws -> Var { try Primitive.permute(axes)(self) }
  /// The Euclidean (Frobenius) norm; its derivative at 0 is taken as 0 (see `Primitive.norm`).
  public func norm() throws -> Var { try Primitive.norm(self) }
  /// Contracts the last axis with a vector: `sum_j self[..., j] x[j]` (dgemv through `matmul`).
  public func contractLast(_ x: Var) throws -> Var {
    guard let d = shape.last, x.shape == [d] else {
      throw TensorError.shapeMismatch(
        "cannot contract \(Tensor.describe(shape)) with a vector of shape \(Tensor.describe(x.shape))")
    }
    let rows = value.count / Swift.max(d, 1)
    return try Var.matmul(reshaped([rows, d]), x).reshaped(Array(shape.dropLast()))
  }
  /// `T(x, x, x, x) = sum T_ijkl x_i x_j x_k x_l` for a 4th-order tensor (002 (5.2)).
  public func contract4(_ x: Var) throws -> Var {
    guard shape.count == 4 else {
      throw TensorError.shapeMismatch("contract4 needs a 4th-order tensor, got \(Tensor.describe(shape))")
    }
    return try contractLast(x).contractLast(x).contractLast(x).contractLast(x)
  }
}
