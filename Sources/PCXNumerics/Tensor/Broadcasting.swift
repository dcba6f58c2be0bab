/// NumPy broadcasting: shapes are aligned at their last axis; an axis of extent 1 (or a missing
/// leading axis) stretches to the other operand's extent.
extension Tensor {
  /// The broadcast shape of two shapes, or a `shapeMismatch` naming both.
  public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
    let rank = Swift.max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for k in 0..<rank {
      let da = k < rank - a.count ? 1 : a[k - (rank - a.count)]
      let db = k < rank - b.count ? 1 : b[k - (rank - b.count)]
      if da == db || db == 1 {
        out[k] = da
      } else if da == 1 {
        out[k] = db
      } else {
        throw TensorError.shapeMismatch(
          "shapes \(describe(a)) and \(describe(b)) do not broadcast (axis \(k): \(da) vs \(db))")
      }
    }
    return out
  }

  /// Strides for reading a tensor of `shape` as if it had `target` shape (0 on stretched axes).
  static func broadcastStrides(from shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(of: shape)
    let lead = target.count - shape.count
    return (0..<target.count).map { k in
      k < lead || shape[k - lead] == 1 ? 0 : own[k - lead]
    }
  }

  /// The elements of `self` laid out in the (larger) broadcast shape `target`.
  public func broadcast(to target: [Int]) throws -> Tensor {
    let joint = try Tensor.broadcastShape(shape, target)
    guard joint == target else {
      throw TensorError.shapeMismatch(
        "cannot broadcast \(Tensor.describe(shape)) to \(Tensor.describe(target))")
    }
    if shape == target { return self }
    var out = [Double](repeating: 0, count: Tensor.count(of: target))
    let s = Tensor.broadcastStrides(from: shape, to: target)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        Tensor.walk(target, s, s) { k, i, _ in dst[k] = src[i] }
      }
    }
    return Tensor(uncheckedShape: target, scalars: out)
  }

  /// Sums `self` down to `target`, a shape it was broadcast from: the adjoint of `broadcast(to:)`.
  public func sumToShape(_ target: [Int]) throws -> Tensor {
    if shape == target { return self }
    let joint = try Tensor.broadcastShape(target, shape)
    guard joint == shape else {
      throw TensorError.shapeMismatch(
        "cannot sum \(Tensor.describe(shape)) down to \(Tensor.describe(target))")
    }
    var out = [Double](repeating: 0, count: Tensor.count(of: target))
    let s = Tensor.broadcastStrides(from: target, to: shape)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        Tensor.walk(shape, s, s) { k, i, _ in dst[i] += src[k] }
      }
    }
    return Tensor(uncheckedShape: target, scalars: out)
  }

  /// Visits every multi-index of `shape` in row-major order, passing the flat index and the
  /// offsets given by two stride vectors. The innermost axis runs as a tight loop.
  @inline(__always)
  static func walk(
    _ shape: [Int], _ sa: [Int], _ sb: [Int], _ body: (Int, Int, Int) -> Void
  ) {
    let total = count(of: shape)
    guard total > 0 else { return }
    let rank = shape.count
    if rank == 0 { body(0, 0, 0); return }
    let inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var offA = 0, offB = 0, k = 0
    while k < total {
      for j in 0..<inner { body(k + j, offA + j * ia, offB + j * ib) }
      k += inner
      // advance the outer axes like an odometer
      var axis = rank - 2
      while axis >= 0 {
        index[axis] += 1
        offA += sa[axis]
        offB += sb[axis]
        if index[axis] < shape[axis] { break }
        offA -= sa[axis] * shape[axis]
        offB -= sb[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
