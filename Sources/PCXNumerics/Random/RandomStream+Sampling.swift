#if canImport(Glibc)
import Glibc
#endif
import _CLAPACKE

@inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) func libmSin(_ x: Double) -> Double { sin(x) }
@inline(__always) func libmCos(_ x: Double) -> Double { cos(x) }

/// Permutations, samples and random tensors drawn from a stream.
extension RandomStream {
  /// Shuffles in place (Fisher–Yates, from the last position down).
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, nextInt(below: i + 1))
    }
  }

  /// A uniformly random permutation of 0..<n.
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<max(n, 0))
    shuffle(&p)
    return p
  }

  /// k distinct indices from 0..<n, uniformly (a partial Fisher–Yates); all of them when k >= n.
  public mutating func sampleWithoutReplacement(n: Int, k: Int) -> [Int] {
    var p = Array(0..<max(n, 0))
    let take = min(max(k, 0), p.count)
    for i in 0..<take { p.swapAt(i, i + nextInt(below: p.count - i)) }
    return Array(p[0..<take])
  }

  /// i.i.d. N(0, std^2) entries.
  public mutating func normalTensor(_ shape: [Int], std: Double = 1) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t.scalars[i] = std * normal() }
    return t
  }

  /// i.i.d. uniform entries on [low, high).
  public mutating func uniformTensor(_ shape: [Int], low: Double = 0, high: Double = 1) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t.scalars[i] = uniform(low, high) }
    return t
  }

  /// A point uniform on the unit sphere in R^d (a normalised Gaussian vector).
  public mutating func unitSphere(_ d: Int) -> Tensor {
    while true {
      let g = normalTensor([d])
      let norm = g.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm > 0 { return g * (1 / norm) }
    }
  }

  /// A rows x cols matrix with orthonormal columns, Haar-distributed: the Q of a Gaussian
  /// matrix's QR factorisation (LAPACK dgeqrf/dorgqr) with columns signed so that R has a
  /// positive diagonal (Mezzadri 2007, "How to generate random matrices from the classical
  /// compact groups", Sec 5).
  public mutating func orthonormalColumns(rows: Int, cols: Int) throws -> Tensor {
    guard rows >= cols, cols >= 0 else {
      throw TensorError.invalidArgument("orthonormal columns need rows >= cols, got \(rows) x \(cols)")
    }
    if cols == 0 { return Tensor.zeros([rows, 0]) }
    var a = normalTensor([rows, cols]).scalars
    var tau = [Double](repeating: 0, count: cols)
    let (m, n) = (Int32(rows), Int32(cols))
    let info1 = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, &a, n, &tau)
    guard info1 == 0 else { throw TensorError.invalidArgument("dgeqrf failed (info \(info1))") }
    let signs = (0..<cols).map { a[$0 * cols + $0] < 0 ? -1.0 : 1.0 }
    let info2 = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, n, &a, n, &tau)
    guard info2 == 0 else { throw TensorError.invalidArgument("dorgqr failed (info \(info2))") }
    for i in 0..<rows { for j in 0..<cols { a[i * cols + j] *= signs[j] } }
    return try Tensor(shape: [rows, cols], scalars: a)
  }
}
