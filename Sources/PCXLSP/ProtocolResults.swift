// The LSP 3.17 results and notifications the server sends, hand-written as Encodable structs.

/// Text shown by the editor: Markdown.
struct MarkupContent: Codable, Equatable {
  var kind = "markdown"
  let value: String
}

/// A note of a diagnostic that points elsewhere.
struct RelatedInformation: Codable, Equatable {
  let location: Location
  let message: String
}

/// A diagnostic as LSP shows it (severity 1 error, 2 warning, 3 information).
struct LSPDiagnostic: Codable, Equatable {
  let range: LSPRange
  let severity: Int
  var source = "pcx"
  let message: String
  var relatedInformation: [RelatedInformation]?
}

struct PublishDiagnosticsParams: Encodable {
  let uri: String
  let version: Int?
  let diagnostics: [LSPDiagnostic]
}

struct Hover: Encodable {
  let contents: MarkupContent
  let range: LSPRange?
}

struct TextEdit: Codable, Equatable {
  let range: LSPRange
  let newText: String
}

struct WorkspaceEdit: Encodable {
  let changes: [String: [TextEdit]]
}

struct CodeAction: Encodable {
  let title: String
  var kind = "quickfix"
  let diagnostics: [LSPDiagnostic]
  let edit: WorkspaceEdit
  var isPreferred = true
}

/// LSP's CompletionItemKind values the server uses.
enum CompletionKind: Int, Encodable {
  case function = 3, field = 5, variable = 6, property = 10, value = 12, keyword = 14, file = 17
  case folder = 19, enumMember = 20, constant = 21
}

struct CompletionItem: Encodable {
  let label: String
  let kind: CompletionKind
  var detail: String?
  var documentation: MarkupContent?
  var sortText: String?
  var textEdit: TextEdit?
}

struct CompletionList: Encodable {
  var isIncomplete = false
  let items: [CompletionItem]
}

/// LSP's SymbolKind values the server uses.
enum SymbolKindNumber: Int, Encodable {
  case namespace = 3, `class` = 5, field = 8, function = 12, variable = 13, constant = 14
  case `struct` = 23, event = 24, interface = 11
}

struct DocumentSymbol: Encodable {
  let name: String
  let detail: String?
  let kind: SymbolKindNumber
  let range: LSPRange
  let selectionRange: LSPRange
  let children: [DocumentSymbol]?
}

struct SemanticTokens: Encodable {
  let data: [Int]
}

struct ParameterInformation: Encodable {
  /// Start and end offsets of the parameter in the signature's label.
  let label: [Int]
  let documentation: String?
}

struct SignatureInformation: Encodable {
  let label: String
  let documentation: MarkupContent?
  let parameters: [ParameterInformation]
}

struct SignatureHelp: Encodable {
  let signatures: [SignatureInformation]
  let activeSignature: Int
  let activeParameter: Int?
}

struct PrepareRenameResult: Encodable {
  let range: LSPRange
  let placeholder: String
}

/// What the server can do, announced in answer to `initialize`.
struct ServerCapabilities: Encodable {
  struct Sync: Encodable {
    var openClose = true
    /// 2: incremental changes.
    var change = 2
    var save = true
  }
  struct Triggers: Encodable {
    let triggerCharacters: [String]
  }
  struct Rename: Encodable { var prepareProvider = true }
  struct CodeActions: Encodable { var codeActionKinds = ["quickfix"] }
  struct Legend: Encodable {
    let tokenTypes: [String]
    let tokenModifiers: [String]
  }
  struct SemanticTokensOptions: Encodable {
    let legend: Legend
    var full = true
    var range = false
  }
  struct Commands: Encodable { let commands: [String] }

  let positionEncoding: String
  var textDocumentSync = Sync()
  var hoverProvider = true
  var completionProvider = Triggers(triggerCharacters: [".", ":", "\"", "/", "(", ",", " "])
  var signatureHelpProvider = Triggers(triggerCharacters: ["(", ","])
  var definitionProvider = true
  var referencesProvider = true
  var documentSymbolProvider = true
  var renameProvider = Rename()
  var codeActionProvider = CodeActions()
  var semanticTokensProvider = SemanticTokensOptions(
    legend: Legend(tokenTypes: SemanticTokenType.legend, tokenModifiers: SemanticTokenModifier.legend))
  var executeCommandProvider = Commands(commands: [RunScript.command])
}

struct InitializeResult: Encodable {
  struct ServerInfo: Encodable {
    let name: String
    let version: String
  }
  let capabilities: ServerCapabilities
  let serverInfo: ServerInfo
}
