/// A differentiable tensor operation, declared once with all of its rules (as in JAX's
/// autodidax): the shape rule, the forward rule, the vector-Jacobian product (reverse mode) and
/// the Jacobian-vector product (forward mode). The derivative rules are written with `Var`
/// operations, so that recording them gives derivatives of any order the rules support.
public struct Primitive: Sendable {
  /// The name shown in dumps and error messages.
  public let name: String
  /// The output shape from the input shapes; throws on a mismatch before any work is done.
  let shape: @Sendable ([[Int]]) throws -> [Int]
  /// The output value from the input values.
  let forward: @Sendable ([Tensor]) throws -> Tensor
  /// Cotangents of the inputs from the inputs, output and the output's cotangent. `needs[k]`
  /// says whether input k's cotangent is wanted; a rule may return nil for the others (and for
  /// inputs that get none), so that no work is spent on constants such as the data.
  let vjp: @Sendable (_ inputs: [Var], _ output: Var, _ cotangent: Var, _ needs: [Bool]) throws -> [Var?]
  /// The output's tangent from the inputs, output and the inputs' tangents (nil = zero).
  let jvp: @Sendable (_ inputs: [Var], _ output: Var, _ tangents: [Var?]) throws -> Var?

  /// The leaf primitive that marks an independent variable on a tape.
  static let leaf = Primitive(
    name: "leaf", shape: { $0.first ?? [] }, forward: { $0.first ?? Tensor(0) },
    vjp: { _, _, _, _ in [] }, jvp: { _, _, _ in nil })

  /// Applies the primitive: checks shapes, runs the forward rule and records the result on the
  /// tape of the recorded inputs (all recorded inputs must share one tape).
  func callAsFunction(_ inputs: Var...) throws -> Var { try apply(inputs) }

  /// Applies a one-input primitive whose shape and forward rules cannot fail (negation, scaling).
  func applyTotal(_ x: Var) -> Var {
    do {
      return try apply([x])
    } catch {
      // unreachable: one input cannot mix tapes, and these rules keep the shape and never throw
      preconditionFailure("\(name) failed on \(Tensor.describe(x.shape)): \(error)")
    }
  }

  func apply(_ inputs: [Var]) throws -> Var {
    var tape: Tape? = nil
    for input in inputs {
      guard let t = input.tape else { continue }
      if let existing = tape, existing !== t {
        throw AutodiffError.mixedTapes("operands of \(name) are recorded on different tapes")
      }
      tape = t
    }
    let expected = try shape(inputs.map(\.shape))
    let value = try forward(inputs.map(\.value))
    guard value.shape == expected else {
      throw AutodiffError.internalShape(
        "\(name): forward rule gave \(Tensor.describe(value.shape)), shape rule \(Tensor.describe(expected))")
    }
    guard let tape else { return Var(constant: value) }
    return tape.record(self, inputs, value)
  }
}

/// Shape rules shared by several primitives.
enum ShapeRule {
  /// Elementwise with NumPy broadcasting.
  static func broadcast(_ shapes: [[Int]]) throws -> [Int] {
    try shapes.dropFirst().reduce(shapes.first ?? []) { try Tensor.broadcastShape($0, $1) }
  }
  /// The shape of the first input.
  static func same(_ shapes: [[Int]]) -> [Int] { shapes.first ?? [] }
}
