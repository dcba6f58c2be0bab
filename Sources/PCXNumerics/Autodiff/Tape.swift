/// Reverse-mode automatic differentiation over tensor primitives.
///
/// A `Tape` records every primitive applied to its variables, in execution order (which is a
/// topological order). A `Var` is a tensor value together with its place on a tape; a `Var` with
/// no tape is a constant. Backward rules are written with the same `Var` operations, so a
/// backward pass can itself be recorded (`createGraph`) and differentiated again: that is how
/// exact Hessian-vector products are computed (reverse over reverse, never finite differences).
public final class Tape {
  /// One recorded application of a primitive.
  struct Node {
    let primitive: Primitive
    /// Tape index of each input, or -1 for a constant input.
    let inputs: [Int]
    let inputValues: [Tensor]
    let value: Tensor
  }

  private(set) var nodes: [Node] = []

  /// An empty tape.
  public init() {}

  /// The number of recorded nodes (leaves included).
  public var count: Int { nodes.count }

  /// A new independent variable (a leaf to differentiate with respect to).
  public func variable(_ value: Tensor) -> Var {
    nodes.append(Node(primitive: .leaf, inputs: [], inputValues: [], value: value))
    return Var(value: value, tape: self, index: nodes.count - 1)
  }

  /// New independent variables, one per tensor.
  public func variables(_ values: [Tensor]) -> [Var] { values.map(variable) }

  func record(_ primitive: Primitive, _ inputs: [Var], _ value: Tensor) -> Var {
    nodes.append(Node(
      primitive: primitive, inputs: inputs.map { $0.tape === self ? $0.index : -1 },
      inputValues: inputs.map(\.value), value: value))
    return Var(value: value, tape: self, index: nodes.count - 1)
  }

  /// The input of node `index` at position `k`, as a variable on this tape (or a constant).
  func input(_ k: Int, of index: Int, recorded: Bool) -> Var {
    let node = nodes[index]
    let i = node.inputs[k]
    if recorded && i >= 0 { return Var(value: node.inputValues[k], tape: self, index: i) }
    return Var(constant: node.inputValues[k])
  }

  /// The output of node `index` as a variable on this tape (or a constant).
  func output(of index: Int, recorded: Bool) -> Var {
    recorded ? Var(value: nodes[index].value, tape: self, index: index)
      : Var(constant: nodes[index].value)
  }
}

/// A tensor value that may be recorded on a `Tape`.
public struct Var {
  /// The value computed by the forward pass.
  public let value: Tensor
  /// The tape this value is recorded on; nil for a constant.
  public let tape: Tape?
  /// The node index on `tape` (meaningless for constants).
  let index: Int

  init(value: Tensor, tape: Tape?, index: Int) {
    self.value = value
    self.tape = tape
    self.index = index
  }

  /// A constant: operations on it are not recorded unless they also involve a recorded variable.
  public init(constant value: Tensor) { self.init(value: value, tape: nil, index: -1) }

  /// A scalar constant.
  public init(_ x: Double) { self.init(constant: Tensor(x)) }

  /// The shape of the value.
  public var shape: [Int] { value.shape }
  /// Whether this value is recorded on a tape.
  public var isRecorded: Bool { tape != nil }
  /// The value as a number when it holds exactly one element.
  public var scalar: Double? { value.scalar }
}

/// Errors raised by differentiation.
public enum AutodiffError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The operands of one operation are recorded on different tapes.
  case mixedTapes(String)
  /// The differentiated function did not return a scalar where one is required.
  case notScalar(String)
  /// A derivative of higher order than this primitive provides was requested.
  case derivativeUnavailable(String)
  /// A computation would need more memory than the configured limit.
  case memoryLimit(needed: Int, limit: Int, what: String)
  /// A dense Hessian was requested for more parameters than allowed.
  case tooManyParameters(count: Int, limit: Int)
  /// A primitive's forward rule produced a shape different from its shape rule (a bug in pcx).
  case internalShape(String)

  public var description: String {
    switch self {
    case .mixedTapes(let m), .notScalar(let m), .derivativeUnavailable(let m), .internalShape(let m):
      return m
    case .memoryLimit(let needed, let limit, let what):
      return "\(what) needs \(Memory.describe(needed)), over the limit of \(Memory.describe(limit)); "
        + "raise the memory limit or use fewer samples/parameters"
    case .tooManyParameters(let count, let limit):
      return "a dense Hessian of \(count) parameters is over the limit of \(limit); "
        + "use Hessian-vector products (Lanczos) instead, or raise the limit"
    }
  }
}

/// Byte counts for memory checks and messages.
public enum Memory {
  /// Bytes of `count` float64 values.
  public static func doubles(_ count: Int) -> Int { count.multipliedReportingOverflow(by: 8).overflow ? Int.max : count * 8 }
  /// `12.0 MiB` style text.
  public static func describe(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes), unit = 0
    while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
    return unit == 0 ? "\(bytes) B" : "\((value * 10).rounded() / 10) \(units[unit])"
  }
}
