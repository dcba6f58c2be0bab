import Foundation
import Testing

/// `pcx.runScript`: the only request that runs a script; verdicts come back as information
/// diagnostics at their `certify` lines, next to the check's own diagnostics.
@Suite("pcx lsp: the pcx.runScript command")
struct RunScriptSessionTests {
  static let uri = "file:///tmp/pcx-lsp-tests/run.pcx"
  static let script = Script(text: """
    param x: real = 0.5
    param y: real = 2.5
    objective f = (x * y - 1)^2
    train descent = gd(f, lr: 0.01, steps: 50)
    certify pl_star(f, on: descent)
    certify c = hessian_spectrum(f, at: (x, y))

    """)

  @Test func verdictsArePublishedAtTheCertifyLines() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, Self.script.text)
    #expect(try client.diagnostics(Self.uri, version: 1).isEmpty)
    let summary = try client.result("workspace/executeCommand", ["command": "pcx.runScript", "arguments": [.string(Self.uri)]])
    #expect(summary["status"].string == "completed")
    #expect(summary["certificates"].int == 2)
    let published = try client.diagnostics(Self.uri, version: 1)
    #expect(published.count == 2)
    #expect(published.allSatisfy { $0["severity"].int == 3 && $0["source"].string == "pcx run" })
    let pl = published.first { $0["message"].string?.hasPrefix("pl_star: holds (mu = ") == true }
    #expect(pl?["range"]["start"] == Self.script.position(of: "certify pl_star"))
    #expect(pl?["message"].string?.contains("guarantee consistent") == true, "\(pl?.text ?? "none")")
    let spectrum = published.first { $0["message"].string?.hasPrefix("hessian_spectrum: holds") == true }
    #expect(spectrum?["range"]["start"]["line"].int == 5)

    // An edit drops the verdicts: they describe the text that ran.
    client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": 2],
                                             "contentChanges": [["text": .string(Self.script.text + "\n")]]])
    #expect(try client.diagnostics(Self.uri, version: 2).isEmpty)
    try client.shutDown()
  }

  @Test func refusedForScriptsWithErrorsAndBadArguments() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, "let a = b\n")
    _ = try client.diagnostics(Self.uri, version: 1)
    let refused = try client.request("workspace/executeCommand", ["command": "pcx.runScript", "arguments": [.string(Self.uri)]])
    #expect(refused["error"]["message"].string?.contains("has errors") == true)
    let missing = try client.request("workspace/executeCommand", ["command": "pcx.runScript", "arguments": []])
    #expect(missing["error"]["code"].int == -32602)
    let unknown = try client.request("workspace/executeCommand", ["command": "pcx.format", "arguments": [.string(Self.uri)]])
    #expect(unknown["error"]["code"].int == -32602)
    try client.shutDown()
  }
}
