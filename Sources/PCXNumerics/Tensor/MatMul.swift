import _CBLAS

/// Matrix products through BLAS (`cblas_dgemm`, `cblas_dgemv`), transposes and outer products.
extension Tensor {
  /// `op(a) @ op(b)` for matrices, where `op` transposes when asked, via `cblas_dgemm`.
  /// A vector operand is read as a column (right) or a row (left), and the result then drops that
  /// axis, as in NumPy's `@`.
  public static func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
  ) throws -> Tensor {
    guard (1...2).contains(a.rank), (1...2).contains(b.rank) else {
      throw TensorError.shapeMismatch(
        "matmul needs vectors or matrices, got \(describe(a.shape)) @ \(describe(b.shape))")
    }
    let am = a.rank == 2 ? a : Tensor(uncheckedShape: [1, a.count], scalars: a.scalars)
    let bm = b.rank == 2 ? b : Tensor(uncheckedShape: [b.count, 1], scalars: b.scalars)
    let (m, ka) = transposeA ? (am.shape[1], am.shape[0]) : (am.shape[0], am.shape[1])
    let (kb, n) = transposeB ? (bm.shape[1], bm.shape[0]) : (bm.shape[0], bm.shape[1])
    guard ka == kb else {
      throw TensorError.shapeMismatch(
        "matrix product \(describe(a.shape))\(transposeA ? "'" : "") @ "
          + "\(describe(b.shape))\(transposeB ? "'" : ""): inner dimensions \(ka) and \(kb) differ")
    }
    var out = [Double](unsafeUninitializedCapacity: m * n) { buffer, count in
      if ka == 0 { buffer.initialize(repeating: 0) }  // dgemm with k = 0 must still give zeros
      count = m * n
    }
    gemm(am.scalars, am.shape[1], transposeA, bm.scalars, bm.shape[1], transposeB,
         &out, m, n, ka, alpha: alpha, beta: 0)
    var shape = [m, n]
    if b.rank == 1 { shape.removeLast() }
    if a.rank == 1 { shape.removeFirst() }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// `c = alpha op(a) op(b) + beta c` on raw row-major buffers (lda, ldb = row lengths as stored).
  @inline(__always)
  static func gemm(
    _ a: [Double], _ lda: Int, _ ta: Bool, _ b: [Double], _ ldb: Int, _ tb: Bool,
    _ c: inout [Double], _ m: Int, _ n: Int, _ k: Int, alpha: Double, beta: Double
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      for i in 0..<c.count { c[i] = beta == 0 ? 0 : c[i] * beta }
      return
    }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, pa.baseAddress, blasint(Swift.max(lda, 1)),
            pb.baseAddress, blasint(Swift.max(ldb, 1)), beta, pc.baseAddress, blasint(Swift.max(n, 1)))
        }
      }
    }
  }

  /// Matrix product `a @ b` (see `matmul`).
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try matmul(a, b, transposeA: false, transposeB: false, alpha: 1)
  }

  /// The transpose of a matrix (a copy); a vector is returned unchanged.
  public func transposed() throws -> Tensor {
    if rank == 1 { return self }
    guard rank == 2 else {
      throw TensorError.shapeMismatch("transpose needs a matrix, got \(Tensor.describe(shape))")
    }
    let (r, c) = (shape[0], shape[1])
    var out = [Double](repeating: 0, count: count)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        // blocked so that both reads and writes stay in cache
        let block = 32
        for i0 in stride(from: 0, to: r, by: block) {
          for j0 in stride(from: 0, to: c, by: block) {
            for i in i0..<Swift.min(i0 + block, r) {
              for j in j0..<Swift.min(j0 + block, c) { dst[j * r + i] = src[i * c + j] }
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [c, r], scalars: out)
  }

  /// The outer product `a ⊗ b` of two tensors: shape `a.shape + b.shape`.
  public static func outer(_ a: Tensor, _ b: Tensor) -> Tensor {
    var out = [Double](repeating: 0, count: a.count * b.count)
    let n = b.count
    a.scalars.withUnsafeBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in
        out.withUnsafeMutableBufferPointer { z in
          for i in 0..<x.count {
            let xi = x[i]
            for j in 0..<n { z[i * n + j] = xi * y[j] }
          }
        }
      }
    }
    return Tensor(uncheckedShape: a.shape + b.shape, scalars: out)
  }

  /// The Euclidean inner product of two tensors of equal element count (`cblas_ddot`).
  public static func dot(_ a: Tensor, _ b: Tensor) throws -> Double {
    guard a.count == b.count else {
      throw TensorError.shapeMismatch(
        "inner product of \(describe(a.shape)) and \(describe(b.shape)): sizes differ")
    }
    return a.scalars.withUnsafeBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in blockedDot(x, y) }
    }
  }

  /// `cblas_ddot` on blocks of 8192 elements, summed in order. OpenBLAS splits a longer ddot
  /// across its threads (above 10,000 elements), so its bits would depend on the thread count —
  /// which is process-wide and briefly 1 while any LAPACK call runs; blocks below that size are
  /// summed by one thread, so the result is the same for every thread count.
  static func blockedDot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
    let n = Swift.min(x.count, y.count), block = 8192
    guard let px = x.baseAddress, let py = y.baseAddress, n > 0 else { return 0 }
    var sum = 0.0, start = 0
    while start < n {
      let len = Swift.min(block, n - start)
      sum += cblas_ddot(blasint(len), px + start, 1, py + start, 1)
      start += len
    }
    return sum
  }
}

/// Controls for the BLAS thread pool.
public enum BLAS {
  /// Runs `body` with OpenBLAS on one thread. LAPACK's factorisations call multithreaded level-2
  /// BLAS (e.g. dsymv inside dsytrd) whose partial sums are combined in an order that depends on
  /// the thread count; pcx promises the same bits for any `--threads` (SPEC §2.3), so every LAPACK
  /// call runs here. Matrix products (dgemm, dsyrk) give the same bits on any thread count and
  /// keep both threads. The count is process-wide in OpenBLAS 0.3.21, so a lock serialises the
  /// switch and nested or concurrent uses restore it once.
  public static func singleThreaded<T>(_ body: () throws -> T) rethrows -> T {
    ThreadScope.enter()
    defer { ThreadScope.leave() }
    return try body()
  }
  /// Sets OpenBLAS's thread count (benchmarks pin it; results are bit-identical for a fixed count).
  public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(Swift.max(1, n))) }
  /// OpenBLAS's current thread count.
  public static var threads: Int { Int(openblas_get_num_threads()) }
  /// The kernel family OpenBLAS chose for this CPU (or was told to use by `OPENBLAS_CORETYPE`),
  /// e.g. `Haswell`, `SkylakeX`, `Cooperlake`: benchmarks record it beside their numbers.
  public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
}
