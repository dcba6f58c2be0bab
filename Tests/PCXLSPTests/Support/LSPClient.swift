import Foundation
import PCXTestSupport
import Testing

/// A client written for the tests: starts the real `pcx lsp` binary, writes framed messages to
/// its stdin and reads its stdout on a thread. Every wait has a timeout, so a server that hangs
/// fails the test instead of stalling the suite.
final class LSPClient: @unchecked Sendable {
  // @unchecked: `inbox` and `closed` are only touched while holding `condition`.
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  let process = Process()
  private let input = Pipe()
  private let outputPipe = Pipe()
  private let condition = NSCondition()
  private var inbox: [Received] = []
  private var closed = false
  private var nextID = 1
  /// Seconds any wait may take: generous, for a debug build on a loaded 2-core machine.
  static let timeout: TimeInterval = 60

  init() throws {
    process.executableURL = URL(fileURLWithPath: try pcxBinary())
    process.arguments = ["lsp"]
    process.standardInput = input
    process.standardOutput = outputPipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let handle = outputPipe.fileHandleForReading
    Thread { [self] in readLoop(handle) }.start()
  }

  deinit {
    if process.isRunning { process.terminate() }
  }

  private func readLoop(_ handle: FileHandle) {
    var buffer = Data()
    while true {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      buffer.append(chunk)
      while let message = Self.takeFrame(&buffer) {
        condition.lock()
        inbox.append(message)
        condition.signal()
        condition.unlock()
      }
    }
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// A received message: its id and method read at once, the rest decoded when asked (a
  /// million semantic tokens decode slowly into `JSON` in a debug build).
  final class Received: @unchecked Sendable {
    // @unchecked: only read and decoded while the client's condition is held.
    private struct Head: Decodable {
      let id: Int?
      let method: String?
    }
    let body: Data
    let id: Int?
    let method: String?
    private(set) lazy var json: JSON = (try? JSONDecoder().decode(JSON.self, from: body)) ?? .string("undecodable: \(String(decoding: body, as: UTF8.self))")

    init(_ body: Data) {
      self.body = body
      let head = try? JSONDecoder().decode(Head.self, from: body)
      id = head?.id
      method = head?.method
    }
  }

  /// One `Content-Length` frame from the front of `buffer`, if complete.
  private static func takeFrame(_ buffer: inout Data) -> Received? {
    guard let separator = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let header = String(decoding: buffer[buffer.startIndex..<separator.lowerBound], as: UTF8.self)
    guard let line = header.split(separator: "\r\n").first(where: { $0.hasPrefix("Content-Length:") }),
      let length = Int(line.dropFirst("Content-Length:".count).trimmingCharacters(in: .whitespaces)),
      buffer.distance(from: separator.upperBound, to: buffer.endIndex) >= length
    else { return nil }
    let body = buffer[separator.upperBound..<buffer.index(separator.upperBound, offsetBy: length)]
    buffer = Data(buffer[buffer.index(separator.upperBound, offsetBy: length)...])
    return Received(Data(body))
  }

  // MARK: Sending

  func sendRaw(_ bytes: Data) {
    try? input.fileHandleForWriting.write(contentsOf: bytes)
  }

  func send(_ message: JSON) {
    let body = (try? JSONEncoder().encode(message)) ?? Data()
    sendRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
  }

  func notify(_ method: String, _ params: JSON) {
    send(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  /// Sends a request and waits for its response (notifications received meanwhile are kept).
  @discardableResult
  func request(_ method: String, _ params: JSON = nil) throws -> JSON {
    let id = nextID
    nextID += 1
    send(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params])
    return try response(id, method).json
  }

  /// Sends a request and waits for a successful response without decoding its result.
  func succeeds(_ method: String, _ params: JSON = nil) throws -> Bool {
    let id = nextID
    nextID += 1
    send(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params])
    return try response(id, method).body.range(of: Data(#""result":"#.utf8)) != nil
  }

  private func response(_ id: Int, _ method: String) throws -> Received {
    try nextReceived("the response to \(method)") { $0.id == id && $0.method == nil }
  }

  /// The result of a request that must succeed.
  func result(_ method: String, _ params: JSON = nil) throws -> JSON {
    let response = try request(method, params)
    guard response["error"].isNull else { throw Failure(description: "\(method) failed: \(response["error"].text)") }
    return response["result"]
  }

  /// Waits for a notification of `method` matching `predicate`.
  func notification(_ method: String, where predicate: (JSON) -> Bool = { _ in true }) throws -> JSON {
    try next("a \(method) notification") { $0["method"].string == method && predicate($0["params"]) }["params"]
  }

  /// Waits for the diagnostics of `uri` at `version`.
  func diagnostics(_ uri: String, version: Int) throws -> [JSON] {
    try notification("textDocument/publishDiagnostics") { $0["uri"].string == uri && $0["version"].int == version }["diagnostics"].array
  }

  /// The first received message matching `predicate`, removed from the inbox.
  func next(_ what: String, _ predicate: (JSON) -> Bool) throws -> JSON {
    try nextReceived(what) { predicate($0.json) }.json
  }

  /// The messages received so far that match `predicate` (without waiting or removing them).
  func received(_ predicate: (JSON) -> Bool) -> [JSON] {
    condition.lock()
    defer { condition.unlock() }
    return inbox.map(\.json).filter(predicate)
  }

  private func nextReceived(_ what: String, _ predicate: (Received) -> Bool) throws -> Received {
    let deadline = Date().addingTimeInterval(Self.timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let index = inbox.firstIndex(where: predicate) { return inbox.remove(at: index) }
      if closed { throw Failure(description: "the server closed its output before \(what)") }
      if !condition.wait(until: deadline) { throw Failure(description: "no \(what) within \(Self.timeout) s") }
    }
  }

  // MARK: Lifecycle

  /// `initialize` (offering `encodings` when given) and `initialized`; returns the result.
  @discardableResult
  func initialize(encodings: [String]? = nil, relatedInformation: Bool = true, debounceMilliseconds: Int? = nil) throws -> JSON {
    var general: JSON = [:]
    if let encodings { general = ["positionEncodings": .array(encodings.map { .string($0) })] }
    let result = try self.result("initialize", [
      "processId": nil, "rootUri": nil,
      "capabilities": ["general": general, "textDocument": ["publishDiagnostics": ["relatedInformation": .bool(relatedInformation)]]],
      "initializationOptions": debounceMilliseconds.map { ["debounceMilliseconds": .number(Double($0))] } ?? nil,
    ])
    notify("initialized", [:])
    return result
  }

  func open(_ uri: String, _ text: String, version: Int = 1) {
    notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "pcx", "version": .number(Double(version)), "text": .string(text)]])
  }

  /// Closes stdin and waits for the exit status.
  func waitForExit(closingInput: Bool = false) throws -> Int32 {
    if closingInput { try? input.fileHandleForWriting.close() }
    let deadline = Date().addingTimeInterval(Self.timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw Failure(description: "pcx lsp did not exit within \(Self.timeout) s")
      }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return process.terminationStatus
  }

  /// Shuts the server down cleanly and checks it exits 0.
  func shutDown() throws {
    _ = try request("shutdown")
    notify("exit", nil)
    let status = try waitForExit()
    #expect(status == 0)
  }
}

/// Positions of text in a test script, in UTF-16 (LSP's default) or UTF-8.
struct Script {
  let text: String

  /// The range of the `occurrence`-th appearance of `needle` (0-based).
  func range(of needle: String, occurrence: Int = 0, utf8: Bool = false) -> JSON {
    var searchStart = text.startIndex
    var found = text.range(of: needle)
    for _ in 0..<occurrence {
      guard let previous = found else { break }
      searchStart = previous.upperBound
      found = text.range(of: needle, range: searchStart..<text.endIndex)
    }
    guard let found else { return nil }
    return ["start": position(found.lowerBound, utf8: utf8), "end": position(found.upperBound, utf8: utf8)]
  }

  /// The range of the first `length` characters of the `occurrence`-th `needle`.
  func range(of needle: String, occurrence: Int = 0, length: Int) -> JSON {
    let start = position(of: needle, occurrence: occurrence)
    return ["start": start, "end": ["line": start["line"], "character": .number(Double((start["character"].int ?? 0) + length))]]
  }

  /// The position `offset` characters into the `occurrence`-th `needle`.
  func position(of needle: String, occurrence: Int = 0, plus offset: Int = 0, utf8: Bool = false) -> JSON {
    let start = range(of: needle, occurrence: occurrence, utf8: utf8)["start"]
    return ["line": start["line"], "character": .number(Double((start["character"].int ?? 0) + offset))]
  }

  private func position(_ index: String.Index, utf8: Bool) -> JSON {
    let before = text[..<index]
    let line = before.filter { $0 == "\n" }.count
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    let column = utf8 ? text[lineStart..<index].utf8.count : text[lineStart..<index].utf16.count
    return ["line": .number(Double(line)), "character": .number(Double(column))]
  }
}
