// The small subset of LSP 3.17's types the server reads, hand-written as Codable structs.
// Optional fields the server does not use are left out; unknown fields are ignored.

/// A position: a 0-based line and a 0-based character offset in the negotiated encoding.
struct LSPPosition: Codable, Hashable, Comparable {
  var line: Int
  var character: Int

  static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }
}

/// A range between two positions, end exclusive.
struct LSPRange: Codable, Hashable {
  var start: LSPPosition
  var end: LSPPosition
}

/// A range in a document.
struct Location: Codable, Hashable {
  let uri: String
  let range: LSPRange
}

struct TextDocumentIdentifier: Codable {
  let uri: String
}

struct VersionedTextDocumentIdentifier: Codable {
  let uri: String
  let version: Int
}

struct TextDocumentItem: Codable {
  let uri: String
  let languageId: String?
  let version: Int
  let text: String
}

struct DidOpenParams: Codable {
  let textDocument: TextDocumentItem
}

/// One edit: the whole text when `range` is absent, else the replacement of `range`.
struct ContentChange: Codable {
  let range: LSPRange?
  let text: String
}

struct DidChangeParams: Codable {
  let textDocument: VersionedTextDocumentIdentifier
  let contentChanges: [ContentChange]
}

struct DocumentParams: Codable {
  let textDocument: TextDocumentIdentifier
}

struct PositionParams: Codable {
  let textDocument: TextDocumentIdentifier
  let position: LSPPosition
}

struct ReferenceParams: Codable {
  struct Context: Codable { let includeDeclaration: Bool }
  let textDocument: TextDocumentIdentifier
  let position: LSPPosition
  let context: Context?
}

struct RenameParams: Codable {
  let textDocument: TextDocumentIdentifier
  let position: LSPPosition
  let newName: String
}

struct CodeActionParams: Codable {
  let textDocument: TextDocumentIdentifier
  let range: LSPRange
}

/// `workspace/executeCommand`: arguments are JSON values; the server reads the strings.
struct ExecuteCommandParams: Decodable {
  let command: String
  let arguments: [CommandArgument]?
}

/// One command argument: a string (a document URI), or anything else (ignored).
enum CommandArgument: Decodable {
  case string(String)
  case other

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) { self = .string(text) } else { self = .other }
  }
}

/// What the server reads of `initialize`: the position encodings the client offers, whether it
/// shows related information, and the server's options. Every part is optional and read
/// leniently, so an unusual client still initializes.
struct InitializeParams: Decodable {
  let positionEncodings: [String]
  let relatedInformation: Bool
  let debounceMilliseconds: Int?

  private enum Keys: String, CodingKey { case capabilities, initializationOptions }
  private struct Capabilities: Decodable {
    struct General: Decodable { let positionEncodings: [String]? }
    struct TextDocument: Decodable {
      struct Publish: Decodable { let relatedInformation: Bool? }
      let publishDiagnostics: Publish?
    }
    let general: General?
    let textDocument: TextDocument?
  }
  private struct Options: Decodable { let debounceMilliseconds: Int? }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    let capabilities = try? container.decodeIfPresent(Capabilities.self, forKey: .capabilities)
    positionEncodings = capabilities?.general?.positionEncodings ?? []
    relatedInformation = capabilities?.textDocument?.publishDiagnostics?.relatedInformation ?? false
    let options = try? container.decodeIfPresent(Options.self, forKey: .initializationOptions)
    debounceMilliseconds = options?.debounceMilliseconds
  }
}

struct CompletionParams: Codable {
  struct Context: Codable {
    /// 1 invoked, 2 trigger character, 3 re-trigger of an incomplete list.
    let triggerKind: Int
    let triggerCharacter: String?
  }
  let textDocument: TextDocumentIdentifier
  let position: LSPPosition
  let context: Context?
}
