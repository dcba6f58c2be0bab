import PCXSema
import PCXSource

/// Hover: the type and shape of a name (`W: matrix[64, 8]`), the explain text of a catalog
/// function or certificate (formula and source), a named argument's parameter, a member's type.
enum HoverProvider {
  static func hover(_ analysis: Analysis, at position: LSPPosition) -> Hover? {
    guard let occurrence = analysis.occurrence(at: position) else { return nil }
    let name = analysis.file.text(of: occurrence.span)
    let text: String?
    switch occurrence.role {
    case .declaration(let index), .reference(let index):
      text = declaration(analysis.index.declarations[index], analysis.index)
    case .callee:
      text = CatalogAdapter.explain(name).map { "```text\n\($0)\n```" }
    case .argumentLabel(let callee):
      text = argument(name, of: callee)
    case .member(let type):
      text = code("\(name): \(type.map(describe) ?? "unknown")")
    case .choice(let callee, let label):
      text = choice(name, callee: callee, label: label)
    case .implicit(let type):
      let what = name == "x" ? "the data row a label expression is computed from" : "a run metric a stop rule tests"
      text = code("\(name): \(type.map(describe) ?? "real")") + "\n\n\(what)"
    case .keyword, .typeName, .unresolved:
      text = nil
    }
    return text.map { Hover(contents: MarkupContent(value: $0), range: analysis.lines.range(of: occurrence.span)) }
  }

  /// `name: type` (per sweep value when it differs), what declares it, and its catalog entry.
  static func declaration(_ declaration: SymbolIndex.Declaration, _ index: SymbolIndex) -> String {
    var lines: [String] = []
    let distinct = declaration.types.reduce(into: [PType]()) { if !$0.contains($1) { $0.append($1) } }
    switch distinct.count {
    case 0:
      lines.append(code("\(declaration.name): unknown (the statement has errors)"))
    case 1:
      let value = declaration.kind == .let && declaration.constants.count == 1 ? " = \(declaration.constants[0])" : ""
      lines.append(code("\(declaration.name): \(describe(distinct[0]))\(value)"))
    default:
      lines.append(code(perValue(declaration, index)))
    }
    var origin = "\(declaration.kind.rawValue), line \(declaration.nameSpan.line)"
    if declaration.isPartial { origin += " (in a statement that does not parse)" }
    if declaration.isDuplicate { origin += " (a duplicate: uses refer to the first declaration)" }
    lines.append(origin)
    if let entry = declaration.entry, let function = CatalogAdapter.function(named: entry) {
      lines.append("`\(function.name)`: \(function.summary) (\(function.reference))")
    }
    return lines.joined(separator: "\n\n")
  }

  /// One line per sweep value: `when width = 64: net: model[...]`.
  private static func perValue(_ declaration: SymbolIndex.Declaration, _ index: SymbolIndex) -> String {
    let sweep = index.declarations.last { candidate in
      candidate.kind == .sweepVariable && candidate.statementSpan.start < declaration.statementSpan.start
        && candidate.statementSpan.end >= declaration.statementSpan.end
    }
    if let sweep, sweep.constants.count == declaration.types.count, declaration.kind != .sweepVariable {
      return zip(sweep.constants, declaration.types).map { value, type in
        "\(declaration.name): \(describe(type))    # \(sweep.name) = \(value)"
      }.joined(separator: "\n")
    }
    return declaration.types.map { "\(declaration.name): \(describe($0))" }.joined(separator: "\n")
  }

  private static func argument(_ label: String, of callee: String) -> String? {
    guard let function = CatalogAdapter.function(named: callee),
      let parameter = function.parameters.first(where: { $0.name == label })
    else { return nil }
    let requirement = parameter.defaultText.map { "default: \($0)" } ?? "required"
    return code(function.signature) + "\n\n`\(label)`: \(parameter.accepts) (\(requirement))"
  }

  private static func choice(_ name: String, callee: String?, label: String?) -> String {
    guard let callee, let label, let function = CatalogAdapter.function(named: callee),
      let parameter = function.parameters.first(where: { $0.name == label })
    else { return code(name) + (label == "on" ? "\n\nthe manifold a param is optimised on" : "") }
    return code(name) + "\n\nargument `\(label)` of `\(callee)`: \(parameter.accepts)"
  }

  /// A type as written in messages (`<error>` reads as unknown).
  static func describe(_ type: PType) -> String { type == .error ? "unknown (see the error)" : type.description }

  private static func code(_ text: String) -> String { "```pcx\n\(text)\n```" }
}
