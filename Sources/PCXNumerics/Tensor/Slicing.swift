/// Rectangular slices, single indices and gathers along an axis, each with its adjoint
/// (`embed`, `scatterAdd`) so that reverse-mode differentiation can send gradients back.
extension Tensor {
  /// Checks `ranges` against `shape` and returns the sliced shape and the flat offset of its corner.
  static func sliceLayout(
    _ ranges: [Range<Int>], in shape: [Int], _ op: String
  ) throws -> (shape: [Int], base: Int) {
    guard ranges.count <= shape.count else {
      throw TensorError.invalidArgument(
        "\(op): \(ranges.count) ranges for a tensor of rank \(shape.count)")
    }
    let strides = Tensor.strides(of: shape)
    var outShape = shape
    var base = 0
    for (axis, r) in ranges.enumerated() {
      guard r.lowerBound >= 0, r.upperBound <= shape[axis] else {
        throw TensorError.indexOutOfRange(
          "\(op): range \(r.lowerBound)..<\(r.upperBound) is outside axis \(axis) of extent "
            + "\(shape[axis]) in \(describe(shape))")
      }
      outShape[axis] = r.count
      base += r.lowerBound * strides[axis]
    }
    return (outShape, base)
  }

  /// The sub-tensor `self[r0, r1, ...]`: one range per leading axis, trailing axes taken whole.
  /// A copy. Empty ranges give empty axes.
  public func slice(_ ranges: [Range<Int>]) throws -> Tensor {
    let (outShape, base) = try Tensor.sliceLayout(ranges, in: shape, "slice")
    let s = Tensor.strides(of: shape)
    var out = [Double](repeating: 0, count: Tensor.count(of: outShape))
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        Tensor.walk(outShape, s, s) { k, i, _ in dst[k] = src[base + i] }
      }
    }
    return Tensor(uncheckedShape: outShape, scalars: out)
  }

  /// Zeros of `shape` with `part` written at `ranges`: the adjoint of `slice`, so that
  /// `<slice(x, r), y> == <x, embed(y, r, x.shape)>`.
  public static func embed(_ part: Tensor, at ranges: [Range<Int>], in shape: [Int]) throws -> Tensor {
    try checkShape(shape, "embed")
    let (partShape, base) = try sliceLayout(ranges, in: shape, "embed")
    guard part.shape == partShape else {
      throw TensorError.shapeMismatch(
        "embed: a part of shape \(describe(part.shape)) does not fill ranges of shape "
          + "\(describe(partShape)) in \(describe(shape))")
    }
    let s = strides(of: shape)
    var out = [Double](repeating: 0, count: count(of: shape))
    part.scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        walk(partShape, s, s) { k, i, _ in dst[base + i] = src[k] }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// The sub-tensor at position `i` of `axis`, with that axis dropped (negative `i` and `axis`
  /// count from the end): `x.index(1, axis: 0)` is row 1 of a matrix. A copy.
  public func index(_ i: Int, axis: Int) throws -> Tensor {
    let a = try Tensor.resolveAxis(axis, rank: rank, "index")
    let j = try Tensor.resolveIndex(i, extent: shape[a], axis: a, "index")
    var ranges = shape[...a].map { 0..<$0 }
    ranges[a] = j..<(j + 1)
    return try slice(ranges).squeezed(axis: a)
  }

  /// Resolves gather/scatter indices against an axis of extent `n` (negative counts from the end).
  static func resolveIndices(_ indices: [Int], extent n: Int, axis: Int, _ op: String) throws -> [Int] {
    try indices.map { try resolveIndex($0, extent: n, axis: axis, op) }
  }

  /// The sub-tensors at `indices` along `axis`, in that order (repeats allowed; negative indices
  /// count from the end), like NumPy's `take`: `x.gather(batch, axis: 0)` is a mini-batch of rows.
  public func gather(_ indices: [Int], axis: Int) throws -> Tensor {
    let a = try Tensor.resolveAxis(axis, rank: rank, "gather")
    let (outer, n, inner) = Tensor.split3(shape, at: a)
    let idx = try Tensor.resolveIndices(indices, extent: n, axis: a, "gather")
    let m = idx.count
    var outShape = shape
    outShape[a] = m
    var out = [Double](repeating: 0, count: outer * m * inner)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for o in 0..<outer {
          for (j, r) in idx.enumerated() {
            let from = (o * n + r) * inner, to = (o * m + j) * inner
            for t in 0..<inner { dst[to + t] = src[from + t] }
          }
        }
      }
    }
    return Tensor(uncheckedShape: outShape, scalars: out)
  }

  /// Zeros of `shape` with the slices of `part` along `axis` added at `indices`; repeated indices
  /// accumulate. The adjoint of `gather`: `<gather(x, I), y> == <x, scatterAdd(y, I, into: x.shape)>`.
  public static func scatterAdd(
    _ part: Tensor, _ indices: [Int], axis: Int, into shape: [Int]
  ) throws -> Tensor {
    try checkShape(shape, "scatterAdd")
    let a = try resolveAxis(axis, rank: shape.count, "scatterAdd")
    let (outer, n, inner) = split3(shape, at: a)
    let idx = try resolveIndices(indices, extent: n, axis: a, "scatterAdd")
    let m = idx.count
    var partShape = shape
    partShape[a] = m
    guard part.shape == partShape else {
      throw TensorError.shapeMismatch(
        "scatterAdd: a part of shape \(describe(part.shape)) does not match \(m) indices along "
          + "axis \(a) of \(describe(shape)) (expected \(describe(partShape)))")
    }
    var out = [Double](repeating: 0, count: count(of: shape))
    part.scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for o in 0..<outer {
          for (j, r) in idx.enumerated() {
            let from = (o * m + j) * inner, to = (o * n + r) * inner
            for t in 0..<inner { dst[to + t] += src[from + t] }
          }
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }
}
