/// Joining tensors along an axis (`concatenate`, `stack`) and its inverse (`split`).
///
/// All three read the buffers as `[outer, n, inner]` around the axis, so each part is copied in
/// `outer` contiguous runs of `n * inner` elements.
extension Tensor {
  /// The tensors joined along an existing `axis` (negative counts from the end); every other
  /// extent must agree, as in NumPy's `concatenate`.
  public static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
    guard let first = parts.first else {
      throw TensorError.invalidArgument("concatenate: no tensors to join")
    }
    guard first.rank > 0 else {
      throw TensorError.invalidArgument("concatenate: rank-0 tensors have no axis to join along")
    }
    let a = try resolveAxis(axis, rank: first.rank, "concatenate")
    for (p, part) in parts.enumerated() {
      var expected = first.shape
      if part.rank == first.rank { expected[a] = part.shape[a] }
      guard part.shape == expected else {
        throw TensorError.shapeMismatch(
          "concatenate along axis \(a): part \(p) has shape \(describe(part.shape)), "
            + "part 0 has \(describe(first.shape))")
      }
    }
    let (outer, _, inner) = split3(first.shape, at: a)
    let runs = parts.map { $0.shape[a] * inner }
    let total = runs.reduce(0, +)
    var out = [Double](repeating: 0, count: outer * total)
    out.withUnsafeMutableBufferPointer { dst in
      var column = 0
      for (p, part) in parts.enumerated() {
        part.scalars.withUnsafeBufferPointer { src in
          let run = runs[p]
          for o in 0..<outer {
            for t in 0..<run { dst[o * total + column + t] = src[o * run + t] }
          }
        }
        column += runs[p]
      }
    }
    var shape = first.shape
    shape[a] = parts.reduce(0) { $0 + $1.shape[a] }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// Consecutive pieces of `sizes[k]` positions along `axis` (which must add up to its extent):
  /// the inverse of `concatenate`.
  public func split(sizes: [Int], axis: Int) throws -> [Tensor] {
    let a = try Tensor.resolveAxis(axis, rank: rank, "split")
    guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
      throw TensorError.invalidArgument(
        "split: sizes \(Tensor.describe(sizes)) do not add up to the extent \(shape[a]) of axis "
          + "\(a) of \(Tensor.describe(shape))")
    }
    var start = 0
    return try sizes.map { size in
      var ranges = shape[...a].map { 0..<$0 }
      ranges[a] = start..<(start + size)
      start += size
      return try slice(ranges)
    }
  }

  /// The tensors (all of one shape) joined along a new `axis` of the result (NumPy's `stack`;
  /// `axis` in `-(rank+1)...rank`).
  public static func stack(_ parts: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = parts.first else {
      throw TensorError.invalidArgument("stack: no tensors to stack")
    }
    for (p, part) in parts.enumerated() where part.shape != first.shape {
      throw TensorError.shapeMismatch(
        "stack: part \(p) has shape \(describe(part.shape)), part 0 has \(describe(first.shape))")
    }
    let a = try resolveAxis(axis, rank: first.rank + 1, "stack")
    return try concatenate(parts.map { try $0.expandingDims(at: a) }, axis: a)
  }
}

extension Tensor {
  /// The consecutive ranges of a flat vector that hold tensors of `shapes`, in order.
  public static func flatRanges(of shapes: [[Int]]) -> [Range<Int>] {
    var offset = 0
    return shapes.map { s in
      let n = count(of: s)
      defer { offset += n }
      return offset..<(offset + n)
    }
  }

  /// A flat vector cut into tensors of `shapes` (copies), the inverse of concatenating their
  /// elements; throws when the lengths do not add up.
  public func unflattened(into shapes: [[Int]]) throws -> [Tensor] {
    let ranges = Tensor.flatRanges(of: shapes)
    guard (ranges.last?.upperBound ?? 0) == count else {
      throw TensorError.shapeMismatch(
        "a vector of \(count) elements cannot be cut into \(shapes.map(Tensor.describe)) (\(ranges.last?.upperBound ?? 0) elements)")
    }
    return Swift.zip(shapes, ranges).map { Tensor(uncheckedShape: $0, scalars: Array(scalars[$1])) }
  }
}
