import _CBLAS
import _CLAPACKE

/// A Ritz pair of one Krylov block: its value, its coefficients in that block's Lanczos basis,
/// and a bound on `||A v - theta v||_2` for `v = Q_block s`.
struct RitzPair {
  var value: Double
  var block: Int
  var coefficients: [Double]
  var bound: Double
}

/// The extreme Ritz pairs at each end, ascending (`low`) and descending (`high`).
struct RitzExtremes {
  var low: [RitzPair] = []
  var high: [RitzPair] = []
}

/// The state of one Lanczos run (see `LinearAlgebra.lanczos`): the orthonormal basis, the
/// tridiagonal `T` (block diagonal after restarts), and the measured defect of each step.
///
/// In floating point the computed quantities satisfy, column by column,
/// `A q_i = beta_{i-1} q_{i-1} + alpha_i q_i + beta_i q_{i+1} + f_i`; `defect[i]` bounds `||f_i||`
/// (what reorthogonalisation removed, plus the rounding of forming `r`). For a Ritz pair
/// `v = Q s`, `T s = theta s` this gives `A v - theta v = beta_last s_last q_next + sum_i s_i f_i`
/// (Golub & Van Loan §10.1, with the `f_i` of Paige's rounding analysis made explicit).
struct LanczosRun {
  /// Kahan–Parlett's ratio: when both passes shrink the vector by more than this factor, the
  /// vector lies numerically in the span of the basis (Parlett §6.9).
  static let cancellationRatio = 2.0.squareRoot()
  /// `beta_j <= exhaustionFactor * eps * ||A||_est` is rounding noise, not a new direction:
  /// the Krylov space is invariant. Setting it to zero adds at most that much to the defect.
  static let exhaustionFactor = 64.0
  /// Multiplier of `eps * ||A||_est` per unit of `sum |s_i|` covering the rounding of forming
  /// `r`, the Ritz vector `Q s` and `theta` (first order; standard `gamma_n`-style estimates).
  static let roundingFactor = 8.0

  let n: Int, k: Int, which: LanczosWhich, tolerance: Double
  let shape: [Int]
  /// Locked orthonormal vectors stored ahead of the Lanczos vectors: every new vector is kept
  /// orthogonal to them too, which deflates them out of the operator.
  let lockedCount: Int
  /// Which family of pseudo-random restart vectors this run draws from.
  let stream: Int
  /// Rows: the locked vectors, then `q_0, q_1, ...` (n numbers each); one more Lanczos row
  /// than `steps` while a block is open.
  private(set) var basis: [Double]
  private(set) var alpha: [Double] = [], beta: [Double] = [], defect: [Double] = []
  /// The first step of each Krylov block (a new block starts at each restart).
  private(set) var blockStarts: [Int] = [0]
  /// The extreme pairs of every closed block (exact up to their bounds).
  private(set) var closed = RitzExtremes()
  /// True when the current block became invariant and no next vector exists yet.
  private(set) var blockIsClosed = false
  /// The largest `||A q_j||` seen: a lower estimate of `||A||_2`.
  private(set) var normEstimate = 0.0
  /// Blocks closed because the Krylov space became invariant.
  private(set) var invariantSubspaces = 0

  /// Lanczos steps taken so far (one `apply` each).
  var steps: Int { alpha.count }
  /// The dimension of the space left after deflating the locked vectors.
  var effectiveDimension: Int { n - lockedCount }

  /// A run from `start` (its shape is kept for `apply`), orthogonal to the `locked` rows; nil
  /// when `start` lies numerically in their span.
  init?(
    start: Tensor, k: Int, which: LanczosWhich, tolerance: Double, locked: [Double] = [],
    stream: Int = 0
  ) {
    n = start.count
    shape = start.shape
    self.k = k
    self.which = which
    self.tolerance = tolerance
    self.stream = stream
    lockedCount = locked.count / max(n, 1)
    basis = locked
    var q = start.scalars
    guard !orthogonalise(&q, rows: lockedCount), LinearAlgebra.scaleToUnit(&q) > 0 else { return nil }
    basis += q
  }

  /// One Lanczos step: `w = A q_j`, the three-term recurrence, full reorthogonalisation twice.
  mutating func step(_ apply: (Tensor) throws -> Tensor) throws {
    let j = steps
    let q = row(j)
    let w = try apply(Tensor(uncheckedShape: shape, scalars: q))
    guard w.count == n else {
      throw LinearAlgebraError.dimensionMismatch(
        "lanczos: the operator returned \(w.count) numbers for a vector of \(n); it must map R^n to R^n")
    }
    try LAChecks.requireFinite(w, "the operator's output at Lanczos step \(j + 1)")
    var r = w.scalars
    let wNorm = LinearAlgebra.norm2(r)
    normEstimate = max(normEstimate, wNorm)
    let a = LinearAlgebra.dotProduct(q, r)
    let b0 = j > blockStarts[blockStarts.count - 1] ? beta[j - 1] : 0
    axpy(-a, q, &r)
    if b0 != 0 { axpy(-b0, row(j - 1), &r) }
    let formRounding = LAChecks.eps * (wNorm + Swift.abs(a) + b0)
    var next = r
    let cancelled = orthogonalise(&next, rows: lockedCount + j + 1)
    let b = LinearAlgebra.norm2(next)
    alpha.append(a)
    let last = j + 1 == effectiveDimension
    if cancelled || b <= Self.exhaustionFactor * LAChecks.eps * normEstimate || last {
      // invariant Krylov space: drop r entirely (it joins the defect) and close the block
      beta.append(0)
      defect.append(LinearAlgebra.norm2(r) + formRounding)
      try closeBlock()
    } else {
      beta.append(b)
      var removed = r
      axpy(-1, next, &removed)
      defect.append(LinearAlgebra.norm2(removed) + formRounding)
      let inv = 1 / b
      basis.append(contentsOf: next.map { $0 * inv })
    }
  }

  /// Starts a new block from a fixed pseudo-random vector orthogonal to the basis; false when
  /// no direction is left (the basis spans the space numerically).
  mutating func restart() -> Bool {
    var x = (0..<n).map { Self.pseudoRandom(stream: stream, block: blockStarts.count, index: $0) }
    let cancelled = orthogonalise(&x, rows: lockedCount + steps)
    guard !cancelled, LinearAlgebra.scaleToUnit(&x) > 0 else { return false }
    basis.append(contentsOf: x)
    blockStarts.append(steps)
    blockIsClosed = false
    return true
  }

  /// True when the block just closed beats the other closed blocks at a requested end, so a
  /// restart could still find more copies of the reported values.
  func closedBlockMayImprove() -> Bool {
    let last = blockStarts.count - 1
    func improves(_ pairs: [RitzPair], _ better: (Double, Double) -> Bool) -> Bool {
      let others = pairs.filter { $0.block != last }.map(\.value).sorted(by: better)
      guard let mine = pairs.first(where: { $0.block == last }) else { return false }
      return others.count < k || better(mine.value, others[k - 1])
    }
    return (wantsLow && improves(closed.low, <)) || (wantsHigh && improves(closed.high, >))
  }

  /// Whether the requested pairs meet the tolerance, and whether the open block (after a
  /// restart) has itself settled at each requested end, so it cannot still change the answer.
  func status() throws -> (converged: Bool, settled: Bool) {
    let current = blockIsClosed ? RitzExtremes() : try blockExtremes(blockStarts.count - 1)
    let selected = merge(closed, current)
    let converged = requestedMeetTolerance(selected)
    guard blockStarts.count > 1, !blockIsClosed else { return (converged, true) }
    let ends = (wantsLow ? Array(current.low.prefix(1)) : []) + (wantsHigh ? Array(current.high.prefix(1)) : [])
    return (converged, ends.allSatisfy(meetsTolerance))
  }

  /// The reported values, Ritz vectors and bounds.
  func result() throws -> LanczosResult {
    let current = blockIsClosed ? RitzExtremes() : try blockExtremes(blockStarts.count - 1)
    let selected = merge(closed, current)
    let scale = max(normEstimate, (selected.low + selected.high).map { Swift.abs($0.value) }.max() ?? 0)
    return LanczosResult(
      smallest: selected.low.map(\.value), largest: selected.high.map(\.value),
      smallestVectors: selected.low.map(ritzVector), largestVectors: selected.high.map(ritzVector),
      smallestResidualNorms: selected.low.map(\.bound), largestResidualNorms: selected.high.map(\.bound),
      iterations: steps, converged: requestedMeetTolerance(selected), matrixVectorProducts: steps,
      invariantSubspaces: invariantSubspaces, normEstimate: scale)
  }

  // MARK: - Ritz pairs

  private var wantsLow: Bool { which != .largest }
  private var wantsHigh: Bool { which != .smallest }

  /// `bound <= tolerance * max(|theta|, ||A||_est)`.
  private func meetsTolerance(_ p: RitzPair) -> Bool {
    p.bound <= tolerance * max(Swift.abs(p.value), normEstimate)
  }

  /// All `k` requested pairs exist at each requested end and meet the tolerance.
  private func requestedMeetTolerance(_ s: RitzExtremes) -> Bool {
    let lowOK = !wantsLow || (s.low.count == k && s.low.allSatisfy(meetsTolerance))
    let highOK = !wantsHigh || (s.high.count == k && s.high.allSatisfy(meetsTolerance))
    return lowOK && highOK
  }

  /// The `k` extreme pairs at each end over the closed blocks and the current one.
  private func merge(_ a: RitzExtremes, _ b: RitzExtremes) -> RitzExtremes {
    RitzExtremes(
      low: Array((a.low + b.low).sorted { $0.value < $1.value }.prefix(k)),
      high: Array((a.high + b.high).sorted { $0.value > $1.value }.prefix(k)))
  }

  /// Records the extremes of the current block as exact and marks it closed.
  private mutating func closeBlock() throws {
    let extremes = try blockExtremes(blockStarts.count - 1)
    closed.low += extremes.low
    closed.high += extremes.high
    blockIsClosed = true
    invariantSubspaces += 1
  }

  /// The `min(k, size)` extreme Ritz pairs at each requested end of block `b`.
  private func blockExtremes(_ b: Int) throws -> RitzExtremes {
    let lo = blockStarts[b]
    let hi = b + 1 < blockStarts.count ? blockStarts[b + 1] : steps
    let size = hi - lo
    let kk = min(k, size)
    let d = Array(alpha[lo..<hi])
    let e = Array(beta[lo..<(hi - 1)]) + [0]
    func pairs(_ il: Int, _ iu: Int) throws -> [RitzPair] {
      try LinearAlgebra.tridiagonalEigenpairs(diagonal: d, offDiagonal: e, il: il, iu: iu).map {
        RitzPair(value: $0.value, block: b, coefficients: $0.vector,
                 bound: residualBound($0.vector, from: lo, trailing: beta[hi - 1]))
      }
    }
    var out = RitzExtremes()
    if wantsLow { out.low = try pairs(1, kk) }
    if wantsHigh { out.high = try pairs(size - kk + 1, size).reversed() }
    return out
  }

  /// `|beta_last s_last| + sum_i |s_i| (||f_i|| + rounding)` for coefficients `s` of a block.
  private func residualBound(_ s: [Double], from lo: Int, trailing: Double) -> Double {
    var sum = Swift.abs(trailing * (s.last ?? 0))
    var absSum = 0.0
    for (i, si) in s.enumerated() {
      sum += Swift.abs(si) * defect[lo + i]
      absSum += Swift.abs(si)
    }
    return sum + Self.roundingFactor * LAChecks.eps * normEstimate * (absSum + 1)
  }

  /// The Ritz vector `Q_block s` in the shape of the start vector.
  private func ritzVector(_ p: RitzPair) -> Tensor {
    let lo = lockedCount + blockStarts[p.block]
    var v = [Double](repeating: 0, count: n)
    basis.withUnsafeBufferPointer { q in
      p.coefficients.withUnsafeBufferPointer { s in
        v.withUnsafeMutableBufferPointer { out in
          cblas_dgemv(CblasRowMajor, CblasTrans, blasint(s.count), blasint(n), 1,
                      q.baseAddress.map { $0 + lo * n }, blasint(n), s.baseAddress, 1, 0,
                      out.baseAddress, 1)
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: v)
  }

  // MARK: - Vectors

  /// Lanczos vector `q_i` (a row of the basis after the locked ones).
  private func row(_ i: Int) -> [Double] {
    let r = lockedCount + i
    return Array(basis[(r * n)..<((r + 1) * n)])
  }

  /// `y += a x`.
  private func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    x.withUnsafeBufferPointer { px in
      y.withUnsafeMutableBufferPointer { py in
        cblas_daxpy(blasint(n), a, px.baseAddress, 1, py.baseAddress, 1)
      }
    }
  }

  /// Removes from `x` its components along the first `rows` basis vectors, twice (classical
  /// Gram–Schmidt with reorthogonalisation, as two `dgemv` pairs). Returns true when both
  /// passes cancelled most of `x`: it then lies numerically in their span (Kahan–Parlett).
  private func orthogonalise(_ x: inout [Double], rows: Int) -> Bool {
    guard rows > 0 else { return false }
    var norms = [LinearAlgebra.norm2(x)]
    var h = [Double](repeating: 0, count: rows)
    for _ in 0..<2 {
      basis.withUnsafeBufferPointer { q in
        x.withUnsafeMutableBufferPointer { px in
          h.withUnsafeMutableBufferPointer { ph in
            cblas_dgemv(CblasRowMajor, CblasNoTrans, blasint(rows), blasint(n), 1, q.baseAddress,
                        blasint(n), px.baseAddress, 1, 0, ph.baseAddress, 1)
            cblas_dgemv(CblasRowMajor, CblasTrans, blasint(rows), blasint(n), -1, q.baseAddress,
                        blasint(n), ph.baseAddress, 1, 1, px.baseAddress, 1)
          }
        }
      }
      norms.append(LinearAlgebra.norm2(x))
    }
    let ratio = Self.cancellationRatio
    return norms[1] * ratio < norms[0] && norms[2] * ratio < norms[1]
  }

  /// A fixed pseudo-random number in [-1, 1) (SplitMix64 of stream, block and index):
  /// restarts are generic yet reproducible, with no generator state.
  static func pseudoRandom(stream: Int, block: Int, index: Int) -> Double {
    var z = (UInt64(truncatingIfNeeded: stream) << 52) ^ (UInt64(truncatingIfNeeded: block) << 36)
      ^ UInt64(truncatingIfNeeded: index)
    z = z &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) * 0x1p-52 - 1
  }
}

extension LinearAlgebra {
  /// Eigenpairs `il...iu` (1-based, ascending) of a symmetric tridiagonal matrix via
  /// `LAPACKE_dstevr`; `offDiagonal` has the sub-diagonal in its first `n - 1` entries.
  static func tridiagonalEigenpairs(
    diagonal: [Double], offDiagonal: [Double], il: Int, iu: Int
  ) throws -> [(value: Double, vector: [Double])] {
    let n = diagonal.count
    let cols = iu - il + 1
    guard n > 0, cols > 0 else { return [] }
    if n == 1 { return [(diagonal[0], [1])] }
    var d = diagonal, e = offDiagonal
    var w = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: n * cols)
    var isuppz = [Int32](repeating: 0, count: 2 * n)
    var m: Int32 = 0
    let info = LAPACKE_dstevr(
      LAPACK_ROW_MAJOR, LAChecks.char("V"), LAChecks.char("I"), Int32(n), &d, &e, 0, 0,
      Int32(il), Int32(iu), LAPACKE_dlamch(LAChecks.char("S")), &m, &w, &z, Int32(cols), &isuppz)
    try LAChecks.requireLegal(info, "dstevr")
    if info > 0 {
      throw LinearAlgebraError.notConverged(
        "the tridiagonal eigensolver (LAPACK dstevr) failed (info = \(info)) inside Lanczos")
    }
    return (0..<Int(m)).map { j in (w[j], (0..<n).map { z[$0 * cols + j] }) }
  }
}
