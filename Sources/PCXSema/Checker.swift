import PCXSource
import PCXSyntax

/// Where a dimension or value was fixed, for notes.
struct Origin: Sendable {
  let text: String
  let span: SourceSpan
}

/// A declared name and what the checker knows about it.
struct Symbol: Sendable {
  let name: String
  let kind: SymbolKind
  let type: PType
  /// The span of the declaring statement's name (or type for params).
  let span: SourceSpan
  var constant: ConstValue? = nil
  /// The catalog entry that made it (`mlp`, `csv`), for messages.
  var entry: String? = nil
  /// Where its dimensions were fixed: "d" (features or model input), "k", "p".
  var origins: [String: Origin] = [:]
  /// For objectives: the params it depends on, in declaration order.
  var params: [String] = []
  /// For losses: built on data (SGD can sample it).
  var isDataLoss = false
  /// For params: the manifold after `on`.
  var manifold: String? = nil
}

/// The type and shape checker: AST -> typed program plus diagnostics. It never stops at the
/// first error: each statement is checked, and names of broken statements are poisoned
/// (`PType.error`) so their consequences are not reported again.
public struct Checker {
  var scopes: [[String: Symbol]] = [[:]]
  /// Each param's position in declaration order (objectives list the ones they use in this order).
  var paramIndex: [String: Int] = [:]
  var diagnostics = DiagnosticSet()
  var errorCount = 0
  var seed: (value: Int, span: SourceSpan)?
  /// Params referenced while checking the current objective expression.
  var usedParams: Set<String> = []
  /// The name the current declaration binds (for symbolic dimensions such as `D.n`).
  var declaring = ""
  /// Facts the current call's rule wants recorded on the declared symbol.
  var pendingFacts = Symbol(name: "", kind: .let, type: .error, span: SourceSpan(file: "", start: 0, end: 0, line: 1, column: 1))
  /// The feature count of the dataset whose arguments are being checked (for `labels: sin(x[0])`).
  var pendingDataWidth: Dim?
  let probe: any FileProbe
  /// The catalog calls are resolved against.
  let catalog: Catalog
  /// `--set` values by `let` name.
  var overrides: [String: String] = [:]

  /// Checks a parsed program. `probe` reads file headers for shapes (pass `NoFileProbe()` to
  /// keep file shapes symbolic).
  /// `overrides` are `pcx run --set name=value`: a `let` of that name takes the value (a number
  /// for numeric lets, the text for string lets) before anything folds it into a constant, so
  /// sizes and step counts that depend on it see the new value.
  public static func check(
    _ program: Program, catalog: Catalog, probe: any FileProbe = NoFileProbe(), overrides: [String: String] = [:]
  ) -> (TypedProgram, DiagnosticSet) {
    var checker = Checker(probe: probe, catalog: catalog)
    checker.overrides = overrides
    let statements = checker.checkBlock(program.statements)
    return (TypedProgram(seed: checker.seed?.value ?? 0, statements: statements), checker.diagnostics)
  }

  init(probe: any FileProbe, catalog: Catalog) {
    self.probe = probe
    self.catalog = catalog
  }

  // MARK: Diagnostics and scopes

  mutating func error(_ message: String, at span: SourceSpan, notes: [Note] = []) {
    errorCount += 1
    if errorCount <= Limits.maxErrors { diagnostics.insert(.error(message, at: span, notes: notes)) }
  }

  func lookup(_ name: String) -> Symbol? {
    for scope in scopes.reversed() { if let symbol = scope[name] { return symbol } }
    return nil
  }

  var visibleNames: [String] { scopes.flatMap(\.keys) }

  /// Declares a name, reporting a duplicate (with a note at the first declaration).
  mutating func declare(_ symbol: Symbol) {
    if let previous = lookup(symbol.name) {
      if previous.type != .error {
        error("duplicate declaration of '\(symbol.name)'", at: symbol.span,
          notes: [Note("'\(symbol.name)' is first declared here", at: previous.span)])
      }
      return
    }
    scopes[scopes.count - 1][symbol.name] = symbol
    if symbol.kind == .param { paramIndex[symbol.name] = paramIndex.count }
  }

  // MARK: Statements

  mutating func checkBlock(_ statements: [Stmt]) -> [TStmt] {
    statements.compactMap { checkStatement($0) }
  }

  mutating func checkStatement(_ statement: Stmt) -> TStmt? {
    let span = statement.span
    switch statement.kind {
    case .seed(let value): return checkSeed(value, span)
    case .binding(let keyword, let name, let value): return checkBinding(keyword, name, value, span)
    case .param(let param): return checkParam(param, span)
    case .certify(let name, let value):
      declaring = name?.name ?? "certificate"
      let typed = checkDeclaredCall(value, expected: .certificate, keyword: "certify")
      if let name {
        declare(Symbol(name: name.name, kind: .certificate, type: typed.type == .error ? .error : .certificate, span: name.span))
      }
      return TStmt(kind: .certify(name: name?.name, value: typed), span: span)
    case .sweep(let variable, let values, let body): return checkSweep(variable, values, body, span)
    case .report(let values):
      return TStmt(kind: .report(values.map { checkExpr($0, .value) }), span: span)
    case .plot(let y, let x, let path): return checkPlot(y, x, path, span)
    case .invalid(let name):
      if let name, lookup(name.name) == nil {
        scopes[scopes.count - 1][name.name] = Symbol(name: name.name, kind: .let, type: .error, span: name.span)
      }
      return nil
    }
  }

  private mutating func checkSeed(_ value: Expr, _ span: SourceSpan) -> TStmt? {
    let typed = checkExpr(value, .letValue)
    guard let seedValue = typed.constant?.intValue, seedValue >= 0 else {
      if typed.type != .error { error("seed must be a non-negative integer constant, found \(typed.type)", at: value.span) }
      return nil
    }
    if let previous = seed {
      error("the seed is already set", at: span, notes: [Note("first set here", at: previous.span)])
      return nil
    }
    seed = (seedValue, span)
    return TStmt(kind: .seed(seedValue), span: span)
  }

  private mutating func checkParam(_ param: ParamDecl, _ span: SourceSpan) -> TStmt? {
    let type = resolveParamType(param.type)
    var manifold: String?
    if let space = param.manifold {
      if space.name != "sphere" {
        error("unknown manifold '\(space.name)'\(Suggestions.didYouMean(space.name, among: ["sphere"])) (the manifold pcx knows is 'sphere')", at: space.span)
      } else if case .vector = type {
        manifold = space.name
      } else if type != .error {
        error("only a vector param can live on the sphere; '\(param.name.name)' is \(type)", at: space.span)
      }
    }
    var initial: TExpr?
    if let value = param.initial {
      let typed = checkExpr(value, .value)
      initial = typed
      checkInitial(param, declared: type, initial: typed)
    }
    var symbol = Symbol(name: param.name.name, kind: .param, type: type, span: param.name.span)
    symbol.manifold = manifold
    symbol.origins["shape"] = Origin(text: "declared as \(type)", span: param.type.span)
    declare(symbol)
    return TStmt(kind: .param(name: param.name.name, type: type, manifold: manifold, initial: initial), span: span)
  }

  private mutating func checkInitial(_ param: ParamDecl, declared: PType, initial: TExpr) {
    guard declared != .error, initial.type != .error else { return }
    let note = Note("'\(param.name.name)' is declared \(declared) here", at: param.type.span)
    guard let shape = initial.type.shape, let want = declared.shape else {
      error("initial value of param '\(param.name.name)' must be numeric, found \(initial.type)", at: initial.span, notes: [note])
      return
    }
    if shape.count != want.count || zip(shape, want).contains(where: { !$0.compatible(with: $1) }) {
      error("param '\(param.name.name)' is declared \(declared) but its initial value is \(initial.type)", at: initial.span, notes: [note])
    }
  }

  /// The type of a param from its written type: real, vector[n], matrix[m, n], tensor[...].
  private mutating func resolveParamType(_ written: TypeExpr) -> PType {
    let name = written.name.name
    let ranks = ["real": 0, "vector": 1, "matrix": 2, "tensor": -1]
    guard let rank = ranks[name] else {
      if ["int", "bool", "string"].contains(name) {
        error("a param is trained, so its type is real, vector[n], matrix[m, n] or tensor[...], not \(name)", at: written.name.span)
      } else {
        let all = ["real", "vector", "matrix", "tensor", "int", "bool", "string"]
        error("unknown type '\(name)'\(Suggestions.didYouMean(name, among: all))", at: written.name.span)
      }
      return .error
    }
    if rank >= 0, written.dimensions.count != rank {
      let form = rank == 0 ? "real" : rank == 1 ? "vector[n]" : "matrix[m, n]"
      error("\(name) takes \(rank) dimension\(rank == 1 ? "" : "s") (\(form)), found \(written.dimensions.count)", at: written.span)
      return .error
    }
    if rank < 0, written.dimensions.isEmpty {
      error("tensor needs its dimensions, as in tensor[4, 4, 4]", at: written.span)
      return .error
    }
    var dims: [Dim] = []
    for expr in written.dimensions {
      let typed = checkExpr(expr, .letValue)
      guard typed.type != .error else { return .error }
      guard let n = typed.constant?.intValue, n > 0 else {
        error("a dimension must be a positive integer constant, found \(typed.constant?.description ?? typed.type.description)", at: expr.span)
        return .error
      }
      dims.append(.known(n))
    }
    return PType.numeric(dims)
  }

  private mutating func checkPlot(_ y: Expr, _ x: Expr?, _ path: Expr, _ span: SourceSpan) -> TStmt? {
    let typedY = checkPlotted(y, alone: x == nil)
    let typedX = x.map { checkPlotted($0, alone: false) }
    let typedPath = checkExpr(path, .value)
    guard case .string(let file)? = typedPath.constant else {
      if typedPath.type != .error { error("plot needs a file name string after 'to', as in to \"loss.svg\"", at: path.span) }
      return nil
    }
    if !file.hasSuffix(".svg") {
      error("plot writes SVG, so the file name must end in .svg (found \"\(file)\")", at: path.span)
    }
    return TStmt(kind: .plot(typedY, versus: typedX, path: file), span: span)
  }

  /// A plotted value: a trace, vector or number, or (drawn alone, `plot c to "c.svg"`) a
  /// certificate, whose region over a grid the runtime draws (001 Figure 1).
  private mutating func checkPlotted(_ expr: Expr, alone: Bool) -> TExpr {
    let typed = checkExpr(expr, .value)
    switch typed.type {
    case .trace, .vector, .real, .int, .error: break
    case .certificate where alone: break
    case .certificate: error("a certificate is plotted alone, as in plot c to \"region.svg\" (its region over a grid), not with 'vs'", at: expr.span)
    default: error("plot draws traces, vectors and certificates (their region over a grid), found \(typed.type)", at: expr.span)
    }
    return typed
  }
}
