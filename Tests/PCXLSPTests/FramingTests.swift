import Testing
@testable import PCXLSP

/// The frame parser on its own: byte-at-a-time input, bad headers, oversized lengths and the
/// recovery to the next message.
@Suite("Framing: Content-Length frames, bad headers, oversized lengths")
struct FramingTests {
  static func frame(_ body: String) -> [UInt8] { Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8) }

  static func messages(_ outputs: [FrameParser.Output]) -> [String] {
    outputs.compactMap { if case .message(let body) = $0 { return String(decoding: body, as: UTF8.self) } else { return nil } }
  }

  static func errors(_ outputs: [FrameParser.Output]) -> [String] {
    outputs.compactMap { if case .error(let message) = $0 { return message } else { return nil } }
  }

  @Test func framesSplitAnywhere() {
    let stream = Self.frame("{\"a\": 1}") + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".utf8) + Self.frame("{\"λ\": \"𝔼\"}")
    var parser = FrameParser()
    var outputs: [FrameParser.Output] = []
    for byte in stream { outputs += parser.feed([byte]) }
    #expect(Self.messages(outputs) == ["{\"a\": 1}", "{\"λ\": \"𝔼\"}"])
    #expect(Self.errors(outputs).isEmpty)
    var whole = FrameParser()
    #expect(Self.messages(whole.feed(stream)) == ["{\"a\": 1}", "{\"λ\": \"𝔼\"}"])
  }

  @Test func lenientAboutBareNewlinesAndCase() {
    var parser = FrameParser()
    #expect(Self.messages(parser.feed(Array("content-length:  2\n\n{}".utf8))) == ["{}"])
  }

  @Test func badHeadersAreReportedAndSkipped() {
    var parser = FrameParser()
    let outputs = parser.feed(Array("Content-Length: -4\r\n\r\n{}".utf8) + Array("garbage without colon\r\n\r\n".utf8) + Self.frame("{}"))
    #expect(Self.errors(outputs).count == 1, "the second bad header is skipped while looking for the next message")
    #expect(Self.errors(outputs).first?.contains("not a non-negative integer ('-4')") == true)
    #expect(Self.messages(outputs) == ["{}"])
    var noLength = FrameParser()
    let missing = noLength.feed(Array("Content-Type: x\r\n\r\n".utf8) + Self.frame("[]"))
    #expect(Self.errors(missing) == ["bad header: no Content-Length"])
    #expect(Self.messages(missing) == ["[]"])
  }

  @Test func oversizedLengthsAllocateNothing() {
    var parser = FrameParser()
    var outputs = parser.feed(Array("Content-Length: 99999999999999999\r\n\r\n".utf8))
    #expect(Self.errors(outputs).first?.contains("over the limit") == true)
    let junk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
    for _ in 0..<4 { outputs += parser.feed(junk) }
    outputs += parser.feed(Array("Content-".utf8))
    outputs += parser.feed(Array("Length: 2\r\n\r\n{}".utf8))
    #expect(Self.messages(outputs) == ["{}"], "the marker split across reads is still found")
    var overflow = FrameParser()
    #expect(Self.errors(overflow.feed(Array("Content-Length: 123456789012345678901234567890\r\n\r\n".utf8))).count == 1)
  }

  @Test func endlessHeadersAreCut() {
    var parser = FrameParser()
    let outputs = parser.feed([UInt8](repeating: UInt8(ascii: "h"), count: ServerLimits.maxHeaderBytes + 10))
    #expect(Self.errors(outputs).first?.contains("longer than") == true)
    #expect(Self.messages(parser.feed(Self.frame("{}"))) == ["{}"])
  }
}
