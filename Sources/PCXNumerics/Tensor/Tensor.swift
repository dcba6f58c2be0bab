/// A dense float64 tensor of any rank, stored row-major (C order) in one contiguous buffer.
///
/// A `Tensor` is a value: copies share storage until one of them is written (copy on write),
/// so `reshaped` and passing tensors around never copy the numbers. Rank 0 is a scalar.
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis, outermost first.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.product`.
  public var scalars: [Double]

  /// A tensor with the given shape and row-major elements.
  /// - Throws: `TensorError.shapeMismatch` when the element count does not match the shape.
  public init(shape: [Int], scalars: [Double]) throws {
    guard shape.allSatisfy({ $0 >= 0 }), Tensor.count(of: shape) == scalars.count else {
      throw TensorError.shapeMismatch(
        "\(scalars.count) elements do not fill shape \(Tensor.describe(shape))")
    }
    self.shape = shape
    self.scalars = scalars
  }

  /// Internal initialiser for callers that have already checked the count.
  @usableFromInline
  init(uncheckedShape shape: [Int], scalars: [Double]) {
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape with every element equal to `value`.
  public init(repeating value: Double, shape: [Int]) {
    self.shape = shape
    self.scalars = [Double](repeating: value, count: Tensor.count(of: shape))
  }

  /// A rank-0 tensor holding one number.
  public init(_ value: Double) {
    self.init(uncheckedShape: [], scalars: [value])
  }

  /// A rank-1 tensor (vector) holding `values`.
  public init(_ values: [Double]) {
    self.init(uncheckedShape: [values.count], scalars: values)
  }

  /// A rank-2 tensor (matrix) from its rows.
  /// - Throws: `TensorError.shapeMismatch` when the rows have different lengths.
  public init(rows: [[Double]]) throws {
    let cols = rows.first?.count ?? 0
    guard rows.allSatisfy({ $0.count == cols }) else {
      throw TensorError.shapeMismatch("matrix rows have different lengths")
    }
    self.init(uncheckedShape: [rows.count, cols], scalars: rows.flatMap { $0 })
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
  /// The n x n identity matrix.
  public static func identity(_ n: Int) -> Tensor {
    var t = Tensor.zeros([n, n])
    for i in 0..<n { t.scalars[i * n + i] = 1 }
    return t
  }

  /// The number of axes.
  @inlinable public var rank: Int { shape.count }
  /// The number of elements.
  @inlinable public var count: Int { scalars.count }
  /// The single element of a tensor with one element (any rank), else nil.
  public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

  /// Row-major strides (in elements) of `shape`.
  public static func strides(of shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = acc
      acc *= shape[axis]
    }
    return strides
  }

  /// The number of elements of `shape` (1 for rank 0).
  public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

  /// `[2, 3]` style text for a shape, used in error messages.
  public static func describe(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
  }

  /// The flat offset of a multi-index, or nil when it is out of range.
  public func offset(of index: [Int]) -> Int? {
    guard index.count == rank else { return nil }
    var offset = 0
    for (axis, i) in index.enumerated() {
      guard i >= 0, i < shape[axis] else { return nil }
      offset = offset * shape[axis] + i
    }
    return offset
  }

  /// The element at a multi-index; throws when the index is out of range.
  public func element(at index: [Int]) throws -> Double {
    guard let k = offset(of: index) else {
      throw TensorError.indexOutOfRange(
        "index \(Tensor.describe(index)) is outside shape \(Tensor.describe(shape))")
    }
    return scalars[k]
  }

  /// The same elements viewed with another shape of equal element count (no copy).
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    guard newShape.allSatisfy({ $0 >= 0 }), Tensor.count(of: newShape) == count else {
      throw TensorError.shapeMismatch(
        "cannot reshape \(Tensor.describe(shape)) (\(count) elements) to \(Tensor.describe(newShape))")
    }
    return Tensor(uncheckedShape: newShape, scalars: scalars)
  }

  /// The elements as a flat rank-1 tensor (no copy).
  public var flattened: Tensor { Tensor(uncheckedShape: [count], scalars: scalars) }
}

/// Errors raised by tensor operations; each message names the shapes involved.
public enum TensorError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Operand shapes do not fit the operation.
  case shapeMismatch(String)
  /// An index or axis is outside the tensor.
  case indexOutOfRange(String)
  /// An argument is outside the operation's domain.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .shapeMismatch(let m), .indexOutOfRange(let m), .invalidArgument(let m): return m
    }
  }
}

extension Tensor: CustomStringConvertible {
  /// A compact rendering: scalars as numbers, vectors and matrices with brackets, larger ranks by shape.
  public var description: String {
    func fmt(_ x: Double) -> String { String(x) }
    switch rank {
    case 0: return fmt(scalars[0])
    case 1: return "[" + scalars.map(fmt).joined(separator: ", ") + "]"
    case 2:
      let cols = shape[1]
      let rows = (0..<shape[0]).map { r in
        "[" + scalars[(r * cols)..<((r + 1) * cols)].map(fmt).joined(separator: ", ") + "]"
      }
      return "[" + rows.joined(separator: ", ") + "]"
    default: return "Tensor(shape: \(Tensor.describe(shape)))"
    }
  }
}
