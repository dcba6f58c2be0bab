import PCXSource
import PCXSyntax

/// What a declared name is.
public enum SymbolKind: String, Sendable, Hashable {
  case `let`, param, data, model, loss, objective, train, certificate, sweepVariable = "sweep variable"
}

/// A checked program: a tree separate from the AST, every expression with its type, every call
/// resolved to its catalog entry with arguments in signature order.
public struct TypedProgram: Sendable {
  /// The script's root seed (SPEC 2.3: 0 when absent).
  public let seed: Int
  /// The checked statements.
  public let statements: [TStmt]
}

/// A checked statement.
public struct TStmt: Sendable {
  /// What kind.
  public let kind: TStmtKind
  /// The source statement's span.
  public let span: SourceSpan
}

/// Checked statements.
public enum TStmtKind: Sendable {
  case seed(Int)
  /// `let/data/model/loss/objective/train name = value` with the value's type.
  case declaration(SymbolKind, name: String, value: TExpr)
  /// A param, its declared type, manifold and initial value.
  case param(name: String, type: PType, manifold: String?, initial: TExpr?)
  case certify(name: String?, value: TExpr)
  /// A sweep: its values and the body checked once per value.
  case sweep(variable: String, values: [ConstValue], bodies: [[TStmt]])
  case report([TExpr])
  case plot(TExpr, versus: TExpr?, path: String)
}

/// A checked expression: kind, type, span, and its value when known at check time.
public struct TExpr: Sendable {
  /// What kind.
  public let kind: TExprKind
  /// Its type.
  public let type: PType
  /// Where it is.
  public let span: SourceSpan
  /// Its value, when known at check time.
  public let constant: ConstValue?

  /// Creates a typed expression.
  public init(_ kind: TExprKind, _ type: PType, _ span: SourceSpan, constant: ConstValue? = nil) {
    self.kind = kind
    self.type = type
    self.span = span
    self.constant = constant
  }
}

/// A resolved call argument: the parameter's name and its value — the script's, or the catalog's
/// default filled in by the checker (`isDefault`). The value is nil only for a parameter whose
/// default is contextual (`on:` "the run that trains it"), which the entry resolves itself.
public struct TArgument: Sendable {
  /// The parameter's name in the signature.
  public let name: String
  /// The checked value, nil for a contextual default.
  public let value: TExpr?
  /// True when the value is the catalog's default, not written in the script.
  public let isDefault: Bool

  /// An argument.
  public init(name: String, value: TExpr?, isDefault: Bool = false) {
    self.name = name
    self.value = value
    self.isDefault = isDefault
  }
}

/// Checked expression kinds.
public indirect enum TExprKind: Sendable {
  case literal(ConstValue)
  /// A declared name.
  case reference(String, SymbolKind)
  /// An enumerator such as `tanh`, `ntk`, `auto`, `sphere`, `random`.
  case choice(String)
  /// A run metric in a stop rule (`loss`, `grad_norm`, `step`, `time`) or the row `x` in a
  /// label expression.
  case implicit(String)
  case vector([TExpr])
  case tuple([TExpr])
  case unary(UnaryOperator, TExpr)
  case binary(BinaryOperator, TExpr, TExpr)
  /// A catalog call with every parameter in signature order.
  case call(name: String, kind: EntryKind, arguments: [TArgument])
  case member(TExpr, String)
  case index(TExpr, [TExpr])
  case transpose(TExpr)
  case every(TExpr, TExpr)
  /// An expression that failed to check (its error is already reported).
  case invalid
}
