/// Axis reorderings (copies) and unit-axis insertion/removal (views: no copy).
extension Tensor {
  /// The tensor with its axes reordered: result axis `k` is axis `axes[k]` of `self`, as in
  /// NumPy's `transpose(axes)` (negative axes count from the end). A copy.
  /// - Throws: when `axes` is not a permutation of the tensor's axes.
  public func permuted(_ axes: [Int]) throws -> Tensor {
    guard axes.count == rank else {
      throw TensorError.invalidArgument(
        "permuted: \(Tensor.describe(axes)) has \(axes.count) axes, the tensor "
          + "\(Tensor.describe(shape)) has \(rank)")
    }
    let resolved = try axes.map { try Tensor.resolveAxis($0, rank: rank, "permuted") }
    guard Set(resolved).count == rank else {
      throw TensorError.invalidArgument(
        "permuted: \(Tensor.describe(axes)) is not a permutation of the axes 0..<\(rank)")
    }
    return permutedUnchecked(resolved)
  }

  /// `permuted` for a permutation already checked (identity returns `self` without copying).
  func permutedUnchecked(_ perm: [Int]) -> Tensor {
    if perm == Array(0..<rank) { return self }
    let outShape = perm.map { shape[$0] }
    let own = Tensor.strides(of: shape)
    // reading the source with permuted strides while writing the output in order
    let readStrides = perm.map { own[$0] }
    var out = [Double](repeating: 0, count: count)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        Tensor.walk(outShape, readStrides, readStrides) { k, i, _ in dst[k] = src[i] }
      }
    }
    return Tensor(uncheckedShape: outShape, scalars: out)
  }

  /// The tensor without `axis`, which must have extent 1 (negative counts from the end). No copy.
  public func squeezed(axis: Int) throws -> Tensor {
    let a = try Tensor.resolveAxis(axis, rank: rank, "squeezed")
    guard shape[a] == 1 else {
      throw TensorError.invalidArgument(
        "squeezed: axis \(axis) of \(Tensor.describe(shape)) has extent \(shape[a]), not 1")
    }
    var newShape = shape
    newShape.remove(at: a)
    return Tensor(uncheckedShape: newShape, scalars: scalars)
  }

  /// The tensor with a new axis of extent 1 at position `axis` of the result (NumPy's
  /// `expand_dims`: `axis` in `-(rank+1)...rank`, negative counting from the end). No copy.
  public func expandingDims(at axis: Int) throws -> Tensor {
    let a = try Tensor.resolveAxis(axis, rank: rank + 1, "expandingDims")
    var newShape = shape
    newShape.insert(1, at: a)
    return Tensor(uncheckedShape: newShape, scalars: scalars)
  }
}
