import Foundation
import PCX

extension LanguageServer {
  /// Answers a request: lifecycle first, then the features, each on the current analysis.
  func request(_ method: String, _ id: RequestID, _ body: [UInt8]) {
    if phase == .uninitialized, method != "initialize" { return output.send(Outgoing.failure(id, .serverNotInitialized)) }
    if phase == .shutDown { return output.send(Outgoing.failure(id, .invalidRequest("the server is shutting down: only 'exit' is accepted"))) }
    switch method {
    case "initialize":
      answer(id, body, InitializeParams.self) { initialize($0) }
    case "shutdown":
      phase = .shutDown
      output.send(Outgoing.response(id, Optional<Int>.none))
    case "textDocument/hover":
      answer(id, body, PositionParams.self) { p in document(p.textDocument) { HoverProvider.hover($0, at: p.position) } }
    case "textDocument/completion":
      answer(id, body, CompletionParams.self) { p in
        document(p.textDocument) { CompletionProvider.complete($0, at: p.position, trigger: p.context?.triggerCharacter) }
      }
    case "textDocument/signatureHelp":
      answer(id, body, PositionParams.self) { p in document(p.textDocument) { SignatureHelpProvider.help($0, at: p.position) } }
    case "textDocument/definition":
      answer(id, body, PositionParams.self) { p in document(p.textDocument) { Navigation.definition($0, at: p.position) } }
    case "textDocument/references":
      answer(id, body, ReferenceParams.self) { p in
        document(p.textDocument) { Navigation.references($0, at: p.position, includeDeclaration: p.context?.includeDeclaration ?? true) }
      }
    case "textDocument/prepareRename":
      answer(id, body, PositionParams.self) { p in document(p.textDocument) { Navigation.prepareRename($0, at: p.position) }.flatMap { $0 } }
    case "textDocument/rename":
      answer(id, body, RenameParams.self) { p in document(p.textDocument) { Navigation.rename($0, at: p.position, to: p.newName) }.flatMap { $0 } }
    case "textDocument/documentSymbol":
      answer(id, body, DocumentParams.self) { p in document(p.textDocument) { DocumentSymbols.symbols($0) } }
    case "textDocument/semanticTokens/full":
      answer(id, body, DocumentParams.self) { p in document(p.textDocument) { SemanticTokensProvider.tokens($0) } }
    case "textDocument/codeAction":
      answer(id, body, CodeActionParams.self) { p in
        document(p.textDocument) { DiagnosticConverter.quickFixes($0, in: p.range, relatedInformation: relatedInformation) }
      }
    case "workspace/executeCommand":
      executeCommand(id, body)
    default:
      output.send(Outgoing.failure(id, .methodNotFound(method)))
    }
  }

  /// Decodes the params, runs the handler, and sends its result or error.
  private func answer<P: Decodable, R: Encodable>(
    _ id: RequestID, _ body: [UInt8], _ type: P.Type, _ handler: (P) -> Result<R, ResponseError>
  ) {
    let params: P
    do {
      params = try JSONDecoder().decode(ParamsEnvelope<P>.self, from: Data(body)).params
    } catch {
      return output.send(Outgoing.failure(id, .invalidParams("invalid params: \(ParamsProblem.describe(error))")))
    }
    switch handler(params) {
    case .success(let result): output.send(Outgoing.response(id, result))
    case .failure(let error): output.send(Outgoing.failure(id, error))
    }
  }

  /// Runs a feature on an open document's analysis.
  private func document<R>(_ identifier: TextDocumentIdentifier, _ feature: (Analysis) -> R) -> Result<R, ResponseError> {
    guard let analysis = analysis(identifier.uri) else {
      return .failure(.requestFailed("'\(identifier.uri)' is not open: send textDocument/didOpen first"))
    }
    return .success(feature(analysis))
  }

  private func initialize(_ params: InitializeParams) -> Result<InitializeResult, ResponseError> {
    guard phase == .uninitialized else { return .failure(.invalidRequest("the server is already initialized")) }
    phase = .running
    encoding = PositionEncoding.negotiate(params.positionEncodings)
    relatedInformation = params.relatedInformation
    if let milliseconds = params.debounceMilliseconds { debounce = Double(max(0, min(milliseconds, 5000))) / 1000 }
    return .success(InitializeResult(capabilities: ServerCapabilities(positionEncoding: encoding.rawValue),
                                     serverInfo: .init(name: "pcx", version: pcxVersion)))
  }

  /// `pcx.runScript [uri]`: runs the script (the only time the server trains or certifies) and
  /// answers when it ends, publishing the verdicts at their `certify` lines.
  private func executeCommand(_ id: RequestID, _ body: [UInt8]) {
    answerLater(id, body) { (params: ExecuteCommandParams) -> ResponseError? in
      guard params.command == RunScript.command else { return .invalidParams("unknown command '\(params.command)' (the server has \(RunScript.command))") }
      guard case .string(let uri)? = params.arguments?.first else {
        return .invalidParams("\(RunScript.command) needs the document's URI as its argument")
      }
      guard let analysis = analysis(uri), let document = documents[uri] else { return .requestFailed("'\(uri)' is not open") }
      if analysis.diagnostics.containsError { return .requestFailed("the script has errors; fix them before running it") }
      guard running.insert(uri).inserted else { return .requestFailed("the script is already running") }
      let queue = self.queue
      RunScript.start(analysis, text: String(decoding: document.bytes, as: UTF8.self)) { outcome in
        queue.post(.runFinished(outcome, id))
      }
      return nil
    }
  }

  /// Like `answer`, for requests answered later: the handler returns an error to send now, or
  /// nil when the answer will follow.
  private func answerLater<P: Decodable>(_ id: RequestID, _ body: [UInt8], _ handler: (P) -> ResponseError?) {
    do {
      let params = try JSONDecoder().decode(ParamsEnvelope<P>.self, from: Data(body)).params
      if let error = handler(params) { output.send(Outgoing.failure(id, error)) }
    } catch {
      output.send(Outgoing.failure(id, .invalidParams("invalid params: \(ParamsProblem.describe(error))")))
    }
  }
}
