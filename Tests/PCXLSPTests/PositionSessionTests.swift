import Testing

/// Positions with non-ASCII text: UTF-16 code units by default, UTF-8 when negotiated.
@Suite("pcx lsp: position encodings with non-ASCII text")
struct PositionSessionTests {
  static let uri = "file:///tmp/pcx-lsp-tests/unicode.pcx"
  // λ is 1 UTF-16 unit and 2 UTF-8 bytes; 𝔼 is 2 UTF-16 units (a surrogate pair) and 4 bytes.
  static let script = Script(text: """
    # λ-sweep over 𝔼[x]
    let x = 2
    report "λ𝔼λ", x, bb  # 𝔼 again

    """)

  func run(utf8: Bool) throws {
    let client = try LSPClient()
    let initialized = try client.initialize(encodings: utf8 ? ["utf-8", "utf-16"] : ["utf-16"])
    #expect(initialized["capabilities"]["positionEncoding"].string == (utf8 ? "utf-8" : "utf-16"))
    client.open(Self.uri, Self.script.text)
    let diagnostics = try client.diagnostics(Self.uri, version: 1)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["range"] == Self.script.range(of: "bb", utf8: utf8))
    let definition = try client.result("textDocument/definition", [
      "textDocument": ["uri": .string(Self.uri)], "position": Self.script.position(of: "x, bb", utf8: utf8),
    ])
    #expect(definition["range"] == Self.script.range(of: "x = 2", length: 1))
    client.notify("textDocument/didChange", [
      "textDocument": ["uri": .string(Self.uri), "version": 2],
      "contentChanges": [["range": Self.script.range(of: "bb", utf8: utf8), "text": "x"]],
    ])
    #expect(try client.diagnostics(Self.uri, version: 2).isEmpty, "the edit landed on 'bb'")
    let tokens = SemanticToken.decode(try client.result("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(Self.uri)]])["data"].array.compactMap(\.int))
    let edited = Script(text: Self.script.text.replacingOccurrences(of: "bb", with: "x"))
    let comment = tokens.first { $0.type == "comment" && $0.line == 2 }
    #expect(comment?.character == edited.position(of: "# 𝔼", utf8: utf8)["character"].int)
    #expect(comment?.length == (utf8 ? "# 𝔼 again".utf8.count : "# 𝔼 again".utf16.count))
    let string = tokens.first { $0.type == "string" }
    #expect(string?.length == (utf8 ? 10 : 6), "\"λ𝔼λ\" is 1 + 2 + 4 + 2 + 1 bytes, 1 + 1 + 2 + 1 + 1 UTF-16 units")
    try client.shutDown()
  }

  @Test func utf16ByDefault() throws { try run(utf8: false) }

  @Test func utf8WhenOffered() throws { try run(utf8: true) }

  @Test func positionsInsideACharacterOrPastTheLineAreClamped() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, Self.script.text)
    _ = try client.diagnostics(Self.uri, version: 1)
    // Character 10 of line 2 falls between the two halves of 𝔼; 500 is past the line's end.
    client.notify("textDocument/didChange", [
      "textDocument": ["uri": .string(Self.uri), "version": 2],
      "contentChanges": [["range": ["start": ["line": 2, "character": 10], "end": ["line": 2, "character": 500]], "text": "\""]],
    ])
    let diagnostics = try client.diagnostics(Self.uri, version: 2)
    #expect(diagnostics.isEmpty, "report \"λ𝔼\" after the edit: \(diagnostics.map(\.text))")
    let far = try client.result("textDocument/hover", ["textDocument": ["uri": .string(Self.uri)], "position": ["line": 99, "character": 99]])
    #expect(far.isNull)
    try client.shutDown()
  }
}
