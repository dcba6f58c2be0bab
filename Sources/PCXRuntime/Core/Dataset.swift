import PCXNumerics

/// A dataset: n rows of d features and k label columns, float64.
public struct Dataset: Sendable, Equatable {
  /// Features, n x d.
  public var x: Tensor
  /// Labels, n x k (k = 1 for scalar labels).
  public var y: Tensor
  /// Where the data came from, for reports and messages (`"digits.csv"`, `"gaussian(n: 512, d: 64)"`).
  public var source: String

  /// A dataset from features and labels with the same number of rows.
  public init(x: Tensor, y: Tensor, source: String) throws {
    guard x.rank == 2, y.rank == 2, x.shape[0] == y.shape[0] else {
      throw RuntimeError(.data,
        "features \(Tensor.describe(x.shape)) and labels \(Tensor.describe(y.shape)) must be matrices with the same number of rows")
    }
    self.x = x
    self.y = y
    self.source = source
  }

  /// The number of rows.
  public var n: Int { x.shape[0] }
  /// The number of features.
  public var d: Int { x.shape[1] }
  /// The number of label columns.
  public var k: Int { y.shape[1] }
}
