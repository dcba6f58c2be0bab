import PCXNumerics

/// Argument checks and error wrapping shared by the data generators and transforms.
enum DataChecks {
  /// Throws a `.data` error unless `value >= 1` (`what` names the argument, e.g. `gaussian n`).
  static func positive(_ value: Int, _ what: String) throws {
    guard value >= 1 else {
      throw RuntimeError(.data, "\(what) must be at least 1, got \(value)")
    }
  }

  /// Throws a `.data` error unless `value` is finite and `>= 0`.
  static func nonNegative(_ value: Double, _ what: String) throws {
    guard value.isFinite, value >= 0 else {
      throw RuntimeError(.data, "\(what) must be a finite number >= 0, got \(value)")
    }
  }

  /// Throws a `.data` error unless `0 <= value <= 1`.
  static func probability(_ value: Double, _ what: String) throws {
    guard value >= 0, value <= 1 else {
      throw RuntimeError(.data, "\(what) must be a probability in [0, 1], got \(value)")
    }
  }

  /// Throws a `.data` error unless `x` is an n x d matrix; returns (n, d).
  static func matrix(_ x: Tensor, _ what: String) throws -> (n: Int, d: Int) {
    guard x.rank == 2 else {
      throw RuntimeError(.data, "\(what) must be a matrix (n x d), got shape \(Tensor.describe(x.shape))")
    }
    return (x.shape[0], x.shape[1])
  }

  /// Throws a `.data` error unless `w` holds exactly `d` numbers (a vector, or a d x 1 / 1 x d matrix).
  static func weightVector(_ w: Tensor, d: Int, _ what: String) throws -> Tensor {
    guard w.count == d, w.shape.filter({ $0 != 1 }).count <= 1 else {
      throw RuntimeError(.data,
        "\(what) must be a vector of length \(d) (one weight per feature), got shape \(Tensor.describe(w.shape))")
    }
    return w.flattened
  }

  /// Runs a numerical-core call, turning its `TensorError`/`LinearAlgebraError` into a `RuntimeError`.
  static func core<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw RuntimeError.numerics(error) }
  }

  /// `x w` for an n x d matrix and a length-d vector, as n numbers.
  static func rowDots(_ x: Tensor, _ w: Tensor) throws -> [Double] {
    try core { try Tensor.matmul(x, w.reshaped([w.count, 1])).scalars }
  }
}
