/// Which end(s) of the spectrum `LinearAlgebra.lanczos` reports.
public enum LanczosWhich: Sendable, Equatable {
  /// The `k` smallest eigenvalues.
  case smallest
  /// The `k` largest eigenvalues.
  case largest
  /// Both the `k` smallest and the `k` largest.
  case both
}

/// Extreme Ritz pairs of a symmetric operator found by `LinearAlgebra.lanczos`.
///
/// Each reported pair `(theta, v)` comes with a residual bound `r >= ||A v - theta v||_2`; for
/// a symmetric `A` an eigenvalue then lies in `[theta - r, theta + r]` (Parlett, *The Symmetric
/// Eigenvalue Problem*, ch. 4). Like every Krylov method, Lanczos sees only the Krylov space of
/// `start`: it cannot prove that no eigenvalue lies beyond the reported ones (a start with no
/// component along an extreme eigenvector, and no rounding to supply one, would miss it).
public struct LanczosResult: Sendable {
  /// The smallest Ritz values, ascending (empty unless `.smallest` or `.both` was asked).
  public let smallest: [Double]
  /// The largest Ritz values, descending (empty unless `.largest` or `.both` was asked).
  public let largest: [Double]
  /// Ritz vectors for `smallest` (unit norm to rounding), in the shape of `start`.
  public let smallestVectors: [Tensor]
  /// Ritz vectors for `largest` (unit norm to rounding), in the shape of `start`.
  public let largestVectors: [Tensor]
  /// Bounds on `||A v - theta v||_2` for each pair of `smallest`.
  public let smallestResidualNorms: [Double]
  /// Bounds on `||A v - theta v||_2` for each pair of `largest`.
  public let largestResidualNorms: [Double]
  /// Lanczos steps taken, over all runs (the main one and any deflated rounds for `k > 1`).
  public let iterations: Int
  /// True when every reported pair meets `residual <= tolerance * max(|theta|, ||A||_est)`.
  public let converged: Bool
  /// Calls of `apply` (one per step; equal to `iterations`).
  public let matrixVectorProducts: Int
  /// How many times the Krylov space became invariant (`beta ~ 0`); the Ritz values of such a
  /// block are exact eigenvalues of `A` (up to the reported residual). After each, Lanczos
  /// restarts orthogonally to the basis when that could still change the reported values.
  public let invariantSubspaces: Int
  /// The largest `||A q_j||` and `|theta|` seen: a lower estimate of `||A||_2`, the scale of
  /// the convergence test.
  public let normEstimate: Double
}

extension LinearAlgebra {
  /// Extreme eigenvalues and vectors of a symmetric operator known only through `apply(v) = A v`,
  /// by the Lanczos process with full reorthogonalisation (Golub & Van Loan, *Matrix
  /// Computations*, 4th ed., §10.1; Parlett, *The Symmetric Eigenvalue Problem*, ch. 13).
  ///
  /// Step j computes `w = A q_j`, `alpha_j = q_j . w`, `r = w - alpha_j q_j - beta_{j-1} q_{j-1}`,
  /// then orthogonalises `r` against every previous `q_i` twice ("twice is enough", Parlett
  /// §6.9, after Kahan), `beta_j = ||r||`, `q_{j+1} = r / beta_j`. The eigenpairs
  /// `(theta, s)` of the tridiagonal `T_j` (`LAPACKE_dstevr`) give Ritz pairs
  /// `(theta, Q_j s)`, with `||A v - theta v|| <= beta_j |e_j^T s| + sum_i |s_i| ||f_i||` where
  /// `f_i` is what reorthogonalisation removed at step i (zero in exact arithmetic; measured
  /// here, so the bound also holds in floating point and for a slightly unsymmetric `apply`).
  ///
  /// Stops when the requested pairs have `residual <= tolerance * max(|theta|, ||A||_est)`,
  /// when the basis spans the whole space (`n` steps: then the values are exact), or after
  /// `maxIterations` steps (then `converged == false`; nothing is thrown, so the caller can
  /// report "inconclusive"). When `beta_j ~ 0` the Krylov space is invariant: its Ritz values
  /// are exact, and Lanczos restarts from a fixed pseudo-random vector orthogonal to the basis
  /// as long as the new block could still change the reported values (this also repairs a
  /// start that missed part of the spectrum).
  ///
  /// Multiplicities: one Krylov space holds one copy of each eigenvalue, so for `k > 1` a
  /// converged run is followed by deflated rounds that search the complement of the reported
  /// vectors for further copies (see `resolveMultiplicities`); for `k == 1` none is needed.
  /// Deterministic: same inputs, same result (restart vectors come from a fixed hash).
  /// - Parameters:
  ///   - n: the dimension of the space (`start.count`).
  ///   - k: how many eigenvalues at each requested end (`1...n`).
  ///   - start: the first Krylov vector (any non-zero tensor with `n` elements; `apply`
  ///     receives and returns tensors of this shape). A random start has, with probability 1,
  ///     a component along every eigenvector.
  /// - Throws: on invalid arguments, or when `apply` returns the wrong size or a non-finite value.
  public static func lanczos(
    dimension n: Int, count k: Int = 1, which: LanczosWhich, start: Tensor,
    tolerance: Double = 1e-8, maxIterations: Int = 300, apply: (Tensor) throws -> Tensor
  ) throws -> LanczosResult {
    try checkLanczosArguments(n: n, k: k, start: start, tolerance: tolerance, maxIterations: maxIterations)
    guard var run = LanczosRun(start: start, k: k, which: which, tolerance: tolerance) else {
      // unreachable: with nothing locked, a non-zero start (checked above) cannot cancel
      throw LinearAlgebraError.invalidArgument("the Lanczos start vector is zero; give a non-zero start")
    }
    try drive(&run, maxIterations: maxIterations, apply)
    let first = try run.result()
    guard k > 1, first.converged, run.steps < n else { return first }
    return try resolveMultiplicities(
      first, start: start, tolerance: tolerance, maxIterations: maxIterations, apply)
  }

  /// Runs Lanczos steps until the requested pairs converge, the space is spanned, or the budget ends.
  private static func drive(
    _ run: inout LanczosRun, maxIterations: Int, _ apply: (Tensor) throws -> Tensor
  ) throws {
    while true {
      try run.step(apply)
      if run.steps == run.effectiveDimension { return }
      if run.blockIsClosed {
        guard run.closedBlockMayImprove(), run.steps < maxIterations, run.restart() else { return }
        continue
      }
      let status = try run.status()
      if status.converged && status.settled { return }
      if run.steps >= maxIterations { return }
    }
  }

  /// For `k > 1`: one Krylov space holds one copy of each eigenvalue, so a repeated eigenvalue
  /// can hide behind its first copy (the run then reports the next distinct value instead).
  /// Lock the reported vectors, search their orthogonal complement for one more extreme pair
  /// (k = 1) and insert it when it beats the k-th value by more than both bounds; repeat until
  /// nothing does (explicit deflation: Saad, *Numerical Methods for Large Eigenvalue
  /// Problems*, 2nd ed., §4.2). The locked vectors' own residuals enter the measured defect,
  /// so the inserted pairs' bounds stay true bounds. Each round may take `maxIterations` steps.
  private static func resolveMultiplicities(
    _ first: LanczosResult, start: Tensor, tolerance: Double, maxIterations: Int,
    _ apply: (Tensor) throws -> Tensor
  ) throws -> LanczosResult {
    var found = RitzList(first)
    var locked = (first.smallestVectors + first.largestVectors).flatMap(\.scalars)
    var products = first.matrixVectorProducts, steps = first.iterations
    var invariant = first.invariantSubspaces, norm = first.normEstimate
    var converged = true
    for round in 1...start.count {
      let seed = Tensor(uncheckedShape: start.shape, scalars: (0..<start.count).map {
        LanczosRun.pseudoRandom(stream: round, block: 0, index: $0)
      })
      guard var run = LanczosRun(
        start: seed, k: 1, which: found.which, tolerance: tolerance, locked: locked, stream: round)
      else { break }  // the locked vectors span the space: nothing is left to find
      try drive(&run, maxIterations: maxIterations, apply)
      let extra = try run.result()
      products += extra.matrixVectorProducts
      steps += extra.iterations
      invariant += extra.invariantSubspaces
      norm = max(norm, extra.normEstimate)
      guard extra.converged else { converged = false; break }
      let inserted = found.insert(extra)
      guard !inserted.isEmpty else { break }
      locked += inserted.flatMap(\.scalars)
    }
    return found.result(
      iterations: steps, converged: converged && found.meets(tolerance: tolerance, scale: norm),
      matrixVectorProducts: products, invariantSubspaces: invariant, normEstimate: norm)
  }

  /// Validates the arguments of `lanczos`.
  private static func checkLanczosArguments(
    n: Int, k: Int, start: Tensor, tolerance: Double, maxIterations: Int
  ) throws {
    guard n >= 1, start.count == n else {
      throw LinearAlgebraError.dimensionMismatch(
        "lanczos: the start vector has \(start.count) elements but the dimension is \(n) (need n >= 1)")
    }
    guard (1...n).contains(k) else {
      throw LinearAlgebraError.invalidArgument(
        "lanczos: count \(k) must lie in 1...\(n) (the dimension of the space)")
    }
    guard tolerance > 0, maxIterations >= 1 else {
      throw LinearAlgebraError.invalidArgument(
        "lanczos needs tolerance > 0 and maxIterations >= 1 (got \(tolerance), \(maxIterations))")
    }
    try LAChecks.requireFinite(start, "the Lanczos start vector")
    guard start.scalars.contains(where: { $0 != 0 }) else {
      throw LinearAlgebraError.invalidArgument("the Lanczos start vector is zero; give a non-zero start")
    }
  }
}

/// The reported pairs of a Lanczos result at each end, as `resolveMultiplicities` updates them.
private struct RitzList {
  typealias Entry = (value: Double, vector: Tensor, bound: Double)
  var low: [Entry], high: [Entry]
  let k: Int
  let which: LanczosWhich

  init(_ r: LanczosResult) {
    low = (0..<r.smallest.count).map { (r.smallest[$0], r.smallestVectors[$0], r.smallestResidualNorms[$0]) }
    high = (0..<r.largest.count).map { (r.largest[$0], r.largestVectors[$0], r.largestResidualNorms[$0]) }
    k = max(low.count, high.count)
    which = low.isEmpty ? .largest : (high.isEmpty ? .smallest : .both)
  }

  /// Inserts the extreme pairs of `extra` that beat the k-th value by more than both bounds;
  /// returns their vectors.
  mutating func insert(_ extra: LanczosResult) -> [Tensor] {
    var added: [Tensor] = []
    if let v = extra.smallest.first, let last = low.last,
       v < last.value - (extra.smallestResidualNorms[0] + last.bound) {
      low = Array((low + [(v, extra.smallestVectors[0], extra.smallestResidualNorms[0])])
        .sorted { $0.value < $1.value }.prefix(k))
      added.append(extra.smallestVectors[0])
    }
    if let v = extra.largest.first, let last = high.last,
       v > last.value + (extra.largestResidualNorms[0] + last.bound) {
      high = Array((high + [(v, extra.largestVectors[0], extra.largestResidualNorms[0])])
        .sorted { $0.value > $1.value }.prefix(k))
      added.append(extra.largestVectors[0])
    }
    return added
  }

  /// Every bound is within `tolerance * max(|theta|, scale)`.
  func meets(tolerance: Double, scale: Double) -> Bool {
    (low + high).allSatisfy { $0.bound <= tolerance * max(Swift.abs($0.value), scale) }
  }

  /// The public result with these pairs.
  func result(
    iterations: Int, converged: Bool, matrixVectorProducts: Int, invariantSubspaces: Int,
    normEstimate: Double
  ) -> LanczosResult {
    LanczosResult(
      smallest: low.map(\.value), largest: high.map(\.value),
      smallestVectors: low.map(\.vector), largestVectors: high.map(\.vector),
      smallestResidualNorms: low.map(\.bound), largestResidualNorms: high.map(\.bound),
      iterations: iterations, converged: converged, matrixVectorProducts: matrixVectorProducts,
      invariantSubspaces: invariantSubspaces, normEstimate: normEstimate)
  }
}
