import PCXFrontEnd
import PCXRuntime
import PCXSema
import PCXSource
import PCXSyntax

extension Session {
  /// The value of `expression` in the session, without changing the session (what a REPL
  /// prints for an expression on its own). Throws `PCXError` like `submit`, with line:col of
  /// the expression.
  public func evaluate(_ expression: String) async throws -> ReportedValue {
    let (file, checked, place) = try checkedReport(expression)
    let all = checked.typed.statements
    let fresh = Interpreter(program: checked.typed, source: file, options: configuration.runOptions,
                            isCancelled: cancellation.isCancelled)
    let reuse = interpreter.map { Transfer($0.value) }
    let (after, before) = try await execute(
      on: reuse ?? Transfer(fresh), replaying: reuse == nil ? Array(all.dropLast()) : [],
      then: all.suffix(1), file: file, place: place)
    let output = Output(after.value.experiment, since: before, declared: [], warnings: [])
    guard let value = output.values.last else {
      throw PCXError(.internalError, message: "the expression produced no value")
    }
    return value
  }

  /// The type of `expression` in the session (`real`, `vector[8]`, `model[8 -> 1]`), as the
  /// checker sees it; nothing runs.
  public func type(of expression: String) throws -> String {
    let (_, checked, _) = try checkedReport(expression)
    guard let last = checked.typed.statements.last, case .report(let values) = last.kind, let value = values.first else {
      throw PCXError(.internalError, message: "the expression was not checked")
    }
    return value.type.description
  }

  /// Checks `report expression` after the accepted source; diagnostics at the expression's
  /// own line:col.
  private func checkedReport(_ expression: String) throws -> (SourceFile, FrontEndResult, ChunkPlace) {
    let prefix = Self.text(entries)
    let file = SourceFile(name: ChunkPlace.sessionName, text: prefix + "report " + expression)
    let place = ChunkPlace(prefix: prefix, chunk: expression, fileName: fileName, firstLineShift: 7)
    let checker = ScriptChecker(configuration: configuration)
    let (checked, diagnostics) = checker.check(file)
    if diagnostics.containsError { throw place.error(.invalidScript, diagnostics) }
    return (file, checked, place)
  }

  /// True when `text` stops inside an open bracket or block or after a trailing operator, read
  /// as a statement or as an expression: a REPL reads a continuation line.
  public static func isIncomplete(_ text: String) -> Bool {
    let asIs = Parser.parse(SourceFile(name: "<repl>", text: text))
    if asIs.isIncomplete { return true }
    if asIs.diagnostics.containsError, startsLikeExpression(text) {
      return Parser.parse(SourceFile(name: "<repl>", text: "report " + text)).isIncomplete
    }
    return false
  }

  /// True when `text` is an expression on its own (`run.final_loss`, `2 * n`), not a statement.
  public static func isExpression(_ text: String) -> Bool {
    guard startsLikeExpression(text) else { return false }
    let asStatement = Parser.parse(SourceFile(name: "<repl>", text: text))
    guard asStatement.diagnostics.containsError else { return false }
    return !Parser.parse(SourceFile(name: "<repl>", text: "report " + text)).diagnostics.containsError
  }

  /// The statement words of the language (SPEC §2.1), for completion.
  public static let keywords = [
    "seed", "let", "param", "data", "model", "loss", "objective", "train", "certify", "sweep", "report", "plot",
    "in", "on", "to", "vs", "every", "true", "false", "and", "or", "not",
  ]

  /// Not blank and not a comment.
  private static func startsLikeExpression(_ text: String) -> Bool {
    let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
    return !trimmed.isEmpty && !trimmed.hasPrefix("#")
  }
}

extension PCXInterpreter {
  /// The named parameters of the catalog function `name` (`gd` -> `lr`, `steps`, ...), for
  /// completing `name(...,`; every overload's, without repeats, in signature order.
  public static func argumentNames(of name: String) -> [String] {
    var seen = Set<String>()
    return Registry.catalog.entries(named: name).flatMap { $0.parameters.map(\.name) }.filter { seen.insert($0).inserted }
  }
}

extension Session {
  /// The session as a script `pcx run` reproduces: the seed first (`seed 0` when none was
  /// given, the configuration's when it overrides), then every accepted statement in order.
  public var script: String {
    let seedLine = configuration.seed.map { "seed \($0)" } ?? entries.first(where: \.isSeed)?.text ?? "seed 0"
    return seedLine + "\n" + Self.text(entries.filter { !$0.isSeed })
  }

  /// Each accepted statement, summarised (`model net`, or its first line), in order.
  public var statementSummaries: [String] { entries.map(\.summary) }
}
