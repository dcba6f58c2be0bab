import Foundation
import Testing

/// Documents that are broken, huge or hostile get diagnostics (and symbols for what parsed),
/// never a crash or a hang; the server answers the next request.
@Suite("pcx lsp: broken, huge and hostile documents")
struct HostileDocumentTests {
  static let uri = "file:///tmp/pcx-lsp-tests/hostile.pcx"

  /// Opens `text`, returns its diagnostics, and checks the server still answers requests on it.
  static func check(_ text: String) throws -> [JSON] {
    let client = try LSPClient()
    try client.initialize()
    client.open(uri, text)
    let diagnostics = try client.diagnostics(uri, version: 1)
    #expect(try client.succeeds("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]]))
    #expect(try client.succeeds("textDocument/documentSymbol", ["textDocument": ["uri": .string(uri)]]))
    for line in [0, 1, 5] {
      _ = try client.result("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": ["line": .number(Double(line)), "character": 400]])
      _ = try client.succeeds("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": ["line": .number(Double(line)), "character": 400]])
    }
    try client.shutDown()
    return diagnostics
  }

  @Test func aOneMegabyteLine() throws {
    let chain = "let a = " + String(repeating: "1 + ", count: 250_000) + "1\n"
    let diagnostics = try Self.check(chain)
    #expect(diagnostics.contains { $0["message"].string?.contains("nested deeper than 256") == true }, "\(diagnostics.map(\.text))")
    let word = String(repeating: "x", count: 1 << 20) + "\n"
    #expect(try Self.check(word).count == 1)
  }

  @Test func nestingOneHundredThousandDeep() throws {
    let parentheses = "let a = " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000) + "\nlet b = 2\n"
    let diagnostics = try Self.check(parentheses)
    #expect(diagnostics.first?["message"].string?.contains("deeper than 256") == true, "\(diagnostics.map(\.text))")
    let sweeps = String(repeating: "sweep a in [1] {\n", count: 100_000)
    #expect(try Self.check(sweeps).contains { $0["message"].string?.contains("deeper than 256") == true })
  }

  @Test func controlCharactersAndOversizedDocuments() throws {
    let garbage = String((0..<2000).map { Character(Unicode.Scalar(UInt8(($0 * 37) % 128))) })
    #expect(try !Self.check(garbage).isEmpty)
    let huge = String(repeating: "let a = 1 # padding padding padding padding padding\n", count: 90_000)
    let diagnostics = try Self.check(huge)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["message"].string?.contains("over the 4194304 bytes pcx lsp checks") == true)
  }

  @Test func aScriptThatFailsToParseStillHasSymbols() throws {
    let client = try LSPClient()
    try client.initialize()
    let script = Script(text: """
      data D = gaussian(n: 10, d: 2)
      model net = mlp(in: 2, hidden: [4]
      loss L = mse(net, D)
      train run = gd(L lr: 0.1)
      certify pl_star(L, on: run)

      """)
    client.open(Self.uri, script.text)
    let diagnostics = try client.diagnostics(Self.uri, version: 1)
    #expect(diagnostics.count == 2, "\(diagnostics.map(\.text))")
    let symbols = try client.result("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]]).array
    #expect(symbols.compactMap { $0["name"].string } == ["D", "net", "L", "run", "pl_star"])
    #expect(symbols[1]["detail"].string == "does not parse")
    let definition = try client.result("textDocument/definition", ["textDocument": ["uri": .string(Self.uri)], "position": script.position(of: "D)")])
    #expect(definition["range"] == script.range(of: "D", length: 1))
    try client.shutDown()
  }
}
