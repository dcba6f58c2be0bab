import _CLAPACKE

/// Random tensors: i.i.d. normal and uniform entries, points on the sphere, Haar-random
/// orthonormal frames. Entries are drawn in row-major order.
extension RandomStream {
  /// A tensor of i.i.d. N(0, std^2) entries.
  /// - Throws: `TensorError.invalidArgument` for a negative extent.
  public mutating func normalTensor(_ shape: [Int], std: Double = 1) throws -> Tensor {
    let count = try RandomStream.checkedCount(shape)
    var out = [Double](repeating: 0, count: count)
    for i in 0..<count { out[i] = std * normal() }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// A tensor of i.i.d. entries uniform in [low, high).
  /// - Throws: `TensorError.invalidArgument` for a negative extent.
  public mutating func uniformTensor(_ shape: [Int], low: Double = 0, high: Double = 1) throws
    -> Tensor
  {
    let count = try RandomStream.checkedCount(shape)
    var out = [Double](repeating: 0, count: count)
    for i in 0..<count { out[i] = uniform(low, high) }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// A point uniform on the unit sphere in R^d: a standard Gaussian vector divided by its norm
  /// (the Gaussian is rotation invariant; Muller 1959).
  /// - Throws: `TensorError.invalidArgument` when `d < 1`.
  public mutating func unitSphere(_ d: Int) throws -> Tensor {
    guard d >= 1 else {
      throw TensorError.invalidArgument("a point on the unit sphere needs dimension >= 1, got \(d)")
    }
    while true {
      var g = [Double](repeating: 0, count: d)
      var norm2 = 0.0
      for i in 0..<d {
        g[i] = normal()
        norm2 += g[i] * g[i]
      }
      // A zero vector has probability 0 but is possible in floating point: draw again.
      guard norm2 > 0 else { continue }
      let scale = 1 / norm2.squareRoot()
      return Tensor(uncheckedShape: [d], scalars: g.map { $0 * scale })
    }
  }

  /// A `rows x cols` matrix with orthonormal columns, distributed by Haar measure (rows >= cols).
  ///
  /// The Q factor of a Gaussian matrix G = QR (LAPACK `dgeqrf` + `dorgqr`) with each column j
  /// multiplied by sign(R_jj), which makes the factorisation unique and Q Haar-distributed
  /// (F. Mezzadri, "How to generate random matrices from the classical compact groups",
  /// Notices AMS 54(5), 2007, Sec. 5).
  /// - Throws: `TensorError.invalidArgument` unless `rows >= cols >= 0`, or when LAPACK fails.
  public mutating func orthonormalColumns(rows: Int, cols: Int) throws -> Tensor {
    guard cols >= 0, rows >= cols, rows <= Int(Int32.max) else {
      throw TensorError.invalidArgument(
        "orthonormal columns need rows >= cols >= 0 (and rows < 2^31 for LAPACK), got \(rows) x \(cols)")
    }
    var a = try normalTensor([rows, cols]).scalars
    guard cols > 0 else { return Tensor(uncheckedShape: [rows, cols], scalars: a) }
    var tau = [Double](repeating: 0, count: cols)
    let (m, n) = (Int32(rows), Int32(cols))  // lapack_int is a macro for int32_t here
    let info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, &a, n, &tau)
    guard info == 0 else { throw TensorError.invalidArgument("LAPACK dgeqrf failed (info \(info))") }
    // R sits on and above the diagonal of `a` after dgeqrf.
    let signs = (0..<cols).map { a[$0 * cols + $0] < 0 ? -1.0 : 1.0 }
    let info2 = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, n, &a, n, &tau)
    guard info2 == 0 else { throw TensorError.invalidArgument("LAPACK dorgqr failed (info \(info2))") }
    for i in 0..<rows {
      for j in 0..<cols { a[i * cols + j] *= signs[j] }
    }
    return Tensor(uncheckedShape: [rows, cols], scalars: a)
  }

  /// The element count of `shape`, rejecting negative extents.
  static func checkedCount(_ shape: [Int]) throws -> Int {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw TensorError.invalidArgument(
        "a random tensor needs non-negative extents, got \(Tensor.describe(shape))")
    }
    return Tensor.count(of: shape)
  }
}
