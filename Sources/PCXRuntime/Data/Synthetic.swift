import PCXNumerics

/// Synthetic data of SPEC §4.1: inputs (`gaussian`, `sphere`, `independent`), labels (`random`,
/// `glm`, `halfspace`, `teacher`) and the low-rank and tensor problems of 002 Sec 4.2 and Sec 5.
///
/// Every generator draws from the caller's stream only, in a fixed order (row-major, one row after
/// another), so the same stream gives the same data on every machine and thread count (SPEC §2.3).
public enum Synthetic {
  /// Redraws `independent` allows before giving up. A Gaussian n x d matrix with d >= n has full
  /// row rank with probability 1, so a second draw is already a sign of a broken stream.
  static let independentAttempts = 4

  /// An n x d matrix of i.i.d. N(0, 1) entries.
  public static func gaussian(n: Int, d: Int, rng: inout RandomStream) throws -> Tensor {
    try DataChecks.positive(n, "gaussian n")
    try DataChecks.positive(d, "gaussian d")
    return try DataChecks.core { try rng.normalTensor([n, d]) }
  }

  /// An n x d matrix whose rows are independent and uniform on the sphere of the given radius in
  /// R^d (004 Assumption 2 takes radius sqrt(d), so that every ||x_i|| = sqrt(d)).
  public static func sphere(n: Int, d: Int, radius: Double, rng: inout RandomStream) throws -> Tensor {
    try DataChecks.positive(n, "sphere n")
    try DataChecks.positive(d, "sphere d")
    guard radius.isFinite, radius > 0 else {
      throw RuntimeError(.data, "sphere radius must be a finite number > 0, got \(radius)")
    }
    var out = [Double]()
    out.reserveCapacity(n * d)
    for _ in 0..<n {
      let u = try DataChecks.core { try rng.unitSphere(d) }
      out.append(contentsOf: u.scalars.lazy.map { $0 * radius })
    }
    return try DataChecks.core { try Tensor(shape: [n, d], scalars: out) }
  }

  /// An n x d matrix with linearly independent rows (001 Thm 4.1 needs them), which requires
  /// d >= n. The rows are i.i.d. N(0, 1); the rank is verified from the singular values: the
  /// smallest must exceed `max(n, d) * eps * largest` (the numerical-rank threshold of NumPy's
  /// `matrix_rank`, after Golub & Van Loan 4th ed. Sec 5.4.1), else the matrix is redrawn.
  public static func independent(n: Int, d: Int, rng: inout RandomStream) throws -> Tensor {
    try DataChecks.positive(n, "independent n")
    try DataChecks.positive(d, "independent d")
    guard d >= n else {
      throw RuntimeError(.data,
        "independent(n: \(n), d: \(d)) asks for \(n) linearly independent rows in R^\(d), which needs d >= n",
        hint: "use at most \(d) rows, or at least \(n) features")
    }
    var smallest = 0.0, largest = 0.0
    for _ in 0..<independentAttempts {
      let x = try DataChecks.core { try rng.normalTensor([n, d]) }
      let s = try DataChecks.core { try LinearAlgebra.singularValues(x) }
      largest = s.first ?? 0
      smallest = s.last ?? 0
      if smallest > Double(max(n, d)) * Double.ulpOfOne * largest { return x }
    }
    throw RuntimeError(.data,
      "independent(n: \(n), d: \(d)): \(independentAttempts) draws were all numerically rank deficient "
        + "(last smallest/largest singular value \(smallest)/\(largest))")
  }

  // MARK: Labels

  /// An n x k matrix of i.i.d. N(0, 1) labels (the default `labels: random`).
  public static func randomLabels(n: Int, k: Int, rng: inout RandomStream) throws -> Tensor {
    try DataChecks.positive(n, "random labels n")
    try DataChecks.positive(k, "random labels k")
    return try DataChecks.core { try rng.normalTensor([n, k]) }
  }

  /// Labels of the planted generalised linear model of 002 Sec 3: y_i = sigma(<w*, x_i>) + xi_i,
  /// with xi_i i.i.d. uniform in [-noise, noise] (mean zero and bounded, 002 Sec 3 assumption 4).
  /// Returns an n x 1 matrix.
  public static func glmLabels(
    x: Tensor, wStar: Tensor, activation: ScalarFunction, noise: Double, rng: inout RandomStream
  ) throws -> Tensor {
    let (n, d) = try DataChecks.matrix(x, "glm inputs")
    let w = try DataChecks.weightVector(wStar, d: d, "glm w_star")
    try DataChecks.nonNegative(noise, "glm noise")
    let z = try DataChecks.rowDots(x, w)
    let y = z.map { activation($0) + rng.uniform(-noise, noise) }
    return try DataChecks.core { try Tensor(shape: [n, 1], scalars: y) }
  }

  /// Halfspace labels with flip noise (000 Sec 4): y_i = sign(<w*, x_i>) in {-1, +1}, sign(0)
  /// taken as +1, then each label negated independently with probability `flip`. Returns n x 1.
  public static func halfspaceLabels(x: Tensor, wStar: Tensor, flip: Double, rng: inout RandomStream) throws -> Tensor {
    let (n, d) = try DataChecks.matrix(x, "halfspace inputs")
    let w = try DataChecks.weightVector(wStar, d: d, "halfspace w_star")
    try DataChecks.probability(flip, "halfspace flip")
    let z = try DataChecks.rowDots(x, w)
    // One uniform per row whatever `flip` is, so changing `flip` flips a nested set of rows.
    let y = z.map { v -> Double in
      let clean: Double = v >= 0 ? 1 : -1
      return rng.nextDouble() < flip ? -clean : clean
    }
    return try DataChecks.core { try Tensor(shape: [n, 1], scalars: y) }
  }

  /// Labels from a teacher model: `model(x)` plus i.i.d. N(0, noise^2). The model's output must
  /// have one row per input row (a length-n vector is taken as n x 1). Returns n x k.
  public static func teacherLabels(
    x: Tensor, noise: Double, rng: inout RandomStream, model: (Tensor) throws -> Tensor
  ) throws -> Tensor {
    let (n, _) = try DataChecks.matrix(x, "teacher inputs")
    try DataChecks.nonNegative(noise, "teacher noise")
    var out = try model(x)
    if out.rank == 1 { out = try DataChecks.core { try out.reshaped([out.count, 1]) } }
    guard out.rank == 2, out.shape[0] == n else {
      throw RuntimeError(.data,
        "the teacher model maps \(n) inputs to shape \(Tensor.describe(out.shape)); expected \(n) rows")
    }
    if noise > 0 {
      for i in 0..<out.count { out.scalars[i] += noise * rng.normal() }
    }
    return out
  }
}
