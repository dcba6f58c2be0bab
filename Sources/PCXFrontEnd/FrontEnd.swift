import PCXSema
import PCXSource
import PCXSyntax

/// The front end as one call: lex, parse (with recovery), check, and collect every diagnostic.
public struct FrontEndResult: Sendable {
  /// The source that was checked.
  public let file: SourceFile
  /// The parse result (tokens, AST, incomplete flag).
  public let parse: ParseResult
  /// The typed program (checked even after syntax errors; broken statements are skipped).
  public let typed: TypedProgram
  /// Lexical, syntax and semantic diagnostics together.
  public let diagnostics: DiagnosticSet
}

/// Entry points shared by the CLI, the REPL and embedders.
public enum FrontEnd {
  /// Runs the whole front end on a source file.
  /// `overrides` are `--set name=value` for `let`s (see `Checker.check`).
  public static func check(
    _ file: SourceFile, catalog: Catalog, probe: any FileProbe = NoFileProbe(), overrides: [String: String] = [:]
  ) -> FrontEndResult {
    let parse = Parser.parse(file)
    let (typed, semantic) = Checker.check(parse.program, catalog: catalog, probe: probe, overrides: overrides)
    var all = parse.diagnostics
    all.formUnion(semantic)
    return FrontEndResult(file: file, parse: parse, typed: typed, diagnostics: all)
  }
}
