import PCXSource
import PCXSyntax

// The checker's errors about expressions: vectors, operators, members, indexing and
// transposes, mostly shapes that do not fit. See `Sema+Diagnostics.swift` for the conventions.

// MARK: Vectors, unary operators, members, indexing

extension Diagnostic {
  /// `[mlp, 1]`: a vector entry that is not a number, vector or string.
  static func vectorEntry(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("a vector holds numbers, vectors or strings, found \(type)", at: span) }

  /// `[[1, 2], [3]]`: entries of different shapes.
  static func raggedVector(first: PType, entry index: Int, is type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("entries of a vector must have the same shape: entry 1 is \(first), entry \(index) is \(type)", at: span) }

  /// `not 3`.
  static func notNeedsBool(found type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("'not' needs a bool, found \(type)", at: span) }

  /// `-"a"`.
  static func cannotNegate(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("cannot negate \(type)", at: span) }

  /// `x.foo` with `x` a number or string.
  static func noMembers(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("\(type) has no members", at: span) }

  /// `run.los`: a member the base's type does not have.
  static func unknownMember(_ member: String, of type: PType, members: [String], at span: SourceSpan) -> Diagnostic {
    let category: String
    switch type {
    case .dataset: category = "a dataset"
    case .model: category = "a model"
    case .run: category = "a run"
    case .certificate: category = "a certificate"
    case .trace: category = "a trace"
    default: category = type.description
    }
    let hint = Suggestions.didYouMean(member, among: members)
    return .catalogError(
      "\(category) has no member '\(member)'\(hint) (members: \(members.sorted().joined(separator: ", ")))", at: span)
  }

  /// `v[1.5]`.
  static func indexNotInt(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("an index must be an int, found \(type)", at: span) }

  /// `3[0]`.
  static func notIndexable(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("\(type) cannot be indexed", at: span) }

  /// `v[0, 1]` with `v` a vector.
  static func tooManyIndices(_ type: PType, rank: Int, found count: Int, at span: SourceSpan) -> Diagnostic { .catalogError("\(type) takes at most \(rank) index\(rank == 1 ? "" : "es"), found \(count)", at: span) }

  /// `v[3]` with `v` of length 3.
  static func indexOutOfRange(_ index: Int, of type: PType, length: Int, at span: SourceSpan) -> Diagnostic { .catalogError("index \(index) is out of range for \(type) (indices run from 0 to \(length - 1))", at: span) }

  /// `"a"'`.
  static func cannotTranspose(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("transpose needs a matrix or vector, found \(type)", at: span) }
}

// MARK: Binary operators

extension Diagnostic {
  /// `1 and true`.
  static func logicNeedsBools(_ op: BinaryOperator, _ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("'\(op.rawValue)' needs bools, found \(left) and \(right)", at: span, notes: notes) }

  /// `v < w` with vectors, or `==` of different types.
  static func cannotCompare(_ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("cannot compare \(left) and \(right)", at: span, notes: notes) }

  /// `net + 1`: arithmetic on operands that are not numbers (or a trace and a vector).
  static func cannotApply(_ op: BinaryOperator, _ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("cannot \(op.verb) \(left) and \(right)", at: span, notes: notes) }

  /// `x + y` or `x * y` with shapes that differ.
  static func elementwiseShapes(_ op: BinaryOperator, _ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic {
    let what = op == .add || op == .subtract ? "cannot \(op.verb)" : "cannot \(op.verb) elementwise"
    return .catalogError("\(what) \(left) and \(right)", at: span, notes: notes)
  }

  /// `x ^ v` with `v` not a scalar.
  static func exponentNotScalar(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("the exponent of '^' must be a scalar, found \(type)", at: span) }

  /// `@` of operands that are not matrices or vectors.
  static func matmulOperands(_ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("'@' multiplies matrices and vectors; cannot multiply \(left) and \(right)", at: span, notes: notes) }

  /// `A @ v` with `inner != other`.
  static func matmulInner(_ left: PType, _ right: PType, inner: Dim, other: Dim, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("matrix product needs matching inner dimensions: \(left) @ \(right) (\(inner) != \(other))", at: span, notes: notes) }

  /// `⊗` of scalars or non-numbers.
  static func tensorProductOperands(_ left: PType, _ right: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("'⊗' needs vectors, matrices or tensors; cannot form the tensor product of \(left) and \(right)", at: span, notes: notes) }
}

extension BinaryOperator {
  /// The verb of an arithmetic operator in messages ("cannot add").
  var verb: String {
    switch self {
    case .add: return "add"
    case .subtract: return "subtract"
    case .multiply: return "multiply"
    case .divide: return "divide"
    case .power: return "raise"
    default: return rawValue
    }
  }
}
