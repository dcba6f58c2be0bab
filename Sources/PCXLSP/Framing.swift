/// Splits the byte stream of stdin into JSON-RPC messages framed as LSP frames them:
/// `Content-Length: N\r\n` (other headers allowed), a blank line, then N bytes of JSON.
/// A bad header or an oversized length yields an error, after which the parser skips to the
/// next `Content-Length:` so the server goes on; nothing is allocated for a refused body.
struct FrameParser {
  /// What a chunk of input produced.
  enum Output: Equatable {
    /// A complete message body.
    case message([UInt8])
    /// A framing error: the message is answered with a JSON-RPC error.
    case error(String)
  }

  private enum State { case header, body(Int), skipping }

  private var buffer: [UInt8] = []
  private var start = 0
  private var state = State.header
  private static let marker = Array("Content-Length:".utf8)

  /// Adds bytes read from the stream and returns the messages and errors they complete.
  mutating func feed<C: Collection>(_ bytes: C) -> [Output] where C.Element == UInt8 {
    buffer.append(contentsOf: bytes)
    var outputs: [Output] = []
    while let output = step() { outputs.append(output) }
    compact()
    return outputs
  }

  /// One message or error from the buffer, or nil when more input is needed.
  private mutating func step() -> Output? {
    while true {
      switch state {
      case .header:
        guard let (end, bodyStart) = headerEnd() else {
          if buffer.count - start > ServerLimits.maxHeaderBytes {
            state = .skipping
            start += 1
            return .error("bad header: longer than \(ServerLimits.maxHeaderBytes) bytes without a blank line")
          }
          return nil
        }
        let block = buffer[start..<end]
        start = bodyStart
        switch Self.contentLength(block) {
        case .success(let count) where count > ServerLimits.maxMessageBytes:
          state = .skipping
          return .error("message of \(count) bytes is over the limit of \(ServerLimits.maxMessageBytes) bytes; skipped")
        case .success(let count):
          state = .body(count)
        case .failure(let problem):
          state = .skipping
          return .error("bad header: \(problem.message)")
        }
      case .body(let count):
        guard buffer.count - start >= count else { return nil }
        let body = Array(buffer[start..<start + count])
        start += count
        state = .header
        return .message(body)
      case .skipping:
        guard let found = find(Self.marker, from: start) else {
          start = max(start, buffer.count - (Self.marker.count - 1))
          return nil
        }
        start = found
        state = .header
      }
    }
  }

  /// Where the header block ends and where the body starts: at the first empty line
  /// (`\r\n\r\n`, or `\n\n` from lenient clients).
  private func headerEnd() -> (Int, Int)? {
    var index = start
    let limit = min(buffer.count, start + ServerLimits.maxHeaderBytes + 4)
    while index < limit {
      if buffer[index] == 0x0A {
        var next = index + 1
        if next < limit, buffer[next] == 0x0D { next += 1 }
        if next < limit, buffer[next] == 0x0A { return (index, next + 1) }
      }
      index += 1
    }
    return nil
  }

  struct HeaderProblem: Error { let message: String }

  /// The value of `Content-Length` in a header block.
  static func contentLength(_ block: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
    var length: Int?
    // Split bytes, not Characters: "\r\n" is one Character in Swift.
    for bytes in block.split(separator: 0x0A, omittingEmptySubsequences: true) {
      let line = Substring(String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes, as: UTF8.self))
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderProblem(message: "a header line without ':' (\(Self.excerpt(line)))"))
      }
      guard line[..<colon].lowercased() == "content-length" else { continue }
      let value = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
      guard let number = Int(value), number >= 0 else {
        return .failure(HeaderProblem(message: "Content-Length is not a non-negative integer (\(Self.excerpt(Substring(value))))"))
      }
      length = number
    }
    guard let length else { return .failure(HeaderProblem(message: "no Content-Length")) }
    return .success(length)
  }

  private static func excerpt(_ text: Substring) -> String {
    text.count > 40 ? "'\(text.prefix(40))...'" : "'\(text)'"
  }

  private func find(_ needle: [UInt8], from offset: Int) -> Int? {
    guard buffer.count >= needle.count else { return nil }
    var index = offset
    while index + needle.count <= buffer.count {
      if buffer[index] == needle[0], buffer[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }

  /// Drops consumed bytes once they outweigh the rest, so a long session stays small.
  private mutating func compact() {
    if start > 65_536, start * 2 > buffer.count {
      buffer.removeFirst(start)
      start = 0
    }
  }
}
