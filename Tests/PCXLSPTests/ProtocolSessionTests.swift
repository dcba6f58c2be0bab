import Foundation
import Testing

/// JSON-RPC over the pipe: malformed messages get the JSON-RPC error and the server goes on;
/// the lifecycle's exit codes.
@Suite("pcx lsp: malformed messages, lifecycle and exit codes")
struct ProtocolSessionTests {
  static let uri = "file:///tmp/pcx-lsp-tests/protocol.pcx"

  /// A request the server must still answer after a bad message.
  static func stillAnswers(_ client: LSPClient) throws {
    let symbols = try client.result("textDocument/documentSymbol", ["textDocument": ["uri": .string(uri)]])
    #expect(symbols[0]["name"].string == "n")
  }

  static func errorWithoutID(_ client: LSPClient, _ what: String) throws -> JSON {
    try client.next(what) { $0["id"].isNull && !$0["error"].isNull }["error"]
  }

  @Test func malformedMessagesGetErrorsAndTheServerGoesOn() throws {
    let client = try LSPClient()
    let early = try client.request("textDocument/hover", ["textDocument": ["uri": .string(Self.uri)], "position": ["line": 0, "character": 0]])
    #expect(early["error"]["code"].int == -32002, "a request before initialize: \(early.text)")
    try client.initialize()
    client.open(Self.uri, "let n = 3\n")
    _ = try client.diagnostics(Self.uri, version: 1)

    client.sendRaw(Data("Content-Length: many\r\n\r\n{}".utf8))
    let badHeader = try Self.errorWithoutID(client, "an error for a bad header")
    #expect(badHeader["code"].int == -32700)
    #expect(badHeader["message"].string?.contains("Content-Length") == true)
    try Self.stillAnswers(client)

    client.sendRaw(Data("Content-Type: application/json\r\n\r\n".utf8))
    #expect(try Self.errorWithoutID(client, "an error for a missing length")["message"].string?.contains("no Content-Length") == true)
    try Self.stillAnswers(client)

    let broken = Data(#"{"jsonrpc": "2.0", "id": 5, "method": "#.utf8)
    client.sendRaw(Data("Content-Length: \(broken.count)\r\n\r\n".utf8) + broken)
    #expect(try Self.errorWithoutID(client, "a parse error")["code"].int == -32700)
    try Self.stillAnswers(client)

    let batch = Data("[1, 2]".utf8)
    client.sendRaw(Data("Content-Length: \(batch.count)\r\n\r\n".utf8) + batch)
    #expect(try Self.errorWithoutID(client, "an invalid request")["code"].int == -32600)

    let unknown = try client.request("pcx/noSuchMethod", [:])
    #expect(unknown["error"]["code"].int == -32601)
    #expect(unknown["error"]["message"].string == "unknown method 'pcx/noSuchMethod'")
    client.notify("pcx/noSuchNotification", [:])  // ignored, no answer
    let badParams = try client.request("textDocument/hover", ["textDocument": 3])
    #expect(badParams["error"]["code"].int == -32602, "\(badParams.text)")
    client.send(["jsonrpc": "2.0", "id": ["not": "an id"], "method": "shutdown"])
    #expect(try Self.errorWithoutID(client, "an error for an object id")["code"].int == -32600)
    try Self.stillAnswers(client)
    try client.shutDown()
  }

  @Test func hugeLengthsAndEndlessHeadersAreRefused() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, "let n = 3\n")
    _ = try client.diagnostics(Self.uri, version: 1)
    client.sendRaw(Data("Content-Length: 999999999999999\r\n\r\n{\"jsonrpc\":\"2.0\"}".utf8))
    let huge = try Self.errorWithoutID(client, "an error for a huge Content-Length")
    #expect(huge["code"].int == -32700)
    #expect(huge["message"].string?.contains("over the limit") == true, "\(huge.text)")
    try Self.stillAnswers(client)
    client.sendRaw(Data(("X-Padding: " + String(repeating: "x", count: 20_000)).utf8))
    client.sendRaw(Data("\r\n\r\n".utf8))
    #expect(try Self.errorWithoutID(client, "an error for an endless header")["message"].string?.contains("bad header") == true)
    try Self.stillAnswers(client)
    let deep = Data(("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"textDocument/hover\",\"params\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}").utf8)
    client.sendRaw(Data("Content-Length: \(deep.count)\r\n\r\n".utf8) + deep)
    #expect(try Self.errorWithoutID(client, "an error for JSON nested 100,000 deep")["code"].int == -32700)
    try Self.stillAnswers(client)
    try client.shutDown()
  }

  @Test func exitCodes() throws {
    let clean = try LSPClient()
    try clean.initialize()
    #expect(try clean.request("shutdown")["result"].isNull)
    let refused = try clean.request("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]])
    #expect(refused["error"]["code"].int == -32600, "only exit after shutdown")
    clean.notify("exit", nil)
    #expect(try clean.waitForExit() == 0)

    let abrupt = try LSPClient()
    try abrupt.initialize()
    abrupt.notify("exit", nil)
    #expect(try abrupt.waitForExit() == 1, "exit without shutdown")

    let closed = try LSPClient()
    try closed.initialize()
    #expect(try closed.waitForExit(closingInput: true) == 1, "end of input without shutdown")

    let closedAfterShutdown = try LSPClient()
    try closedAfterShutdown.initialize()
    _ = try closedAfterShutdown.request("shutdown")
    #expect(try closedAfterShutdown.waitForExit(closingInput: true) == 0)
  }

  @Test func initializeTwiceIsAnError() throws {
    let client = try LSPClient()
    try client.initialize()
    let again = try client.request("initialize", ["capabilities": [:]])
    #expect(again["error"]["code"].int == -32600)
    try client.shutDown()
  }
}
