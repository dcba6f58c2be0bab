import PCXSema
import PCXSource
import PCXSyntax

/// Go to definition, find references and rename, on the symbol index.
enum Navigation {
  /// The declaration of the name at a position.
  static func definition(_ analysis: Analysis, at position: LSPPosition) -> Location? {
    guard let index = declarationIndex(analysis, at: position) else { return nil }
    let declaration = analysis.index.declarations[index]
    return Location(uri: analysis.uri, range: analysis.lines.range(of: declaration.nameSpan))
  }

  /// Every use of the name at a position (and its declaration when asked).
  static func references(_ analysis: Analysis, at position: LSPPosition, includeDeclaration: Bool) -> [Location] {
    guard let index = declarationIndex(analysis, at: position) else { return [] }
    return analysis.index.occurrences(of: index).filter { occurrence in
      if case .declaration = occurrence.role { return includeDeclaration }
      return true
    }.map { Location(uri: analysis.uri, range: analysis.lines.range(of: $0.span)) }
  }

  /// The range and current text of a renameable name at a position, or why it is not one.
  static func prepareRename(_ analysis: Analysis, at position: LSPPosition) -> Result<PrepareRenameResult, ResponseError> {
    guard let occurrence = analysis.occurrence(at: position), let index = analysis.index.declarationIndex(of: occurrence) else {
      return .failure(.requestFailed("only names declared in this script (let, param, data, model, loss, objective, train, certify, sweep) can be renamed"))
    }
    return .success(PrepareRenameResult(range: analysis.lines.range(of: occurrence.span),
                                        placeholder: analysis.index.declarations[index].name))
  }

  /// The edits renaming the declared name at a position and all its uses.
  static func rename(_ analysis: Analysis, at position: LSPPosition, to newName: String) -> Result<WorkspaceEdit, ResponseError> {
    guard let index = declarationIndex(analysis, at: position) else {
      return .failure(.requestFailed("only names declared in this script can be renamed"))
    }
    let declaration = analysis.index.declarations[index]
    if let problem = invalidName(newName) { return .failure(.requestFailed(problem)) }
    if newName != declaration.name, let clash = clash(newName, with: declaration, in: analysis.index) {
      return .failure(.requestFailed("'\(newName)' is already declared on line \(clash.nameSpan.line), where '\(declaration.name)' is visible"))
    }
    let edits = analysis.index.occurrences(of: index).map {
      TextEdit(range: analysis.lines.range(of: $0.span), newText: newName)
    }
    return .success(WorkspaceEdit(changes: [analysis.uri: edits]))
  }

  private static func declarationIndex(_ analysis: Analysis, at position: LSPPosition) -> Int? {
    analysis.occurrence(at: position).flatMap { analysis.index.declarationIndex(of: $0) }
  }

  /// Why a text cannot be a declared name, or nil when it can: a name is letters, digits and
  /// `_`, not starting with a digit, and not a word the parser reads as a keyword.
  static func invalidName(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    let letter: (UInt8) -> Bool = { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F }
    guard let first = bytes.first, letter(first), bytes.allSatisfy({ letter($0) || ($0 >= 0x30 && $0 <= 0x39) }) else {
      return "'\(name)' is not a name: use letters, digits and '_', starting with a letter or '_'"
    }
    let words = Set(TokenKind.reservedWords.keys).union(Parser.statementWords).union(["in", "on", "to", "vs", "every"])
    return words.contains(name) ? "'\(name)' is a keyword of pcx and cannot name a declaration" : nil
  }

  /// A declaration named `name` whose scope overlaps the renamed one's (the checker would then
  /// see a duplicate, or a use would change meaning).
  private static func clash(_ name: String, with declaration: SymbolIndex.Declaration, in index: SymbolIndex) -> SymbolIndex.Declaration? {
    let scope = { (d: SymbolIndex.Declaration) in d.nameSpan.start..<max(d.nameSpan.start, d.visibleRange.upperBound) }
    return index.declarations.first { other in other.name == name && scope(other).overlaps(scope(declaration)) }
  }
}

/// The outline: data, models, losses, objectives, runs, certificates, params and lets, with
/// sweeps holding their bodies; statements that failed to parse still show the name they declare.
enum DocumentSymbols {
  static func symbols(_ analysis: Analysis) -> [DocumentSymbol] {
    symbols(analysis.parse.program.statements, analysis)
  }

  private static func symbols(_ statements: [Stmt], _ analysis: Analysis) -> [DocumentSymbol] {
    statements.compactMap { symbol($0, analysis) }
  }

  private static func symbol(_ statement: Stmt, _ analysis: Analysis) -> DocumentSymbol? {
    let make = { (name: Identifier, kind: SymbolKindNumber, children: [DocumentSymbol]?) -> DocumentSymbol in
      DocumentSymbol(name: name.name, detail: detail(of: name, analysis), kind: kind,
                     range: analysis.lines.range(of: statement.span), selectionRange: analysis.lines.range(of: name.span),
                     children: children)
    }
    switch statement.kind {
    case .binding(let keyword, let name, _): return make(name, kind(keyword), nil)
    case .param(let param): return make(param.name, .variable, nil)
    case .certify(let name?, _): return make(name, .interface, nil)
    case .certify(nil, let value):
      guard case .call(let callee, _) = value.kind else { return nil }
      return DocumentSymbol(name: callee.name, detail: "certificate", kind: .interface,
                            range: analysis.lines.range(of: statement.span), selectionRange: analysis.lines.range(of: callee.span),
                            children: nil)
    case .sweep(let variable, _, let body): return make(variable, .namespace, symbols(body, analysis))
    case .invalid(let name?): return make(name, .variable, nil)
    case .seed, .report, .plot, .invalid(nil): return nil
    }
  }

  private static func kind(_ keyword: DeclKeyword) -> SymbolKindNumber {
    switch keyword {
    case .let: return .constant
    case .data: return .struct
    case .model: return .class
    case .loss, .objective: return .function
    case .train: return .event
    }
  }

  /// The declaration's type, or what is known of it.
  private static func detail(of name: Identifier, _ analysis: Analysis) -> String? {
    guard let occurrence = analysis.index.occurrence(at: name.span.start),
      let index = analysis.index.declarationIndex(of: occurrence)
    else { return nil }
    let declaration = analysis.index.declarations[index]
    if declaration.isPartial { return "does not parse" }
    if declaration.kind == .sweepVariable { return "sweep over \(declaration.constants.map(\.description).joined(separator: ", "))" }
    guard let type = declaration.types.first else { return declaration.kind.rawValue }
    return declaration.types.dropFirst().allSatisfy { $0 == type } ? HoverProvider.describe(type) : "\(type.description) (varies)"
  }
}
