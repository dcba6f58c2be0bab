import Foundation
import Testing

/// Hover, completion, definition, references, rename, symbols, semantic tokens and signature
/// help, each asked of the real `pcx lsp` binary.
@Suite("pcx lsp: hover, completion, navigation, symbols, tokens, signatures")
struct FeatureSessionTests {
  static let uri = "file:///tmp/pcx-lsp-tests/tour.pcx"
  static let script = Script(text: """
    # a feature tour
    seed 7
    let n = 512
    param W: matrix[64, 8] = zeros(64, 8)
    data D = gaussian(n: n, d: 64)
    model net = mlp(in: 64, hidden: [16], out: 1, activation: tanh)
    loss L = mse(net, D)
    train run = gd(L, lr: 0.1, steps: 100, stop: loss < 1e-3)
    certify c = pl_star(L, on: run)
    sweep width in [8, 16] {
      model wide = mlp(in: 64, hidden: [width], activation: relu)
      loss Lw = mse(wide, D)
    }
    report run.final_loss, c.mu

    """)

  /// A client with the tour open and checked (it has no errors).
  static func session() throws -> LSPClient {
    let client = try LSPClient()
    try client.initialize()
    client.open(uri, script.text)
    let diagnostics = try client.diagnostics(uri, version: 1)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
    return client
  }

  static func at(_ position: JSON) -> JSON { ["textDocument": ["uri": .string(uri)], "position": position] }

  @Test func hoverShowsTypesShapesAndExplainText() throws {
    let client = try Self.session()
    let w = try client.result("textDocument/hover", Self.at(Self.script.position(of: "W:")))
    #expect(w["contents"]["value"].string?.contains("W: matrix[64, 8]") == true, "\(w.text)")
    #expect(w["range"] == Self.script.range(of: "W"))
    let d = try client.result("textDocument/hover", Self.at(Self.script.position(of: "D)")))
    #expect(d["contents"]["value"].string?.contains("D: dataset[512, 64 -> 1]") == true, "\(d.text)")
    #expect(d["contents"]["value"].string?.contains("gaussian") == true)
    let pl = try client.result("textDocument/hover", Self.at(Self.script.position(of: "pl_star", plus: 2)))
    let text = pl["contents"]["value"].string ?? ""
    #expect(text.contains("pl_star"))
    #expect(text.contains("formula"))
    #expect(text.contains("003"))
    let wide = try client.result("textDocument/hover", Self.at(Self.script.position(of: "wide, D")))
    let lines = wide["contents"]["value"].string ?? ""
    // 64 * width + width weights and biases, then width + 1 for the output layer
    #expect(lines.contains("wide: model[64 -> 1; 529 params]    # width = 8"), "\(lines)")
    #expect(lines.contains("wide: model[64 -> 1; 1057 params]    # width = 16"))
    let label = try client.result("textDocument/hover", Self.at(Self.script.position(of: "activation: tanh")))
    #expect(label["contents"]["value"].string?.contains("an activation") == true)
    let member = try client.result("textDocument/hover", Self.at(Self.script.position(of: "final_loss")))
    #expect(member["contents"]["value"].string?.contains("final_loss: real") == true)
    let nothing = try client.result("textDocument/hover", Self.at(["line": 0, "character": 3]))
    #expect(nothing.isNull, "a comment has no hover")
    try client.shutDown()
  }

  @Test func completionOffersOnlyWhatFits() throws {
    let client = try Self.session()
    let typed = Script(text: Self.script.text + "model m2 = mlp(in: 64, hidden: [4], activation: \n")
    client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": 2], "contentChanges": [["text": .string(typed.text)]]])
    let afterActivation = try client.result("textDocument/completion", Self.at(typed.position(of: "activation: \n", plus: 12)))
    let activations = ["identity", "tanh", "sigmoid", "bipolar_sigmoid", "softplus", "smooth_leaky_relu", "leaky_relu", "relu",
                       "cloglog", "gelu", "swish"]
    #expect(afterActivation["items"].array.compactMap { $0["label"].string }.sorted() == activations.sorted())
    #expect(afterActivation["items"][0]["kind"].int == 20)

    let call = Script(text: Self.script.text + "train r2 = gd(L, \n")
    client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": 3], "contentChanges": [["text": .string(call.text)]]])
    let arguments = try client.result("textDocument/completion", Self.at(call.position(of: "gd(L, ", plus: 6)))
    let labels = Set(arguments["items"].array.compactMap { $0["label"].string })
    #expect(labels.isSuperset(of: ["lr", "steps", "stop", "time", "theorem"]), "\(labels.sorted())")
    #expect(!labels.contains("D"), "a dataset does not fit lr")
    let steps = arguments["items"].array.first { $0["label"].string == "steps" }
    #expect(steps?["textEdit"]["newText"].string == "steps: ")

    let member = Script(text: Self.script.text + "report run.\n")
    client.notify("textDocument/didChange", ["textDocument": ["uri": .string(Self.uri), "version": 4], "contentChanges": [["text": .string(member.text)]]])
    let members = try client.result("textDocument/completion", Self.at(member.position(of: "report run.", plus: 11)))
    let memberLabels = Set(members["items"].array.compactMap { $0["label"].string })
    #expect(memberLabels.isSuperset(of: ["loss", "final_loss", "grad_norm", "steps"]) && !memberLabels.contains("mu"), "\(memberLabels)")

    let statement = try client.result("textDocument/completion", Self.at(["line": 15, "character": 0]))
    #expect(Set(statement["items"].array.compactMap { $0["label"].string }).isSuperset(of: ["let", "param", "data", "model", "certify", "sweep"]))
    let expression = try client.result("textDocument/completion", Self.at(Self.script.position(of: "c.mu")))
    let visible = Set(expression["items"].array.compactMap { $0["label"].string })
    #expect(visible.isSuperset(of: ["run", "c", "L", "n", "mean", "zeros"]) && !visible.contains("wide"), "a sweep's names stay in it")
    try client.shutDown()
  }

  @Test func completionWhereAStatementIsBeingTyped() throws {
    let client = try LSPClient()
    try client.initialize()
    let cases: [(String, Set<String>)] = [
      ("certify ", ["pl", "pl_star", "chatterjee", "rsc", "landscape"]),
      ("model net = ", ["mlp", "linear_net", "neuron", "glm"]),
      ("data D = gaussian(n: 10, d: 2)\nreport D.", ["n", "d", "k"]),
      ("param w: ", ["real", "vector", "matrix", "tensor"]),
      ("param w: vector[3] on ", ["sphere"]),
      ("train r = gd(f, lr: 0.1, stop: ", ["loss", "grad_norm", "step", "time", "distance"]),
    ]
    for (number, (text, expected)) in cases.enumerated() {
      let uri = "file:///tmp/pcx-lsp-tests/typing\(number).pcx"
      client.open(uri, text)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let position: JSON = ["line": .number(Double(lines.count - 1)), "character": .number(Double(lines.last?.utf16.count ?? 0))]
      let items = try client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": position])["items"].array
      let labels = Set(items.compactMap { $0["label"].string })
      #expect(labels.isSuperset(of: expected), "\(text): \(labels.sorted())")
      #expect(!labels.contains("net") && !labels.contains("w"), "the name being declared is not offered: \(text)")
    }
    client.open("file:///tmp/pcx-lsp-tests/comment.pcx", "# see csv(\"")
    let comment = try client.result("textDocument/completion", ["textDocument": ["uri": "file:///tmp/pcx-lsp-tests/comment.pcx"],
                                                                 "position": ["line": 0, "character": 11]])
    #expect(comment["items"].array.isEmpty)
    try client.shutDown()
  }

  @Test func completionListsFilesInCsvStrings() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcx-lsp-paths-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("x,y\n1,2\n".utf8).write(to: directory.appendingPathComponent("train.csv"))
    try Data().write(to: directory.appendingPathComponent("sub/inner.csv"))
    let uri = directory.appendingPathComponent("s.pcx").absoluteString
    let script = Script(text: "data E = csv(\"\ndata F = csv(\"sub/in\n")
    let client = try LSPClient()
    try client.initialize()
    client.open(uri, script.text)
    _ = try client.diagnostics(uri, version: 1)
    let top = try client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": script.position(of: "csv(\"", plus: 5)])
    #expect(Set(top["items"].array.compactMap { $0["label"].string }) == ["train.csv", "sub/"])
    let inner = try client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": script.position(of: "sub/in", plus: 6)])
    #expect(inner["items"].array.compactMap { $0["label"].string } == ["inner.csv"])
    #expect(inner["items"][0]["textEdit"]["range"] == script.range(of: "in\n", length: 2))
    try client.shutDown()
  }

  @Test func definitionReferencesAndRename() throws {
    let client = try Self.session()
    let definition = try client.result("textDocument/definition", Self.at(Self.script.position(of: "L, lr")))
    #expect(definition["uri"].string == Self.uri)
    #expect(definition["range"] == Self.script.range(of: "L = mse", length: 1))
    let references = try client.result("textDocument/references", [
      "textDocument": ["uri": .string(Self.uri)], "position": Self.script.position(of: "D = "), "context": ["includeDeclaration": true],
    ]).array
    #expect(references.map { $0["range"] } == [
      Self.script.range(of: "D = ", length: 1), Self.script.range(of: "D)", length: 1), Self.script.range(of: "D)", occurrence: 1, length: 1),
    ])
    let rename = try client.result("textDocument/rename", Self.at(Self.script.position(of: "L = mse")).merging(["newName": "objective_L"]))
    let edits = rename["changes"][Self.uri].array
    #expect(edits.count == 3)
    #expect(edits.allSatisfy { $0["newText"].string == "objective_L" })
    let prepared = try client.result("textDocument/prepareRename", Self.at(Self.script.position(of: "run =")))
    #expect(prepared["placeholder"].string == "run")
    let keyword = try client.request("textDocument/rename", Self.at(Self.script.position(of: "L = mse")).merging(["newName": "let"]))
    #expect(keyword["error"]["code"].int == -32803)
    let clash = try client.request("textDocument/rename", Self.at(Self.script.position(of: "width in")).merging(["newName": "n"]))
    #expect(clash["error"]["message"].string?.contains("already declared") == true, "\(clash.text)")
    let catalog = try client.request("textDocument/prepareRename", Self.at(Self.script.position(of: "mse")))
    #expect(catalog["error"]["code"].int == -32803, "a catalog function is not renamed")
    try client.shutDown()
  }

  @Test func documentSymbolsOutlineTheScript() throws {
    let client = try Self.session()
    let symbols = try client.result("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]]).array
    #expect(symbols.compactMap { $0["name"].string } == ["n", "W", "D", "net", "L", "run", "c", "width"])
    #expect(symbols.compactMap { $0["kind"].int } == [14, 13, 23, 5, 12, 24, 11, 3])
    #expect(symbols[2]["detail"].string == "dataset[512, 64 -> 1]")
    #expect(symbols[7]["children"].array.compactMap { $0["name"].string } == ["wide", "Lw"])
    #expect(symbols[3]["selectionRange"] == Self.script.range(of: "net"))
    try client.shutDown()
  }

  @Test func semanticTokensFollowTheChecker() throws {
    let client = try Self.session()
    let result = try client.result("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(Self.uri)]])
    let tokens = SemanticToken.decode(result["data"].array.compactMap(\.int))
    func token(_ needle: String, occurrence: Int = 0) -> SemanticToken? {
      let start = Self.script.position(of: needle, occurrence: occurrence)
      return tokens.first { $0.line == start["line"].int && $0.character == start["character"].int }
    }
    #expect(token("# a feature tour")?.type == "comment")
    #expect(token("# a feature tour")?.length == 16)
    #expect(token("loss L")?.type == "keyword")
    #expect(token("loss <")?.type == "variable")
    #expect(token("loss <")?.modifiers == ["defaultLibrary"])
    #expect(token("tanh")?.type == "enumMember")
    #expect(token("mlp")?.type == "function")
    #expect(token("activation")?.type == "parameter")
    #expect(token("final_loss")?.type == "property")
    #expect(token("W:")?.modifiers == ["declaration"])
    #expect(token("n = 512")?.modifiers == ["declaration", "readonly"])
    #expect(token("512")?.type == "number")
    #expect(token("matrix")?.type == "type")
    #expect(token("<")?.type == "operator")
    #expect(token("width]")?.type == "variable")
    try client.shutDown()
  }

  @Test func signatureHelpFollowsTheArgument() throws {
    let client = try Self.session()
    let positional = try client.result("textDocument/signatureHelp", Self.at(Self.script.position(of: "hidden: [16]")))
    #expect(positional["signatures"][0]["label"].string?.hasPrefix("mlp(in, hidden, out: 1, activation: tanh") == true)
    #expect(positional["activeParameter"].int == 1)
    let named = try client.result("textDocument/signatureHelp", Self.at(Self.script.position(of: "tanh")))
    #expect(named["activeParameter"].int == 3)
    let parameter = named["signatures"][0]["parameters"][3]["label"].array.compactMap(\.int)
    let label = named["signatures"][0]["label"].string ?? ""
    #expect(parameter.count == 2 && String(label.utf16.dropFirst(parameter[0]).prefix(parameter[1] - parameter[0])) == "activation: tanh")
    let outside = try client.result("textDocument/signatureHelp", Self.at(["line": 2, "character": 4]))
    #expect(outside.isNull)
    try client.shutDown()
  }
}

/// A decoded semantic token.
struct SemanticToken {
  static let types = ["keyword", "variable", "parameter", "function", "property", "enumMember", "type", "number", "string", "operator", "comment"]
  static let modifierNames = ["declaration", "readonly", "defaultLibrary"]
  let line: Int
  let character: Int
  let length: Int
  let type: String
  let modifiers: [String]

  /// Undoes LSP's relative encoding.
  static func decode(_ data: [Int]) -> [SemanticToken] {
    var tokens: [SemanticToken] = []
    var line = 0
    var character = 0
    var index = 0
    while index + 4 < data.count {
      line += data[index]
      character = data[index] == 0 ? character + data[index + 1] : data[index + 1]
      let bits = data[index + 4]
      tokens.append(SemanticToken(line: line, character: character, length: data[index + 2],
                                  type: data[index + 3] < types.count ? types[data[index + 3]] : "?",
                                  modifiers: modifierNames.indices.filter { bits & (1 << $0) != 0 }.map { modifierNames[$0] }))
      index += 5
    }
    return tokens
  }
}

extension JSON {
  /// An object with `other`'s keys added.
  func merging(_ other: JSON) -> JSON {
    guard case .object(var mine) = self, case .object(let theirs) = other else { return self }
    mine.merge(theirs) { $1 }
    return .object(mine)
  }
}
