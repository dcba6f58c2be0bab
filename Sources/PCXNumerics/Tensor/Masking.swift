/// Observation masks: 0/1 tensors that pick the entries of a tensor, as the projection
/// P_Omega of matrix completion (002 (4.5): "P_Omega(A) zeroes out all the entries of A not in
/// Omega").
extension Tensor {
  /// Checks that `mask` has the shape of `self` and holds only 0 and 1; throws naming the first
  /// offending index.
  func checkMask(_ mask: Tensor, _ op: String) throws {
    guard mask.shape == shape else {
      throw TensorError.shapeMismatch(
        "\(op): mask of shape \(Tensor.describe(mask.shape)) for a tensor of shape "
          + "\(Tensor.describe(shape))")
    }
    if let k = mask.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw TensorError.invalidArgument(
        "\(op): mask entry at \(Tensor.describe(mask.multiIndex(ofOffset: k))) is "
          + "\(mask.scalars[k]); a mask holds only 0 and 1")
    }
  }

  /// P_Omega(self): the entries where `mask` is 1, and 0 where it is 0 (002 (4.5)).
  ///
  /// Equal to the elementwise product `self * mask` for finite entries; unobserved entries become
  /// exactly 0 even when they are NaN or infinite, since P_Omega discards them (so missing data may
  /// be stored as NaN). Linear in `self` and self-adjoint, so it is its own derivative rule.
  public func masked(by mask: Tensor) throws -> Tensor {
    try checkMask(mask, "masked")
    var out = [Double](repeating: 0, count: count)
    for k in 0..<count where mask.scalars[k] == 1 { out[k] = scalars[k] }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// The entries where `mask` is 1, in row-major order, as a rank-1 tensor.
  public func selecting(where mask: Tensor) throws -> Tensor {
    try checkMask(mask, "selecting")
    var out: [Double] = []
    out.reserveCapacity(count)
    for k in 0..<count where mask.scalars[k] == 1 { out.append(scalars[k]) }
    return Tensor(out)
  }

  /// Zeros of the mask's shape with `values` written, in row-major order, where `mask` is 1: the
  /// adjoint of `selecting` (`<x.selecting(where: m), y> == <x, Tensor.placing(y, where: m)>`).
  public static func placing(_ values: Tensor, where mask: Tensor) throws -> Tensor {
    let zeros = Tensor.zeros(mask.shape)
    try zeros.checkMask(mask, "placing")
    let selected = mask.scalars.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
    guard values.rank == 1, values.count == selected else {
      throw TensorError.shapeMismatch(
        "placing: \(describe(values.shape)) values for a mask with \(selected) ones")
    }
    var out = zeros.scalars
    var next = 0
    for k in 0..<out.count where mask.scalars[k] == 1 {
      out[k] = values.scalars[next]
      next += 1
    }
    return Tensor(uncheckedShape: mask.shape, scalars: out)
  }

  /// The tensor with the entries where `mask` is 1 replaced by `value`.
  public func replacing(where mask: Tensor, with value: Double) throws -> Tensor {
    try checkMask(mask, "replacing")
    var out = scalars
    for k in 0..<count where mask.scalars[k] == 1 { out[k] = value }
    return Tensor(uncheckedShape: shape, scalars: out)
  }
}
