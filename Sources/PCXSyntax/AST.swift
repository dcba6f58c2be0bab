import PCXSource

/// A name as written, with its span.
public struct Identifier: Sendable, Hashable {
  /// The name.
  public let name: String
  /// Where it is written.
  public let span: SourceSpan
  /// Creates an identifier.
  public init(_ name: String, _ span: SourceSpan) {
    self.name = name
    self.span = span
  }
}

/// A parsed script: its statements in order.
public struct Program: Sendable {
  /// The file the program was parsed from.
  public let file: SourceFile
  /// The top-level statements (statements that failed to parse appear as `.invalid`).
  public let statements: [Stmt]
}

/// A statement with its span.
public struct Stmt: Sendable {
  /// What kind of statement.
  public let kind: StmtKind
  /// From its first to its last token.
  public let span: SourceSpan
  /// Creates a statement.
  public init(_ kind: StmtKind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// The keyword of a `keyword name = value` declaration.
public enum DeclKeyword: String, Sendable, CaseIterable {
  case `let`, data, model, loss, objective, train
}

/// The statements of SPEC §2.1.
public enum StmtKind: Sendable {
  /// `seed 42`
  case seed(Expr)
  /// `let n = 512`, `data D = ...`, `model net = ...`, `loss L = ...`, `objective f = ...`,
  /// `train run = ...`
  case binding(DeclKeyword, Identifier, Expr)
  /// `param w: vector[10] = zeros(10)`, `param u: vector[4] on sphere`
  case param(ParamDecl)
  /// `certify pl_star(L, on: run)` or `certify c = pl_star(...)`
  case certify(Identifier?, Expr)
  /// `sweep width in [64, 128] { ... }`
  case sweep(Identifier, Expr, [Stmt])
  /// `report run.loss, run.final_loss`
  case report([Expr])
  /// `plot run.loss to "loss.svg"`, `plot a vs b to "f.svg"`
  case plot(Expr, versus: Expr?, to: Expr)
  /// A statement that failed to parse; the name it declares, if that much was read, so the
  /// checker can silence errors that would only be consequences of the syntax error.
  case invalid(declares: Identifier?)
}

/// `param name: type [on manifold] [= initial]`.
public struct ParamDecl: Sendable {
  /// The parameter's name.
  public let name: Identifier
  /// Its declared type.
  public let type: TypeExpr
  /// The manifold after `on`, e.g. `sphere`.
  public let manifold: Identifier?
  /// The initial value after `=`.
  public let initial: Expr?
}

/// A written type: `real`, `vector[10]`, `matrix[m, n]`.
public struct TypeExpr: Sendable {
  /// The type's name.
  public let name: Identifier
  /// The dimensions in brackets (empty for scalars).
  public let dimensions: [Expr]
  /// The whole type.
  public let span: SourceSpan
}

/// An expression with its span. `depth` is the height of its tree, bounded by
/// `Limits.maxNestingDepth` so later recursive passes cannot overflow the stack.
public struct Expr: Sendable {
  /// What kind of expression.
  public let kind: ExprKind
  /// Where it is.
  public let span: SourceSpan
  /// Height of the expression tree (1 for a leaf).
  public let depth: Int

  /// Creates an expression, computing its depth from its children.
  public init(_ kind: ExprKind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
    self.depth = 1 + kind.childDepth
  }
}

/// Unary operators.
public enum UnaryOperator: String, Sendable {
  case negate = "-", not = "not"
}

/// Binary operators, spelled as in source (`⊗` also accepts the ASCII spelling `%o%`).
public enum BinaryOperator: String, Sendable, CaseIterable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
  case matmul = "@", tensor = "⊗"
  case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
  case and = "and", or = "or"

  /// True for `< <= > >= == !=`.
  public var isComparison: Bool {
    switch self {
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
    default: return false
    }
  }
}

/// A call argument: positional (`label == nil`) or named.
public struct Argument: Sendable {
  /// The name before `:`, if any.
  public let label: Identifier?
  /// The value.
  public let value: Expr
  /// The whole argument.
  public let span: SourceSpan
}

/// The expressions of SPEC §2.1.
public indirect enum ExprKind: Sendable {
  case integer(Int)
  case real(Double)
  case boolean(Bool)
  case string(String)
  case name(String)
  /// `[a, b, c]` (nested vectors are matrices)
  case vector([Expr])
  /// `(x, y)`
  case tuple([Expr])
  case unary(UnaryOperator, Expr)
  case binary(BinaryOperator, Expr, Expr)
  /// `f(a, b, name: value)`: only catalog entries are callable, so the callee is a name.
  case call(Identifier, [Argument])
  /// `run.loss`
  case member(Expr, Identifier)
  /// `v[0]`, `M[i, j]`
  case index(Expr, [Expr])
  /// `M'`
  case transpose(Expr)
  /// `run every 10` (in an argument: a run's iterates, every k-th)
  case every(Expr, Expr)

  /// The largest depth among the direct sub-expressions (0 for a leaf), without allocating.
  var childDepth: Int {
    switch self {
    case .integer, .real, .boolean, .string, .name: return 0
    case .vector(let items), .tuple(let items): return items.reduce(0) { max($0, $1.depth) }
    case .unary(_, let operand), .transpose(let operand), .member(let operand, _): return operand.depth
    case .binary(_, let left, let right), .every(let left, let right): return max(left.depth, right.depth)
    case .call(_, let arguments): return arguments.reduce(0) { max($0, $1.value.depth) }
    case .index(let base, let indices): return indices.reduce(base.depth) { max($0, $1.depth) }
    }
  }

  /// The direct sub-expressions.
  public var children: [Expr] {
    switch self {
    case .integer, .real, .boolean, .string, .name: return []
    case .vector(let items), .tuple(let items): return items
    case .unary(_, let operand), .transpose(let operand), .member(let operand, _): return [operand]
    case .binary(_, let left, let right), .every(let left, let right): return [left, right]
    case .call(_, let arguments): return arguments.map(\.value)
    case .index(let base, let indices): return [base] + indices
    }
  }
}
