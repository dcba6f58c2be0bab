/// Axis bookkeeping shared by the reductions, reorderings, slicing and concatenation:
/// NumPy conventions (negative axes count from the end; duplicates and out-of-range axes are errors).
extension Tensor {
  /// `axis` resolved against `rank` (negative counts from the end), or `indexOutOfRange`.
  static func resolveAxis(_ axis: Int, rank: Int, _ op: String) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else {
      throw TensorError.indexOutOfRange(
        "\(op): axis \(axis) is out of range for a tensor of rank \(rank)")
    }
    return a
  }

  /// Several axes resolved against `rank`, in ascending order; duplicates throw `invalidArgument`.
  static func resolveAxes(_ axes: [Int], rank: Int, _ op: String) throws -> [Int] {
    let resolved = try axes.map { try resolveAxis($0, rank: rank, op) }
    let sorted = resolved.sorted()
    for k in sorted.indices.dropFirst() where sorted[k] == sorted[k - 1] {
      throw TensorError.invalidArgument(
        "\(op): axis \(sorted[k]) appears more than once in \(describe(axes))")
    }
    return sorted
  }

  /// `i` resolved against an axis of extent `n` (negative counts from the end), or `indexOutOfRange`.
  static func resolveIndex(_ i: Int, extent n: Int, axis: Int, _ op: String) throws -> Int {
    let j = i < 0 ? i + n : i
    guard j >= 0, j < n else {
      throw TensorError.indexOutOfRange(
        "\(op): index \(i) is out of range for axis \(axis) of extent \(n)")
    }
    return j
  }

  /// Throws `invalidArgument` when a requested shape has a negative extent.
  static func checkShape(_ shape: [Int], _ op: String) throws {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw TensorError.invalidArgument("\(op): shape \(describe(shape)) has a negative extent")
    }
  }

  /// The multi-index of a flat row-major offset (for error messages and tests).
  public func multiIndex(ofOffset offset: Int) -> [Int] {
    var rest = offset
    var index = [Int](repeating: 0, count: rank)
    for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
      index[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    return index
  }

  /// The element counts before, along and after `axis`: the `[outer, n, inner]` view of the buffer.
  static func split3(_ shape: [Int], at axis: Int) -> (outer: Int, n: Int, inner: Int) {
    (count(of: Array(shape[..<axis])), shape[axis], count(of: Array(shape[(axis + 1)...])))
  }
}
