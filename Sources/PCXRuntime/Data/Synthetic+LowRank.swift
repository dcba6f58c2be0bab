import PCXNumerics

/// Low-rank matrices, observation masks and orthogonal tensors (002 Sec 4.2 and Sec 5).
extension Synthetic {
  /// Draws from the sphere `rank1` tries before switching to its bounded-magnitude construction.
  static let rank1SphereAttempts = 64

  /// An incoherent unit vector z (||z||_2 = 1, ||z||_inf <= mu / sqrt(d), 002 Assumption 4.3) and
  /// M = z z^T, the rank-1 matrix of 002 Sec 4.2.
  ///
  /// Construction: up to `rank1SphereAttempts` uniform draws from the unit sphere, keeping the
  /// first incoherent one (so z is uniform on the sphere conditioned on incoherence, which is
  /// likely once mu is of order sqrt(2 log d)). When none qualifies (mu close to 1), z is built
  /// directly: z_i = s_i a_i / ||a|| with random signs s_i and magnitudes a_i uniform in [1, mu],
  /// so ||a|| >= sqrt(d) and ||z||_inf <= mu / sqrt(d). Every unit vector has
  /// ||z||_inf >= 1 / sqrt(d), so mu < 1 is impossible and refused.
  public static func rank1(d: Int, mu: Double, rng: inout RandomStream) throws -> (z: Tensor, m: Tensor) {
    try DataChecks.positive(d, "rank1 d")
    guard mu.isFinite, mu >= 1 else {
      throw RuntimeError(.data,
        "rank1 incoherence mu must be >= 1 (every unit vector has ||z||_inf >= 1/sqrt(d)), got \(mu)")
    }
    let bound = mu / Double(d).squareRoot()
    for _ in 0..<rank1SphereAttempts {
      let z = try DataChecks.core { try rng.unitSphere(d) }
      if maxAbs(z.scalars) <= bound { return (z, Tensor.outer(z, z)) }
    }
    for _ in 0..<rank1SphereAttempts {
      let a = (0..<d).map { _ in rng.uniform(1, mu) * (rng.next() & 1 == 0 ? 1 : -1) }
      let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let z = Tensor(a.map { $0 / norm })
      // The bound holds in exact arithmetic; a rounding excess at the boundary only redraws.
      if maxAbs(z.scalars) <= bound { return (z, Tensor.outer(z, z)) }
    }
    throw RuntimeError(.numerics, "rank1(d: \(d), mu: \(mu)): no incoherent vector found within rounding")
  }

  /// A symmetric d x d 0/1 observation mask: each pair i <= j (diagonal included) is observed
  /// independently with probability p and mirrored to (j, i), as in 002 Sec 4.2. Pairs are drawn
  /// row by row over the upper triangle.
  public static func symmetricMask(d: Int, p: Double, rng: inout RandomStream) throws -> Tensor {
    try DataChecks.positive(d, "mask d")
    try DataChecks.probability(p, "mask p")
    var m = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in i..<d where rng.nextDouble() < p {
        m[i * d + j] = 1
        m[j * d + i] = 1
      }
    }
    return try DataChecks.core { try Tensor(shape: [d, d], scalars: m) }
  }

  /// r orthonormal components a_i in R^d (the columns of a Haar-random d x r frame) and the
  /// orthogonal 4th-order tensor T = sum_i a_i⊗a_i⊗a_i⊗a_i of 002 (5.1); needs 1 <= r <= d.
  /// T holds d^4 numbers: callers check the byte limit first.
  public static func orthogonalTensor(d: Int, r: Int, rng: inout RandomStream) throws -> (components: [Tensor], t: Tensor) {
    try DataChecks.positive(d, "orthogonal tensor d")
    try DataChecks.positive(r, "orthogonal tensor r")
    guard r <= d else {
      throw RuntimeError(.data, "an orthogonal tensor in R^\(d) has at most \(d) orthonormal components, got r = \(r)")
    }
    let frame = try DataChecks.core { try rng.orthonormalColumns(rows: d, cols: r) }
    let components = (0..<r).map { j in Tensor((0..<d).map { i in frame.scalars[i * r + j] }) }
    let t = try DataChecks.core { try Tensor.orthogonalFourthOrder(components: components) }
    return (components, t)
  }

  /// The largest magnitude in `v` (0 when empty).
  static func maxAbs(_ v: [Double]) -> Double {
    v.reduce(0) { max($0, Swift.abs($1)) }
  }
}
