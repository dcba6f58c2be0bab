import Testing

/// The real `pcx lsp` binary through a pipe: lifecycle, diagnostics on open and on change,
/// notes as related information, quick fixes.
@Suite("pcx lsp: diagnostics on open and change, quick fixes")
struct DiagnosticsSessionTests {
  static let uri = "file:///tmp/pcx-lsp-tests/three.pcx"
  static let script = Script(text: """
    let a = 1
    data D = gaussian(n: 100, d: 8)
    model net = mlp(in: 8, hidden: [16], activation: tahn)
    loss L = mse(net, D)
    train run = gd(L, lr: 0.1, stepz: 10)
    report run.loss, aa

    """)

  @Test func threeErrorsThenTwoAfterAnEdit() throws {
    let client = try LSPClient()
    let initialized = try client.initialize()
    #expect(initialized["capabilities"]["positionEncoding"].string == "utf-16")
    #expect(initialized["serverInfo"]["name"].string == "pcx")
    client.open(Self.uri, Self.script.text)
    let first = try client.diagnostics(Self.uri, version: 1)
    #expect(first.count == 3, "\(first.map(\.text))")
    let expected: [(String, String)] = [
      ("tahn", "unknown activation 'tahn'; did you mean 'tanh'?"),
      ("stepz", "gd has no argument 'stepz'; did you mean 'steps'?"),
      ("aa", "unknown name 'aa'; did you mean 'a'?"),
    ]
    for (needle, message) in expected {
      let match = first.first { $0["message"].string?.hasPrefix(message) == true }
      #expect(match?["range"] == Self.script.range(of: needle), "\(needle): \(match?.text ?? "missing")")
      #expect(match?["severity"].int == 1)
      #expect(match?["source"].string == "pcx")
    }
    // Fix the activation with an incremental edit: two errors remain, then fix one more.
    client.notify("textDocument/didChange", [
      "textDocument": ["uri": .string(Self.uri), "version": 2],
      "contentChanges": [["range": Self.script.range(of: "tahn"), "text": "tanh"]],
    ])
    let second = try client.diagnostics(Self.uri, version: 2)
    #expect(second.count == 2)
    #expect(!second.contains { $0["message"].string?.contains("tahn") == true })
    client.notify("textDocument/didChange", [
      "textDocument": ["uri": .string(Self.uri), "version": 3],
      "contentChanges": [["range": Self.script.range(of: "aa"), "text": "a"]],
    ])
    let third = try client.diagnostics(Self.uri, version: 3)
    #expect(third.count == 1, "\(third.map(\.text))")
    #expect(third.first?["range"] == Self.script.range(of: "stepz"))
    try client.shutDown()
  }

  @Test func changesInABurstAreCheckedOnce() throws {
    let client = try LSPClient()
    try client.initialize(debounceMilliseconds: 1000)  // far longer than writing the burst takes
    client.open(Self.uri, "let a = 1\n")
    #expect(try client.diagnostics(Self.uri, version: 1).isEmpty)
    for version in 2...21 {
      client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": .number(Double(version))],
                                               "contentChanges": [["text": .string("let a = \(version % 2 == 0 ? "b" : "1")\n")]]])
    }
    #expect(try client.diagnostics(Self.uri, version: 21).isEmpty)
    _ = try client.result("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]])
    let earlier = client.received { $0["method"].string == "textDocument/publishDiagnostics" }
    #expect(earlier.isEmpty, "one check for the burst, none for versions 2 to 20: \(earlier.map(\.text))")
    try client.shutDown()
  }

  @Test func fullTextChangesAndCloseClearDiagnostics() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, "let a = b\n")
    #expect(try client.diagnostics(Self.uri, version: 1).count == 1)
    client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": 7], "contentChanges": [["text": "let a = 1\n"]]])
    #expect(try client.diagnostics(Self.uri, version: 7).isEmpty)
    client.notify("textDocument/didClose", ["textDocument": ["uri": .string(Self.uri)]])
    let cleared = try client.notification("textDocument/publishDiagnostics") { $0["uri"].string == Self.uri && $0["version"].isNull }
    #expect(cleared["diagnostics"].array.isEmpty)
    let hover = try client.request("textDocument/hover", ["textDocument": ["uri": .string(Self.uri)], "position": ["line": 0, "character": 4]])
    #expect(hover["error"]["code"].int == -32803, "a closed document is not served: \(hover.text)")
    try client.shutDown()
  }

  @Test func notesAreRelatedInformation() throws {
    let client = try LSPClient()
    try client.initialize()
    let script = Script(text: "let n = 3\nparam w: vector[n] = zeros(4)\n")
    client.open(Self.uri, script.text)
    let diagnostics = try client.diagnostics(Self.uri, version: 1)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["message"].string == "param 'w' is declared vector[3] but its initial value is vector[4]")
    #expect(diagnostics.first?["range"] == script.range(of: "zeros(4)"))
    let note = diagnostics.first?["relatedInformation"][0]
    #expect(note?["message"].string == "'w' is declared vector[3] here")
    #expect(note?["location"]["uri"].string == Self.uri)
    #expect(note?["location"]["range"] == script.range(of: "vector[n]"))
    try client.shutDown()
  }

  @Test func notesGoIntoTheMessageWithoutRelatedInformation() throws {
    let client = try LSPClient()
    try client.initialize(relatedInformation: false)
    client.open(Self.uri, "param w: vector[3] = zeros(4)\n")
    let diagnostics = try client.diagnostics(Self.uri, version: 1)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["relatedInformation"].isNull == true)
    #expect(diagnostics.first?["message"].string?.hasSuffix("\nnote: 'w' is declared vector[3] here (line 1, column 10)") == true)
    try client.shutDown()
  }

  @Test func didYouMeanBecomesAQuickFix() throws {
    let client = try LSPClient()
    try client.initialize()
    client.open(Self.uri, Self.script.text)
    _ = try client.diagnostics(Self.uri, version: 1)
    let actions = try client.result("textDocument/codeAction", [
      "textDocument": ["uri": .string(Self.uri)], "range": Self.script.range(of: "tahn"), "context": ["diagnostics": []],
    ]).array
    #expect(actions.count == 1)
    #expect(actions.first?["kind"].string == "quickfix")
    #expect(actions.first?["title"].string == "Change 'tahn' to 'tanh'")
    let edit = actions.first?["edit"]["changes"][Self.uri][0]
    #expect(edit?["newText"].string == "tanh")
    #expect(edit?["range"] == Self.script.range(of: "tahn"))
    let all = try client.result("textDocument/codeAction", [
      "textDocument": ["uri": .string(Self.uri)], "range": ["start": ["line": 0, "character": 0], "end": ["line": 8, "character": 0]],
    ]).array
    #expect(Set(all.compactMap { $0["edit"]["changes"][Self.uri][0]["newText"].string }) == ["tanh", "steps", "a"])
    #expect(all.first { $0["title"].string == "Change 'stepz' to 'steps'" }?["edit"]["changes"][Self.uri][0]["range"] == Self.script.range(of: "stepz"))
    try client.shutDown()
  }
}
