import PCXSource
import PCXSyntax

extension Checker {
  /// Types a binary operation: logic on bools, comparisons on scalars, elementwise arithmetic
  /// with scalar broadcasting, `@` with matching inner dimensions, `⊗` concatenating shapes.
  mutating func checkBinary(_ op: BinaryOperator, _ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> TExpr {
    guard left.type != .error, right.type != .error else { return TExpr(.invalid, .error, span) }
    let type: PType?
    switch op {
    case .and, .or:
      type = left.type == .bool && right.type == .bool ? .bool : nil
      if type == nil { mismatch("'\(op.rawValue)' needs bools", left, right, span) }
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
      let scalars = left.type.isScalar && right.type.isScalar
      let equality = (op == .equal || op == .notEqual) && left.type == right.type && left.type.shape == nil
      type = scalars || equality ? .bool : nil
      if type == nil { mismatch("cannot compare", left, right, span) }
    case .add, .subtract, .multiply, .divide, .power:
      type = elementwise(op, left, right, span)
    case .matmul:
      type = matmul(left, right, span)
    case .tensor:
      type = tensorProduct(left, right, span)
    }
    guard let type else { return TExpr(.invalid, .error, span) }
    return TExpr(.binary(op, left, right), type, span, constant: fold(op, left.constant, right.constant))
  }

  private mutating func mismatch(_ what: String, _ left: TExpr, _ right: TExpr, _ span: SourceSpan) {
    error("\(what) \(left.type) and \(right.type)", at: span, notes: [declarationNote(left), declarationNote(right)].compactMap { $0 })
  }

  private static let verbs: [BinaryOperator: String] = [
    .add: "add", .subtract: "subtract", .multiply: "multiply", .divide: "divide", .power: "raise",
  ]

  private mutating func elementwise(_ op: BinaryOperator, _ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    let verb = Self.verbs[op] ?? op.rawValue
    if left.type == .trace || right.type == .trace {
      if (left.type == .trace || left.type.isScalar) && (right.type == .trace || right.type.isScalar) { return .trace }
      mismatch("cannot \(verb)", left, right, span)
      return nil
    }
    guard let a = left.type.shape, let b = right.type.shape else {
      mismatch("cannot \(verb)", left, right, span)
      return nil
    }
    if op == .power {
      guard b.isEmpty else {
        error("the exponent of '^' must be a scalar, found \(right.type)", at: right.span)
        return nil
      }
      return a.isEmpty ? .real : left.type
    }
    if a.isEmpty && b.isEmpty {
      return left.type == .int && right.type == .int && op != .divide ? .int : .real
    }
    if a.isEmpty { return right.type }
    if b.isEmpty { return left.type }
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.compatible(with: $1) }) else {
      mismatch(op == .add || op == .subtract ? "cannot \(verb)" : "cannot \(verb) elementwise", left, right, span)
      return nil
    }
    return left.type
  }

  /// `A @ B`: (m x n)(n x k), (m x n)(n), (n)(n x k), (n)(n).
  private mutating func matmul(_ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    guard let a = left.type.shape, let b = right.type.shape, (1...2).contains(a.count), (1...2).contains(b.count) else {
      mismatch("'@' multiplies matrices and vectors; cannot multiply", left, right, span)
      return nil
    }
    let inner = a[a.count - 1]
    let other = b[0]
    guard inner.compatible(with: other) else {
      error("matrix product needs matching inner dimensions: \(left.type) @ \(right.type) (\(inner) != \(other))", at: span,
        notes: [declarationNote(left), declarationNote(right)].compactMap { $0 })
      return nil
    }
    return PType.numeric(Array(a.dropLast()) + Array(b.dropFirst()))
  }

  /// `x ⊗ y`: the outer (tensor) product; shapes concatenate.
  private mutating func tensorProduct(_ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    guard let a = left.type.shape, let b = right.type.shape, !a.isEmpty, !b.isEmpty else {
      mismatch("'⊗' needs vectors, matrices or tensors; cannot form the tensor product of", left, right, span)
      return nil
    }
    return PType.numeric(a + b)
  }

  /// Folds integer and real arithmetic on constants (for dimensions and sweep values).
  private func fold(_ op: BinaryOperator, _ a: ConstValue?, _ b: ConstValue?) -> ConstValue? {
    guard let a, let b else { return nil }
    if case .int(let x) = a, case .int(let y) = b {
      switch op {
      case .add: return x.addingReportingOverflow(y).overflow ? nil : .int(x + y)
      case .subtract: return x.subtractingReportingOverflow(y).overflow ? nil : .int(x - y)
      case .multiply: return x.multipliedReportingOverflow(by: y).overflow ? nil : .int(x * y)
      default: break
      }
    }
    guard let x = a.realValue, let y = b.realValue else { return nil }
    switch op {
    case .add: return .real(x + y)
    case .subtract: return .real(x - y)
    case .multiply: return .real(x * y)
    case .divide: return y == 0 ? nil : .real(x / y)
    case .less: return .bool(x < y)
    case .greater: return .bool(x > y)
    default: return nil
    }
  }
}
