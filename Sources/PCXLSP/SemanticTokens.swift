import PCXSema
import PCXSyntax

/// The token types of the legend, in legend order.
enum SemanticTokenType: Int, CaseIterable {
  case keyword, variable, parameter, function, property, enumMember, type, number, string, `operator`, comment

  static let legend = ["keyword", "variable", "parameter", "function", "property", "enumMember", "type", "number",
                       "string", "operator", "comment"]
}

/// The token modifiers of the legend, as bits in legend order.
enum SemanticTokenModifier: Int {
  case declaration = 1, readonly = 2, defaultLibrary = 4

  static let legend = ["declaration", "readonly", "defaultLibrary"]
}

/// Semantic tokens from the real lexer's tokens, classified by the symbol index (a `loss` that
/// is a keyword, a run metric or a name is coloured as what the checker read), and comments
/// from the gaps between tokens (the lexer skips them).
enum SemanticTokensProvider {
  private struct Item {
    let start: Int
    let end: Int
    let type: SemanticTokenType
    let modifiers: Int
  }

  static func tokens(_ analysis: Analysis) -> SemanticTokens {
    var roles: [Int: SymbolIndex.Role] = [:]
    for occurrence in analysis.index.occurrences { roles[occurrence.span.start] = occurrence.role }
    let tokens = analysis.parse.tokens
    var items: [Item] = []
    var previousEnd = 0
    for (position, token) in tokens.enumerated() where token.kind != .endOfFile {
      comments(in: previousEnd..<max(previousEnd, token.span.start), analysis, into: &items)
      previousEnd = max(previousEnd, token.span.end)
      guard let (type, modifiers) = classify(token, next: position + 1 < tokens.count ? tokens[position + 1] : nil, roles, analysis) else {
        continue
      }
      items.append(Item(start: token.span.start, end: token.span.end, type: type, modifiers: modifiers))
      if items.count >= ServerLimits.maxSemanticTokens { break }
    }
    comments(in: previousEnd..<analysis.file.bytes.count, analysis, into: &items)
    return SemanticTokens(data: encode(items.prefix(ServerLimits.maxSemanticTokens), analysis))
  }

  private static func classify(
    _ token: Token, next: Token?, _ roles: [Int: SymbolIndex.Role], _ analysis: Analysis
  ) -> (SemanticTokenType, Int)? {
    switch token.kind {
    case .integer, .real: return (.number, 0)
    case .string: return (.string, 0)
    case .kwTrue, .kwFalse, .kwAnd, .kwOr, .kwNot: return (.keyword, 0)
    case .plus, .minus, .star, .slash, .caret, .at, .prime, .otimes, .less, .lessEqual, .greater, .greaterEqual,
      .equalEqual, .notEqual:
      return (.operator, 0)
    case .identifier:
      if let role = roles[token.span.start] { return classify(role, analysis.index) }
      return lexical(token, next: next)
    default: return nil
    }
  }

  private static func classify(_ role: SymbolIndex.Role, _ index: SymbolIndex) -> (SemanticTokenType, Int)? {
    let readonly = { (i: Int) in index.declarations[i].kind == .param ? 0 : SemanticTokenModifier.readonly.rawValue }
    switch role {
    case .declaration(let i): return (.variable, SemanticTokenModifier.declaration.rawValue | readonly(i))
    case .reference(let i): return (.variable, readonly(i))
    case .callee: return (.function, SemanticTokenModifier.defaultLibrary.rawValue)
    case .argumentLabel: return (.parameter, 0)
    case .member: return (.property, 0)
    case .choice: return (.enumMember, 0)
    case .implicit: return (.variable, SemanticTokenModifier.defaultLibrary.rawValue)
    case .keyword: return (.keyword, 0)
    case .typeName: return (.type, 0)
    case .unresolved: return (.variable, 0)
    }
  }

  /// Identifiers the index does not know (inside statements that failed to parse): contextual
  /// and statement words are keywords, a name before `(` is a function, before `:` a label.
  private static func lexical(_ token: Token, next: Token?) -> (SemanticTokenType, Int) {
    if ["in", "on", "to", "vs", "every"].contains(token.text) { return (.keyword, 0) }
    if token.atLineStart, Parser.statementWords.contains(token.text) { return (.keyword, 0) }
    if next?.kind == .leftParen { return (.function, SemanticTokenModifier.defaultLibrary.rawValue) }
    if next?.kind == .colon { return (.parameter, 0) }
    return (.variable, 0)
  }

  /// `#` comments in a gap between tokens, each to the end of its line.
  private static func comments(in gap: Range<Int>, _ analysis: Analysis, into items: inout [Item]) {
    let bytes = analysis.file.bytes
    var index = gap.lowerBound
    while index < gap.upperBound {
      if bytes[index] == UInt8(ascii: "#") {
        let start = index
        while index < gap.upperBound, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        items.append(Item(start: start, end: index, type: .comment, modifiers: 0))
      } else {
        index += 1
      }
    }
  }

  /// LSP's relative encoding: line delta, start delta, length, type, modifiers per token.
  private static func encode(_ items: ArraySlice<Item>, _ analysis: Analysis) -> [Int] {
    var cursor = PositionCursor(analysis.lines)
    var data: [Int] = []
    data.reserveCapacity(items.count * 5)
    var previous = LSPPosition(line: 0, character: 0)
    for item in items {
      let start = cursor.position(of: item.start)
      let end = cursor.position(of: item.end)
      let length = end.line == start.line ? end.character - start.character : 0
      guard length > 0 else { continue }
      data += [start.line - previous.line, start.line == previous.line ? start.character - previous.character : start.character,
               length, item.type.rawValue, item.modifiers]
      previous = start
    }
    return data
  }
}
