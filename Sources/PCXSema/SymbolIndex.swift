import PCXSource
import PCXSyntax

/// A read-only index of a checked script's names, for editors: every declaration with its
/// types, and every identifier occurrence with its role (a reference to which declaration, a
/// catalog call, a named argument, a member, an enumerator). Built by walking the AST with the
/// checker's scope rules (a value is checked before its name is declared; a sweep body is a
/// scope; a name visible anywhere outside cannot be declared again), and the typed program for
/// types and for the names the checker read as enumerators or implicit names (`tanh`, `loss` in
/// a stop rule), so an expression that failed to check still has its references.
public struct SymbolIndex: Sendable {
  /// A declared name.
  public struct Declaration: Sendable {
    /// The name.
    public let name: String
    /// What declares it.
    public let kind: SymbolKind
    /// Where the name is written.
    public let nameSpan: SourceSpan
    /// The declaring statement (the whole sweep for a sweep variable).
    public let statementSpan: SourceSpan
    /// The value's type per checked copy: one, or one per sweep value inside a sweep body;
    /// empty when the statement did not check.
    public let types: [PType]
    /// The value when known at check time (a `let` of a literal, a sweep's values).
    public let constants: [ConstValue]
    /// The catalog entry the value calls (`mlp` for `model net = mlp(...)`), if any.
    public let entry: String?
    /// The byte range where the name can be used (after its statement, to the end of its scope).
    public let visibleRange: Range<Int>
    /// True when the name comes from a statement that failed to parse.
    public let isPartial: Bool
    /// True for a second declaration of a visible name (an error): references go to the first.
    public let isDuplicate: Bool
  }

  /// What an identifier is.
  public enum Role: Sendable, Hashable {
    /// The name of declaration `n`.
    case declaration(Int)
    /// A use of declaration `n`.
    case reference(Int)
    /// A catalog function being called.
    case callee
    /// A named argument's label; `callee` is the function it belongs to.
    case argumentLabel(callee: String)
    /// A member after `.`, with its type when it checked.
    case member(PType?)
    /// An enumerator such as `tanh`, `ntk`, `auto`, `sphere`; `callee` and `label` say where.
    case choice(callee: String?, label: String?)
    /// A run metric in a stop rule or the row `x` in a label expression.
    case implicit(PType?)
    /// A statement's keyword (`let`, `certify`, ...).
    case keyword
    /// A param's written type (`vector`, `matrix`).
    case typeName
    /// A name that resolves to nothing (the checker reports it).
    case unresolved
  }

  /// One identifier in the source with its role.
  public struct Occurrence: Sendable {
    /// Where it is.
    public let span: SourceSpan
    /// What it is.
    public let role: Role
  }

  /// Every declaration, in source order.
  public let declarations: [Declaration]
  /// Every identifier occurrence the index knows, in source order.
  public let occurrences: [Occurrence]

  /// Indexes a parsed program and its typed form (which may be partial after errors).
  public static func build(_ program: Program, typed: TypedProgram) -> SymbolIndex {
    var facts = TypedFacts()
    facts.collect(typed.statements)
    var builder = SymbolIndexBuilder(facts: facts, file: program.file)
    builder.walk(program.statements, scopeEnd: program.file.bytes.count + 1)  // + 1: a cursor at the very end
    var occurrences = builder.occurrences  // recorded in source order; sorted only if not
    if zip(occurrences, occurrences.dropFirst()).contains(where: { $0.span.start > $1.span.start }) {
      occurrences.sort { $0.span.start < $1.span.start }
    }
    return SymbolIndex(declarations: builder.declarations, occurrences: occurrences)
  }

  /// The occurrence whose span contains `offset` (its end included, so a cursor just after a
  /// name finds it).
  public func occurrence(at offset: Int) -> Occurrence? {
    var low = 0
    var high = occurrences.count
    while low < high {  // first occurrence starting after offset
      let mid = (low + high) / 2
      if occurrences[mid].span.start <= offset { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    let candidate = occurrences[low - 1]
    return offset <= candidate.span.end ? candidate : nil
  }

  /// The declaration an occurrence names or uses, if any.
  public func declarationIndex(of occurrence: Occurrence) -> Int? {
    switch occurrence.role {
    case .declaration(let index), .reference(let index): return index
    default: return nil
    }
  }

  /// The name and every use of declaration `index`, in source order.
  public func occurrences(of index: Int) -> [Occurrence] {
    occurrences.filter { declarationIndex(of: $0) == index }
  }

  /// The declarations that can be used at `offset` (declared earlier, in an enclosing scope).
  public func visible(at offset: Int) -> [Declaration] {
    declarations.filter { !$0.isDuplicate && $0.visibleRange.contains(offset) }
  }

  /// The run metrics a `stop:` rule may test (for completion).
  public static var stopRuleMetrics: [String] { stopMetrics.keys.sorted() }
}

/// What the typed program says about spans: each statement's declared types, and which names
/// the checker read as enumerators or implicit names. Only these small values are kept, not the
/// typed trees.
struct TypedFacts {
  /// What a checked statement declares: its value's type and constant, a param's type, or a
  /// sweep's values.
  enum Declared {
    case value(PType, ConstValue?)
    case param(PType)
    case sweep([ConstValue])
    case none
  }

  /// Per statement span, one entry per checked copy (a sweep body is checked once per value).
  var statements: [SpanKey: [Declared]] = [:]
  /// Names the checker took as enumerators, by span.
  var choices: Set<SpanKey> = []
  /// Names the checker took as run metrics or the row `x`, with their types.
  var implicits: [SpanKey: PType] = [:]
  /// Member expressions' types by the end of the expression (where the member name ends).
  var memberTypes: [Int: PType] = [:]

  mutating func collect(_ list: [TStmt]) {
    for statement in list {
      var declared = Declared.none
      switch statement.kind {
      case .seed: break
      case .declaration(_, _, let value):
        declared = .value(value.type, value.constant)
        collect(value)
      case .certify(_, let value):
        declared = .value(.certificate, nil)
        collect(value)
      case .param(_, let type, _, let initial):
        declared = .param(type)
        if let initial { collect(initial) }
      case .sweep(_, let values, let bodies):
        declared = .sweep(values)
        bodies.forEach { collect($0) }
      case .report(let values): values.forEach { collect($0) }
      case .plot(let y, let x, _):
        collect(y)
        if let x { collect(x) }
      }
      statements[SpanKey(statement.span), default: []].append(declared)
    }
  }

  mutating func collect(_ expr: TExpr) {
    switch expr.kind {
    case .choice: choices.insert(SpanKey(expr.span))
    case .implicit: implicits[SpanKey(expr.span)] = expr.type
    case .member(let base, _):
      memberTypes[expr.span.end] = expr.type
      collect(base)
    case .vector(let items), .tuple(let items): items.forEach { collect($0) }
    case .unary(_, let operand), .transpose(let operand): collect(operand)
    case .binary(_, let a, let b), .every(let a, let b):
      collect(a)
      collect(b)
    case .call(_, _, let arguments): arguments.forEach { if let value = $0.value { collect(value) } }
    case .index(let base, let indices):
      collect(base)
      indices.forEach { collect($0) }
    case .literal, .reference, .invalid: break
    }
  }
}

/// A span's byte range, as a dictionary key (spans of one file).
struct SpanKey: Hashable {
  let start: Int
  let end: Int
  init(_ span: SourceSpan) {
    start = span.start
    end = span.end
  }
}
