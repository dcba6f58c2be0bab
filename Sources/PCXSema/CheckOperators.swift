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
      if type == nil { error(.logicNeedsBools(op, left.type, right.type, at: span, notes: operandNotes(left, right))) }
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
      let scalars = left.type.isScalar && right.type.isScalar
      let equality = (op == .equal || op == .notEqual) && left.type == right.type && left.type.shape == nil
      type = scalars || equality ? .bool : nil
      if type == nil { error(.cannotCompare(left.type, right.type, at: span, notes: operandNotes(left, right))) }
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

  /// Notes pointing at the declarations of the operands that are names.
  private func operandNotes(_ left: TExpr, _ right: TExpr) -> [Note] {
    [declarationNote(left), declarationNote(right)].compactMap { $0 }
  }

  private mutating func elementwise(_ op: BinaryOperator, _ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    if left.type == .trace || right.type == .trace {
      if (left.type == .trace || left.type.isScalar) && (right.type == .trace || right.type.isScalar) { return .trace }
      error(.cannotApply(op, left.type, right.type, at: span, notes: operandNotes(left, right)))
      return nil
    }
    guard let a = left.type.shape, let b = right.type.shape else {
      error(.cannotApply(op, left.type, right.type, at: span, notes: operandNotes(left, right)))
      return nil
    }
    if op == .power {
      guard b.isEmpty else {
        error(.exponentNotScalar(right.type, at: right.span))
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
      error(.elementwiseShapes(op, left.type, right.type, at: span, notes: operandNotes(left, right)))
      return nil
    }
    return left.type
  }

  /// `A @ B`: (m x n)(n x k), (m x n)(n), (n)(n x k), (n)(n).
  private mutating func matmul(_ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    guard let a = left.type.shape, let b = right.type.shape, (1...2).contains(a.count), (1...2).contains(b.count) else {
      error(.matmulOperands(left.type, right.type, at: span, notes: operandNotes(left, right)))
      return nil
    }
    let inner = a[a.count - 1]
    let other = b[0]
    guard inner.compatible(with: other) else {
      error(.matmulInner(left.type, right.type, inner: inner, other: other, at: span, notes: operandNotes(left, right)))
      return nil
    }
    return PType.numeric(Array(a.dropLast()) + Array(b.dropFirst()))
  }

  /// `x ⊗ y`: the outer (tensor) product; shapes concatenate.
  private mutating func tensorProduct(_ left: TExpr, _ right: TExpr, _ span: SourceSpan) -> PType? {
    guard let a = left.type.shape, let b = right.type.shape, !a.isEmpty, !b.isEmpty else {
      error(.tensorProductOperands(left.type, right.type, at: span, notes: operandNotes(left, right)))
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
