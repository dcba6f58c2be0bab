/// A dimension: a known integer, or a symbol standing for a size only known when data loads
/// (e.g. `D.n` for the rows of a CSV file). Symbols are compatible with any size.
public enum Dim: Sendable, Hashable, CustomStringConvertible {
  case known(Int)
  case symbol(String)

  /// The integer, if known.
  public var value: Int? { if case .known(let v) = self { return v } else { return nil } }

  /// The size as written in types.
  public var description: String {
    switch self {
    case .known(let v): return String(v)
    case .symbol(let s): return s
    }
  }

  /// True unless both sizes are known and differ.
  public func compatible(with other: Dim) -> Bool {
    guard let a = value, let b = other.value else { return true }
    return a == b
  }
}

/// The types of SPEC §2.2.
public indirect enum PType: Sendable, Hashable, CustomStringConvertible {
  case int, real, bool, string
  case vector(Dim)
  case matrix(Dim, Dim)
  case tensor([Dim])
  /// `dataset[n, d -> k]`: n rows of d features with k labels each.
  case dataset(n: Dim, d: Dim, k: Dim)
  /// `model[d -> k; p params]`
  case model(d: Dim, k: Dim, p: Dim)
  /// A scalar function of the script's params (a loss or an objective expression).
  case objective
  /// The result of `train`.
  case run
  /// The result of `certify`.
  case certificate
  /// A value per step of a run.
  case trace
  /// A set of points a certificate ranges over (`on: ...`).
  case pointSet
  /// How a synthetic dataset is labelled (`labels: ...`).
  case labels
  /// A tuple `(a, b)`.
  case tuple([PType])
  /// An enumerator written as a bare name (`tanh`, `ntk`, `auto`, `sphere`).
  case choice(String)
  /// The type of an expression that already produced an error: every check accepts it
  /// silently, so one mistake gives one message.
  case error

  /// Integers and reals.
  public var isScalar: Bool { self == .int || self == .real }

  /// The shape of a numeric value (`[]` for scalars), nil for non-numeric types.
  public var shape: [Dim]? {
    switch self {
    case .int, .real: return []
    case .vector(let n): return [n]
    case .matrix(let m, let n): return [m, n]
    case .tensor(let dims): return dims
    default: return nil
    }
  }

  /// The numeric type of a shape: real for `[]`, then vector, matrix, tensor.
  public static func numeric(_ shape: [Dim]) -> PType {
    switch shape.count {
    case 0: return .real
    case 1: return .vector(shape[0])
    case 2: return .matrix(shape[0], shape[1])
    default: return .tensor(shape)
    }
  }

  /// The type as written in messages and dumps.
  public var description: String {
    switch self {
    case .int: return "int"
    case .real: return "real"
    case .bool: return "bool"
    case .string: return "string"
    case .vector(let n): return "vector[\(n)]"
    case .matrix(let m, let n): return "matrix[\(m), \(n)]"
    case .tensor(let dims): return "tensor[\(dims.map(\.description).joined(separator: ", "))]"
    case .dataset(let n, let d, let k): return "dataset[\(n), \(d) -> \(k)]"
    case .model(let d, let k, let p): return "model[\(d) -> \(k); \(p) params]"
    case .objective: return "objective"
    case .run: return "run"
    case .certificate: return "certificate"
    case .trace: return "trace"
    case .pointSet: return "set"
    case .labels: return "labels"
    case .tuple(let items): return "(\(items.map(\.description).joined(separator: ", ")))"
    case .choice(let name): return name
    case .error: return "<error>"
    }
  }
}

/// A value known at check time: literals, `let`s of literals, sweep values, header peeks.
public enum ConstValue: Sendable, Hashable, CustomStringConvertible {
  case int(Int), real(Double), bool(Bool), string(String)
  case list([ConstValue])

  /// The value as an integer, if it is one.
  public var intValue: Int? { if case .int(let v) = self { return v } else { return nil } }
  /// The value as a real (integers convert).
  public var realValue: Double? {
    switch self {
    case .int(let v): return Double(v)
    case .real(let v): return v
    default: return nil
    }
  }

  /// The value as written in source.
  public var description: String {
    switch self {
    case .int(let v): return String(v)
    case .real(let v): return String(v)
    case .bool(let v): return String(v)
    case .string(let v): return "\"\(v)\""
    case .list(let items): return "[\(items.map(\.description).joined(separator: ", "))]"
    }
  }
}
