import PCXSource
import PCXSyntax

// The catalog of the checker's errors, one factory per error, each making the whole message
// (lowercase, no final period, naming what was expected) with its span and notes, as stanc3's
// `Semantic_error` does. The checker never spells a message itself. This file: declarations,
// statements, names and the notes they share; calls and catalog rules are in
// `Sema+CallDiagnostics.swift`, expressions and shapes in `Sema+ShapeDiagnostics.swift`.
// `docs/language.md` §6.2 shows each with a script from the corpus.

// MARK: Declarations and statements

extension Diagnostic {
  /// A name declared twice in one scope.
  static func duplicateDeclaration(_ name: String, at span: SourceSpan, first: SourceSpan) -> Diagnostic { .catalogError("duplicate declaration of '\(name)'", at: span, notes: [Note("'\(name)' is first declared here", at: first)]) }

  /// `seed 1.5`, `seed -1`, `seed n` with `n` unknown.
  static func seedNotConstant(found type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("seed must be a non-negative integer constant, found \(type)", at: span) }

  /// A second `seed` statement.
  static func seedAlreadySet(at span: SourceSpan, first: SourceSpan) -> Diagnostic { .catalogError("the seed is already set", at: span, notes: [Note("first set here", at: first)]) }

  /// `param w: vector[3] on spher`.
  static func unknownManifold(_ name: String, at span: SourceSpan) -> Diagnostic {
    let hint = Suggestions.didYouMean(name, among: ["sphere"])
    return .catalogError("unknown manifold '\(name)'\(hint) (the manifold pcx knows is 'sphere')", at: span)
  }

  /// `param m: matrix[2, 2] on sphere`.
  static func sphereNeedsVector(_ param: String, type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("only a vector param can live on the sphere; '\(param)' is \(type)", at: span) }

  /// `param x: real = "one"`.
  static func initialNotNumeric(_ param: String, found type: PType, at span: SourceSpan, declared: PType, typeSpan: SourceSpan) -> Diagnostic { .catalogError("initial value of param '\(param)' must be numeric, found \(type)", at: span, notes: [.declaredAs(param, declared, at: typeSpan)]) }

  /// `param w: vector[3] = zeros(4)`.
  static func initialShape(_ param: String, declared: PType, found type: PType, at span: SourceSpan, typeSpan: SourceSpan) -> Diagnostic { .catalogError("param '\(param)' is declared \(declared) but its initial value is \(type)", at: span, notes: [.declaredAs(param, declared, at: typeSpan)]) }

  /// `param n: int`: params are trained, so they are real.
  static func paramNotReal(_ typeName: String, at span: SourceSpan) -> Diagnostic { .catalogError("a param is trained, so its type is real, vector[n], matrix[m, n] or tensor[...], not \(typeName)", at: span) }

  /// `param w: vectr[3]`.
  static func unknownType(_ name: String, among names: [String], at span: SourceSpan) -> Diagnostic { .catalogError("unknown type '\(name)'\(Suggestions.didYouMean(name, among: names))", at: span) }

  /// `vector[2, 3]`: a rank-`rank` type given `count` dimensions.
  static func dimensionCount(_ name: String, rank: Int, found count: Int, at span: SourceSpan) -> Diagnostic {
    let form = rank == 0 ? "real" : rank == 1 ? "vector[n]" : "matrix[m, n]"
    return .catalogError("\(name) takes \(rank) dimension\(rank == 1 ? "" : "s") (\(form)), found \(count)", at: span)
  }

  /// `tensor` without its dimensions.
  static func tensorNeedsDimensions(at span: SourceSpan) -> Diagnostic { .catalogError("tensor needs its dimensions, as in tensor[4, 4, 4]", at: span) }

  /// `vector[n]` with `n` not a known positive integer.
  static func dimensionNotConstant(found: String, at span: SourceSpan) -> Diagnostic { .catalogError("a dimension must be a positive integer constant, found \(found)", at: span) }

  /// `plot r.loss to 3`.
  static func plotNeedsFileName(at span: SourceSpan) -> Diagnostic { .catalogError("plot needs a file name string after 'to', as in to \"loss.svg\"", at: span) }

  /// `plot r.loss to "loss.png"`.
  static func plotNotSVG(_ file: String, at span: SourceSpan) -> Diagnostic { .catalogError("plot writes SVG, so the file name must end in .svg (found \"\(file)\")", at: span) }

  /// `plot c vs x to ...` with `c` a certificate.
  static func certificatePlottedWithVs(at span: SourceSpan) -> Diagnostic { .catalogError("a certificate is plotted alone, as in plot c to \"region.svg\" (its region over a grid), not with 'vs'", at: span) }

  /// `plot net to ...`.
  static func notPlottable(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("plot draws traces, vectors and certificates (their region over a grid), found \(type)", at: span) }

  /// `let D = gaussian(...)`-like values that are not numbers or strings.
  static func letNotValue(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("'let' binds numbers, vectors, matrices and strings; this is \(type) (use data, model, loss, train or certify)", at: span) }

  /// `objective f = x` with `x` a vector.
  static func objectiveNotScalar(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("an objective must be a scalar, but this expression is \(type)", at: span) }

  /// `objective f = 3`.
  static func objectiveWithoutParams(_ name: String, at span: SourceSpan) -> Diagnostic { .catalogError("objective '\(name)' does not depend on any param; declare one, as in 'param x: real = 1.0'", at: span) }

  /// `loss L = 3`: the keyword wants a catalog value of `kind`.
  static func declarationKind(_ keyword: String, needs kind: EntryKind, found type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("'\(keyword)' needs \(kind.phrase) such as \(kind.exampleCall), found \(type)", at: span) }

  /// `sweep w in n { ... }`.
  static func sweepValuesNotConstant(at span: SourceSpan) -> Diagnostic { .catalogError("sweep values must be a non-empty list of constants, as in [64, 128, 256]", at: span) }
}

// MARK: Names

extension Diagnostic {
  /// A name nothing declares.
  static func unknownName(_ name: String, among candidates: [String], at span: SourceSpan) -> Diagnostic { .catalogError("unknown name '\(name)'\(Suggestions.didYouMean(name, among: candidates))", at: span) }

  /// An unknown name in `stop:`, which tests run metrics.
  static func unknownStopMetric(_ name: String, among candidates: [String], at span: SourceSpan) -> Diagnostic {
    let hint = Suggestions.didYouMean(name, among: candidates)
    return .catalogError(
      "unknown name '\(name)' in a stop rule\(hint) (a stop rule tests loss, grad_norm, step, time or distance)", at: span)
  }

  /// `let m = mlp`: a catalog function used as a value.
  static func catalogNameAsValue(_ name: String, at span: SourceSpan) -> Diagnostic { .catalogError("'\(name)' is a catalog function; call it, as in \(name)(...)", at: span) }

  /// A param where a constant is needed (`let n = x`, `vector[x]`).
  static func paramInConstant(_ name: String, at span: SourceSpan, declared: SourceSpan) -> Diagnostic { .catalogError("'\(name)' is a param, so it cannot fix a constant; use 'objective' for expressions of params", at: span, notes: [.declaredHere(name, at: declared)]) }

  /// `every` anywhere but an `on:` argument.
  static func everyOutsideOn(at span: SourceSpan) -> Diagnostic { .catalogError("'every' selects iterates of a run in 'on:', as in on: run every 10", at: span) }
}

// MARK: Notes and origins

extension Note {
  /// Points at a name's declaration.
  static func declaredHere(_ name: String, at span: SourceSpan) -> Note { Note("'\(name)' is declared here", at: span) }

  /// Points at a param's declared type.
  static func declaredAs(_ name: String, _ type: PType, at span: SourceSpan) -> Note { Note("'\(name)' is declared \(type) here", at: span) }

  /// Points at a referenced name's declaration, saying its type.
  static func declaredType(_ name: String, _ type: PType, at span: SourceSpan) -> Note { Note("'\(name)' is \(type), declared here", at: span) }

  /// Points at where a referenced name's shape was fixed.
  static func shapeOrigin(_ name: String, _ origin: Origin) -> Note { Note("'\(name)' is \(origin.text) here", at: origin.span) }

  /// Names the sweep values for which a message inside the sweep body holds.
  static func sweepValues(_ variable: String, _ values: [ConstValue]) -> Note { Note("when \(variable) = \(values.map(\.description).joined(separator: ", "))") }
}

extension Origin {
  /// A param's shape, fixed by its declared type.
  static func declared(_ type: PType, at span: SourceSpan) -> Origin { Origin(text: "declared as \(type)", span: span) }

  /// A size fixed by a call argument (`d: 8`).
  static func argument(_ name: String, _ value: ConstValue?, at span: SourceSpan) -> Origin { Origin(text: "fixed by '\(name): \(value?.description ?? "...")'", span: span) }

  /// A feature count read from a CSV header.
  static func csvColumns(_ path: String, _ count: Int, at span: SourceSpan) -> Origin { Origin(text: "from \"\(path)\": \(count) columns minus the label", span: span) }

  /// A feature count read from an `.npy` header.
  static func npyShape(_ path: String, rows: Int, columns: Int, at span: SourceSpan) -> Origin { Origin(text: "from \"\(path)\" of shape (\(rows), \(columns))", span: span) }
}

extension EntryKind {
  /// A call of this kind, for "such as ..." in messages.
  var exampleCall: String {
    switch self {
    case .data: return "gaussian(n: 512, d: 64) or csv(\"train.csv\", label: \"y\")"
    case .model: return "mlp(in: 8, hidden: [16], out: 1)"
    case .loss: return "mse(net, D) (use 'objective' for an expression of params)"
    case .optimizer: return "gd(L, lr: 0.1, steps: 100)"
    case .certificate: return "pl_star(L, on: run)"
    case .labels: return "teacher(net)"
    case .set: return "points([p1, p2])"
    case .builtin: return "zeros(3)"
    }
  }
}
