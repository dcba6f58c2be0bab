import Foundation
import PCXSema
import PCXSource
import PCXSyntax

/// Completion: statement keywords, names in scope, catalog functions, named arguments of the
/// call under the cursor, only the values that fit an argument (`activation:` offers the
/// activations), members after `.`, and file paths in `csv("...")`.
enum CompletionProvider {
  static func complete(_ analysis: Analysis, at position: LSPPosition, trigger: String?) -> CompletionList {
    let offset = analysis.offset(of: position)
    let wordStart = wordStart(analysis.lines.file, before: offset)
    let site = CompletionSite.find(analysis, offset: offset, wordStart: wordStart)
    if trigger == " " {  // a space only opens the list where a value is expected next
      switch site {
      case .argumentValue, .declarationValue, .paramType, .manifold: break
      default: return CompletionList(items: [])
      }
    }
    var builder = ItemBuilder(analysis: analysis, replace: analysis.lines.range(wordStart..<offset), offset: offset)
    builder.add(site)
    return CompletionList(items: builder.items)
  }

  /// Where the identifier ending at `offset` starts.
  static func wordStart(_ file: SourceFile, before offset: Int) -> Int {
    var start = min(offset, file.bytes.count)
    while start > 0 {
      let byte = file.bytes[start - 1]
      let isWord = byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
      if !isWord { break }
      start -= 1
    }
    return start
  }
}

/// Collects completion items for one site, each replacing the word being typed.
private struct ItemBuilder {
  let analysis: Analysis
  let replace: LSPRange
  let offset: Int
  var items: [CompletionItem] = []
  private var seen: Set<String> = []

  init(analysis: Analysis, replace: LSPRange, offset: Int) {
    self.analysis = analysis
    self.replace = replace
    self.offset = offset
  }

  mutating func add(_ site: CompletionSite) {
    switch site {
    case .comment: break
    case .string(let call, let partial, let start): paths(call, partial, start)
    case .member(let base, let start): members(base, start)
    case .argumentValue(let call, let label):
      if let parameter = CatalogAdapter.function(named: call.callee)?.parameters.first(where: { $0.name == label }) {
        values(parameter.fit, sort: "0")
      }
    case .argument(let call): arguments(call)
    case .statementStart:
      for word in Parser.statementWords { add(word, .keyword, sort: "0") }
    case .declarationValue(let kind):
      for function in CatalogAdapter.functions(ofKind: kind) { add(function, sort: "0") }
      names(sort: "1")
    case .paramType:
      for type in ["real", "vector", "matrix", "tensor"] { add(type, .keyword, sort: "0") }
    case .manifold:
      for manifold in CatalogAdapter.manifolds { add(manifold, .enumMember, sort: "0") }
    case .expression: expression()
    }
  }

  private mutating func expression() {
    names(sort: "0")
    for name in CatalogAdapter.names {
      guard let function = CatalogAdapter.function(named: name) else { continue }
      add(function, sort: function.kind == .builtin ? "1" : "2")
    }
    for word in ["true", "false", "and", "or", "not"] { add(word, .keyword, sort: "3") }
  }

  /// Named arguments not given yet, then what fits the positional parameter at the cursor.
  private mutating func arguments(_ call: CallContext) {
    guard let function = CatalogAdapter.function(named: call.callee) else { return expression() }
    for parameter in function.parameters where !call.usedLabels.contains(parameter.name) {
      let detail = "\(parameter.accepts)" + (parameter.defaultText.map { ", default \($0)" } ?? ", required")
      add(parameter.name, .field, detail: detail, insert: "\(parameter.name): ", sort: "0")
    }
    if call.usedLabels.isEmpty, call.argument < function.parameters.count {
      values(function.parameters[call.argument].fit, sort: "1")
    }
  }

  /// The enumerators, declared names and catalog functions that fit a parameter.
  private mutating func values(_ fit: CatalogAdapter.ValueFit, sort: String) {
    for choice in fit.choices { add(choice, .enumMember, sort: sort) }
    for declaration in visible() where fit.symbols(declaration.kind, declaration.types.first) {
      add(declaration, sort: sort)
    }
    for name in fit.functions {
      if let function = CatalogAdapter.function(named: name) { add(function, sort: sort) }
    }
  }

  private mutating func names(sort: String) {
    for declaration in visible() { add(declaration, sort: sort) }
  }

  /// Members of the base's type: the declaration it refers to, or (in a statement that does
  /// not parse yet) the visible declaration of that name.
  private mutating func members(_ base: String, _ start: Int) {
    let index = analysis.index
    let declaration = index.occurrence(at: start).flatMap(index.declarationIndex).map { index.declarations[$0] }
      ?? visible().last { $0.name == base }
    guard let type = declaration?.types.first else { return }
    for member in CatalogAdapter.members(of: type) {
      add(member.name, .property, detail: member.type.description, sort: "0")
    }
  }

  /// The declarations usable at the cursor, without the one being typed there (a statement
  /// that does not parse yet still declares its name).
  private func visible() -> [SymbolIndex.Declaration] {
    let line = analysis.lines.position(of: offset).line
    return analysis.index.visible(at: offset).filter { declaration in
      !(declaration.isPartial && analysis.lines.position(of: declaration.nameSpan.start).line == line)
    }
  }

  /// Files and folders for a path argument, relative to the script's directory.
  private mutating func paths(_ call: CallContext?, _ partial: String, _ start: Int) {
    guard let call, let function = CatalogAdapter.function(named: call.callee),
      let parameter = call.label.flatMap({ label in function.parameters.first { $0.name == label } })
        ?? (call.usedLabels.isEmpty && call.argument < function.parameters.count ? function.parameters[call.argument] : nil),
      parameter.isPath, let base = DocumentPaths.directory(analysis.uri)
    else { return }
    let slash = partial.lastIndex(of: "/")
    let directoryPart = slash.map { String(partial[...$0]) } ?? ""
    let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
    let directory = directoryPart.hasPrefix("/") ? directoryPart : (base as NSString).appendingPathComponent(directoryPart)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    let range = analysis.lines.range(offset - namePart.utf8.count..<offset)
    for name in names.sorted().prefix(ServerLimits.maxPathCompletions) where !name.hasPrefix(".") || namePart.hasPrefix(".") {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
      let text = isDirectory.boolValue ? name + "/" : name
      items.append(CompletionItem(label: text, kind: isDirectory.boolValue ? .folder : .file, sortText: isDirectory.boolValue ? "1" : "0",
                                  textEdit: TextEdit(range: range, newText: text)))
    }
  }

  // MARK: Items

  private mutating func add(_ declaration: SymbolIndex.Declaration, sort: String) {
    let kind: CompletionKind = declaration.kind == .param ? .variable : .constant
    let type = declaration.types.first.map { HoverProvider.describe($0) } ?? "unknown"
    add(declaration.name, kind, detail: "\(declaration.kind.rawValue): \(type)", sort: sort)
  }

  private mutating func add(_ function: CatalogAdapter.Function, sort: String) {
    add(function.name, .function, detail: function.signature,
        documentation: "\(function.summary) (\(function.reference))", sort: sort)
  }

  private mutating func add(
    _ label: String, _ kind: CompletionKind, detail: String? = nil, documentation: String? = nil,
    insert: String? = nil, sort: String
  ) {
    guard seen.insert(label).inserted else { return }
    items.append(CompletionItem(label: label, kind: kind, detail: detail, documentation: documentation.map { MarkupContent(value: $0) },
                                sortText: sort + label, textEdit: TextEdit(range: replace, newText: insert ?? label)))
  }
}
