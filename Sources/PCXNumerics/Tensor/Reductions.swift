/// Reductions over the whole tensor or along axes: sum, mean, max, min, argmax.
///
/// Sums use pairwise (cascade) summation, as NumPy does: the error bound is O(eps log n) instead of
/// the O(eps n) of a running sum (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.,
/// Sec 4.2). Reductions along axes first move the reduced axes to the end (one copy, skipped when
/// they already are trailing) so that every output element reduces one contiguous block.
/// `max`/`min` propagate NaN; `argmax` returns the first maximal position, a NaN counting as maximal.
extension Tensor {
  /// Below this length a block is summed by a plain loop; 128 keeps the recursion overhead small
  /// while the loop's own error stays at most 128 eps (NumPy uses the same block size).
  static let pairwiseBlock = 128

  /// Pairwise sum of a buffer (see the type-level comment).
  static func pairwiseSum(_ x: UnsafeBufferPointer<Double>) -> Double {
    let n = x.count
    if n <= pairwiseBlock {
      var s = 0.0
      for v in x { s += v }
      return s
    }
    let half = n / 2
    return pairwiseSum(UnsafeBufferPointer(rebasing: x[0..<half]))
      + pairwiseSum(UnsafeBufferPointer(rebasing: x[half..<n]))
  }

  /// The largest (`greater == true`) or smallest element of a non-empty buffer; NaN if any is NaN.
  static func extreme(_ x: UnsafeBufferPointer<Double>, greater: Bool) -> Double {
    var best = x[0]
    for v in x {
      if v.isNaN { return v }
      if greater ? v > best : v < best { best = v }
    }
    return best
  }

  /// The first position of the largest element of a non-empty buffer (the first NaN if any).
  static func firstArgmax(_ x: UnsafeBufferPointer<Double>) -> Int {
    var best = 0
    for i in 0..<x.count {
      if x[i].isNaN { return i }
      if x[i] > x[best] { best = i }
    }
    return best
  }

  /// The sum of all elements (pairwise summation); 0 when empty.
  public func sum() -> Double {
    scalars.withUnsafeBufferPointer { Tensor.pairwiseSum($0) }
  }

  /// The mean of all elements; NaN when empty.
  public func mean() -> Double { sum() / Double(count) }

  /// The largest element (NaN if any element is NaN), or nil when the tensor is empty.
  public func max() -> Double? {
    count == 0 ? nil : scalars.withUnsafeBufferPointer { Tensor.extreme($0, greater: true) }
  }

  /// The smallest element (NaN if any element is NaN), or nil when the tensor is empty.
  public func min() -> Double? {
    count == 0 ? nil : scalars.withUnsafeBufferPointer { Tensor.extreme($0, greater: false) }
  }

  /// The layout of a reduction: the tensor with reduced axes moved last, and the shapes involved.
  struct ReductionPlan {
    /// The elements with the kept axes first and the reduced axes last (row-major).
    var moved: Tensor
    /// Number of output elements and the length of each reduced block.
    var outer: Int, block: Int
    /// The output shape without and with the reduced axes kept as extent 1.
    var keptShape: [Int], keptDimsShape: [Int]
  }

  /// Plans a reduction along `axes` (NumPy semantics; `[]` reduces nothing).
  func reductionPlan(_ axes: [Int], _ op: String) throws -> ReductionPlan {
    let reduced = try Tensor.resolveAxes(axes, rank: rank, op)
    let kept = (0..<rank).filter { !reduced.contains($0) }
    let keptShape = kept.map { shape[$0] }
    var keptDimsShape = shape
    for a in reduced { keptDimsShape[a] = 1 }
    return ReductionPlan(
      moved: permutedUnchecked(kept + reduced), outer: Tensor.count(of: keptShape),
      block: Tensor.count(of: reduced.map { shape[$0] }), keptShape: keptShape,
      keptDimsShape: keptDimsShape)
  }

  /// Applies `reduce` to each contiguous reduced block; throws when blocks are empty and `reduce`
  /// has no identity (`needsElements`).
  func reduce(
    alongAxes axes: [Int], keepingDims: Bool, _ op: String, needsElements: Bool = false,
    _ reduce: (UnsafeBufferPointer<Double>) -> Double
  ) throws -> Tensor {
    let plan = try reductionPlan(axes, op)
    if needsElements, plan.block == 0, plan.outer > 0 {
      throw TensorError.invalidArgument(
        "\(op) along axes \(Tensor.describe(axes)) of \(Tensor.describe(shape)): "
          + "the reduced axes are empty and \(op) has no identity")
    }
    var out = [Double](repeating: 0, count: plan.outer)
    plan.moved.scalars.withUnsafeBufferPointer { src in
      for k in 0..<plan.outer {
        out[k] = reduce(UnsafeBufferPointer(rebasing: src[(k * plan.block)..<((k + 1) * plan.block)]))
      }
    }
    return Tensor(uncheckedShape: keepingDims ? plan.keptDimsShape : plan.keptShape, scalars: out)
  }

  /// Sums along `axes` (negative axes count from the end); the result drops those axes unless
  /// `keepingDims`, which leaves them with extent 1. Pairwise summation within each block.
  public func sum(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
    try reduce(alongAxes: axes, keepingDims: keepingDims, "sum") { Tensor.pairwiseSum($0) }
  }

  /// Means along `axes` (see `sum(alongAxes:)`); NaN where the reduced axes are empty.
  public func mean(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
    try reduce(alongAxes: axes, keepingDims: keepingDims, "mean") {
      Tensor.pairwiseSum($0) / Double($0.count)
    }
  }

  /// Maxima along `axes` (NaN propagates); throws when the reduced axes are empty.
  public func max(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
    try reduce(alongAxes: axes, keepingDims: keepingDims, "max", needsElements: true) {
      Tensor.extreme($0, greater: true)
    }
  }

  /// Minima along `axes` (NaN propagates); throws when the reduced axes are empty.
  public func min(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
    try reduce(alongAxes: axes, keepingDims: keepingDims, "min", needsElements: true) {
      Tensor.extreme($0, greater: false)
    }
  }

  /// The position along `axis` of the largest element, for every position of the other axes in
  /// row-major order (the first maximum on ties; the first NaN if any). Throws when `axis` is empty.
  public func argmax(alongAxis axis: Int) throws -> [Int] {
    let plan = try reductionPlan([axis], "argmax")
    if plan.block == 0, plan.outer > 0 {
      throw TensorError.invalidArgument(
        "argmax along axis \(axis) of \(Tensor.describe(shape)): the axis is empty")
    }
    return plan.moved.scalars.withUnsafeBufferPointer { src in
      (0..<plan.outer).map { k in
        Tensor.firstArgmax(UnsafeBufferPointer(rebasing: src[(k * plan.block)..<((k + 1) * plan.block)]))
      }
    }
  }
}
