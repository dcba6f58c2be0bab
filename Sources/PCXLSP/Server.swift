import Foundation

/// `pcx lsp`: a Language Server Protocol server on a pair of file descriptors (stdin and
/// stdout), over the same front end as `pcx check`. One thread reads and frames the input; the
/// loop handles messages in order and checks changed documents once their edits pause.
public final class LanguageServer {
  enum Phase { case uninitialized, running, shutDown }

  var phase = Phase.uninitialized
  /// The position encoding negotiated at `initialize`.
  var encoding = PositionEncoding.utf16
  /// Whether the client shows a diagnostic's related information.
  var relatedInformation = false
  /// Quiet time after a change before the check.
  var debounce = Double(ServerLimits.defaultDebounceMilliseconds) / 1000
  var documents: [String: Document] = [:]
  /// The latest analysis of each document (stale when its version is older).
  var analyses: [String: Analysis] = [:]
  /// Documents to check and publish, with when.
  var dueChecks: [String: Date] = [:]
  /// The last run's verdicts per document, shown until the document changes.
  var verdicts: [String: RunScript.Outcome] = [:]
  /// Documents with a `pcx.runScript` run in progress.
  var running: Set<String> = []
  var exitCode: Int32?
  let queue = EventQueue()
  let output: OutputWriter
  let input: Int32

  /// A server reading `input` and writing `output`.
  public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
    self.input = input
    self.output = OutputWriter(descriptor: output)
  }

  /// Serves until `exit` or the end of input; returns the exit code: 0 after `shutdown`, else 1.
  public func run() -> Int32 {
    InputReader.start(input, into: queue)
    while exitCode == nil {
      if let event = queue.next(until: dueChecks.values.min()) { handle(event) }
      checkDueDocuments()
    }
    return exitCode ?? 1
  }

  private func handle(_ event: ServerEvent) {
    switch event {
    case .input(.message(let body)): handleMessage(body)
    case .input(.error(let message)): output.send(Outgoing.failure(nil, .parseError(message)))
    case .endOfInput: exitCode = phase == .shutDown ? 0 : 1
    case .runFinished(let outcome, let id): finishRun(outcome, id)
    }
  }

  private func handleMessage(_ body: [UInt8]) {
    let head: MessageHead
    switch MessageHead.read(body) {
    case .failure(let error):
      output.send(Outgoing.failure(nil, error))
      return
    case .success(let read): head = read
    }
    guard let method = head.method else {
      if !head.isResponse { output.send(Outgoing.failure(head.id, .invalidRequest("a request needs a \"method\""))) }
      return  // answers to requests the server never sends are dropped
    }
    guard head.jsonrpc == "2.0" else {
      if head.hasID { output.send(Outgoing.failure(head.id, .invalidRequest("\"jsonrpc\" must be \"2.0\""))) }
      return
    }
    if head.hasID {
      guard let id = head.id else {
        output.send(Outgoing.failure(nil, .invalidRequest("a request id must be a number or a string")))
        return
      }
      request(method, id, body)
    } else {
      notification(method, body)
    }
  }

  // MARK: Notifications

  private func notification(_ method: String, _ body: [UInt8]) {
    if method == "exit" {
      exitCode = phase == .shutDown ? 0 : 1
      return
    }
    guard phase == .running else { return }  // before `initialize` notifications are dropped
    switch method {
    case "textDocument/didOpen":
      decode(body, DidOpenParams.self, method) { params in
        let item = params.textDocument
        documents[item.uri] = Document(uri: item.uri, version: item.version, bytes: Array(item.text.utf8))
        analyses[item.uri] = nil
        dueChecks[item.uri] = Date()
      }
    case "textDocument/didChange":
      decode(body, DidChangeParams.self, method) { params in
        let uri = params.textDocument.uri
        guard var document = documents[uri] else { return }
        for change in params.contentChanges { document.apply(change, encoding: encoding) }
        document.version = params.textDocument.version
        documents[uri] = document
        analyses[uri] = nil  // even when a client repeats a version number
        verdicts[uri] = nil
        dueChecks[uri] = Date().addingTimeInterval(debounce)
      }
    case "textDocument/didSave":
      decode(body, DocumentParams.self, method) { params in
        analyses[params.textDocument.uri] = nil  // data files next to it may have changed
        if documents[params.textDocument.uri] != nil { dueChecks[params.textDocument.uri] = Date() }
      }
    case "textDocument/didClose":
      decode(body, DocumentParams.self, method) { params in
        let uri = params.textDocument.uri
        (documents[uri], analyses[uri], dueChecks[uri], verdicts[uri]) = (nil, nil, nil, nil)
        output.send(Outgoing.notification("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: [])))
      }
    default: break  // `initialized`, `$/...` and unknown notifications need nothing
    }
  }

  /// Decodes a notification's params, or logs why it was ignored (a notification has no answer).
  private func decode<P: Decodable>(_ body: [UInt8], _ type: P.Type, _ method: String, _ handler: (P) -> Void) {
    do {
      handler(try JSONDecoder().decode(ParamsEnvelope<P>.self, from: Data(body)).params)
    } catch {
      log("ignored '\(method)': its params do not decode (\(ParamsProblem.describe(error)))")
    }
  }

  /// A `window/logMessage` error the client shows in its log.
  func log(_ message: String) {
    struct LogMessage: Encodable {
      let type: Int
      let message: String
    }
    output.send(Outgoing.notification("window/logMessage", LogMessage(type: 1, message: message)))
  }

  // MARK: Checking

  /// The analysis of an open document's current version (checked now if stale).
  func analysis(_ uri: String) -> Analysis? {
    guard let document = documents[uri] else { return nil }
    if let cached = analyses[uri], cached.version == document.version { return cached }
    let fresh = Analysis(document, encoding: encoding)
    analyses[uri] = fresh
    return fresh
  }

  /// Checks and publishes every document whose quiet time has passed.
  private func checkDueDocuments() {
    let now = Date()
    for (uri, due) in dueChecks where due <= now {
      dueChecks[uri] = nil
      publish(uri)
    }
  }

  func publish(_ uri: String) {
    guard let analysis = analysis(uri) else { return }
    var diagnostics = DiagnosticConverter.convert(analysis, relatedInformation: relatedInformation)
    if let outcome = verdicts[uri], outcome.version == analysis.version { diagnostics += outcome.diagnostics }
    output.send(Outgoing.notification("textDocument/publishDiagnostics",
                                      PublishDiagnosticsParams(uri: uri, version: analysis.version, diagnostics: diagnostics)))
  }

  // MARK: Runs

  private func finishRun(_ outcome: RunScript.Outcome, _ id: RequestID) {
    running.remove(outcome.uri)
    guard documents[outcome.uri]?.version == outcome.version else {
      output.send(Outgoing.response(id, RunScript.Summary(status: outcome.summary.status, certificates: outcome.summary.certificates,
                                                          message: outcome.summary.message + " (the document changed while it ran: verdicts not shown)")))
      return
    }
    verdicts[outcome.uri] = outcome
    publish(outcome.uri)
    output.send(Outgoing.response(id, outcome.summary))
  }
}

/// Readable reasons for params that do not decode.
enum ParamsProblem {
  static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    let path = { (context: DecodingError.Context) in
      context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing '\((path(context).isEmpty ? "" : path(context) + ".") + key.stringValue)'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      return "'\(path(context))': \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
  }
}
