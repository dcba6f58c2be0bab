import _CLAPACKE

/// Errors raised by the dense and matrix-free linear algebra; each message says what to do.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A symmetric routine was given a matrix whose asymmetry exceeds the tolerance.
  case notSymmetric(String)
  /// A routine that needs a square matrix was given a rectangular one (or not a matrix).
  case notSquare(String)
  /// The matrix is singular to working precision; the system has no unique solution.
  case singular(String)
  /// A Cholesky factorisation met a non-positive pivot.
  case notPositiveDefinite(String)
  /// An iteration (LAPACK's or ours) did not reach its tolerance.
  case notConverged(String)
  /// Operand sizes do not fit together (right-hand side rows, vector lengths).
  case dimensionMismatch(String)
  /// An argument is outside the routine's domain (empty matrix, zero start vector, bad range).
  case invalidArgument(String)
  /// An input or an operator output contained NaN or infinity.
  case nonFinite(String)
  /// LAPACK reported an illegal argument or an internal failure (`info` as LAPACK returns it).
  case lapack(routine: String, info: Int32)

  public var description: String {
    switch self {
    case .notSymmetric(let m), .notSquare(let m), .singular(let m), .notPositiveDefinite(let m),
      .notConverged(let m), .dimensionMismatch(let m), .invalidArgument(let m), .nonFinite(let m):
      return m
    case .lapack(let routine, let info) where info < 0:
      return "LAPACK \(routine) rejected argument \(-info) (info = \(info)); this is a bug in pcx, please report it"
    case .lapack(let routine, let info):
      return "LAPACK \(routine) failed with info = \(info); the input may be too badly scaled or ill-conditioned"
    }
  }
}

/// Shared argument checks and LAPACK plumbing for the linear-algebra routines.
enum LAChecks {
  /// The unit roundoff's neighbour: machine epsilon, 2^-52.
  static let eps = Double.ulpOfOne

  /// Rows and columns of a rank-2 tensor, or a `notSquare`/`invalidArgument` error naming `what`.
  static func matrixShape(_ a: Tensor, _ what: String) throws -> (rows: Int, cols: Int) {
    guard a.rank == 2 else {
      throw LinearAlgebraError.invalidArgument(
        "\(what) needs a matrix (rank 2), got shape \(Tensor.describe(a.shape)); reshape it first")
    }
    return (a.shape[0], a.shape[1])
  }

  /// The order of a square matrix, or a `notSquare` error.
  static func squareOrder(_ a: Tensor, _ what: String) throws -> Int {
    guard a.rank == 2, a.shape[0] == a.shape[1] else {
      throw LinearAlgebraError.notSquare(
        "\(what) needs a square matrix, got shape \(Tensor.describe(a.shape))")
    }
    return a.shape[0]
  }

  /// Throws `nonFinite` when any element is NaN or infinite.
  static func requireFinite(_ a: Tensor, _ what: String) throws {
    if let k = a.scalars.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError.nonFinite(
        "\(what) contains a non-finite value (\(a.scalars[k]) at flat index \(k)); fix the input first")
    }
  }

  /// Throws `notSymmetric` when `max |a_ij - a_ji| > tolerance * max |a_ij|`.
  static func requireSymmetric(_ a: Tensor, _ n: Int, tolerance: Double, _ what: String) throws {
    let x = a.scalars
    let scale = x.reduce(0) { max($0, Swift.abs($1)) }
    var worst = 0.0, at = (0, 0)
    for i in 0..<n {
      for j in (i + 1)..<n {
        let d = Swift.abs(x[i * n + j] - x[j * n + i])
        if d > worst { worst = d; at = (i, j) }
      }
    }
    guard worst <= tolerance * scale else {
      throw LinearAlgebraError.notSymmetric(
        "\(what) needs a symmetric matrix, but |a[\(at.0),\(at.1)] - a[\(at.1),\(at.0)]| = \(worst) "
          + "exceeds \(tolerance) x max|a_ij| = \(tolerance * scale); "
          + "pass LinearAlgebra.symmetricPart(a) if only the symmetric part matters")
    }
  }

  /// Throws the `lapack` error for a negative `info` (an argument LAPACK rejected).
  static func requireLegal(_ info: Int32, _ routine: String) throws {
    if info < 0 { throw LinearAlgebraError.lapack(routine: routine, info: info) }
  }

  /// A LAPACK character argument.
  static func char(_ c: Unicode.Scalar) -> CChar { CChar(truncatingIfNeeded: c.value) }

  /// Converts a dimension to LAPACK's integer type, refusing sizes it cannot address.
  static func lapackInt(_ n: Int, _ what: String) throws -> Int32 {
    guard let v = Int32(exactly: n) else {
      throw LinearAlgebraError.invalidArgument(
        "\(what): size \(n) exceeds LAPACK's 32-bit index range; use a matrix-free method")
    }
    return v
  }
}
