import PCXSource
import Testing
@testable import PCXLSP

/// Byte offsets to LSP positions and back, in each encoding.
@Suite("Positions: UTF-8, UTF-16 and UTF-32 columns")
struct PositionTests {
  // "a𝔼λb\r\nc": 𝔼 is 4 bytes / 2 UTF-16 units / 1 scalar; λ is 2 / 1 / 1.
  static let file = SourceFile(name: "t", text: "a𝔼λb\r\nc")

  @Test func columnsPerEncoding() {
    let b = 1 + 4 + 2  // byte offset of "b"
    for (encoding, column) in [(PositionEncoding.utf8, 7), (.utf16, 4), (.utf32, 3)] {
      let index = LineIndex(file: Self.file, encoding: encoding)
      #expect(index.position(of: b) == LSPPosition(line: 0, character: column))
      #expect(index.offset(of: LSPPosition(line: 0, character: column)) == b)
      #expect(index.position(of: Self.file.bytes.count) == LSPPosition(line: 1, character: 1))
      #expect(index.offset(of: LSPPosition(line: 1, character: 0)) == Self.file.bytes.count - 1)
    }
  }

  @Test func clamping() {
    let index = LineIndex(file: Self.file, encoding: .utf16)
    #expect(index.offset(of: LSPPosition(line: 0, character: 2)) == 1, "inside the surrogate pair of 𝔼: its start")
    #expect(index.offset(of: LSPPosition(line: 0, character: 99)) == 8, "past the line: before its \\r\\n")
    #expect(index.offset(of: LSPPosition(line: 9, character: 0)) == Self.file.bytes.count)
    #expect(index.offset(of: LSPPosition(line: -1, character: 0)) == 0)
  }

  @Test func negotiation() {
    #expect(PositionEncoding.negotiate([]) == .utf16)
    #expect(PositionEncoding.negotiate(["utf-16", "utf-8"]) == .utf8)
    #expect(PositionEncoding.negotiate(["utf-32"]) == .utf32)
    #expect(PositionEncoding.negotiate(["latin-1"]) == .utf16)
  }

  @Test func cursorMatchesDirectConversion() {
    let text = "x = \"λλ\" # 𝔼\n\n  y𝔼 = 2\nz"
    let file = SourceFile(name: "t", text: text)
    for encoding in [PositionEncoding.utf8, .utf16, .utf32] {
      let index = LineIndex(file: file, encoding: encoding)
      var cursor = PositionCursor(index)
      for offset in 0...file.bytes.count where offset == file.bytes.count || file.bytes[offset] & 0xC0 != 0x80 {
        #expect(cursor.position(of: offset) == index.position(of: offset))
      }
      #expect(cursor.position(of: 0) == LSPPosition(line: 0, character: 0), "going back restarts")
    }
  }

  @Test func incrementalEditsLandOnTheirRange() {
    var document = Document(uri: "file:///t.pcx", version: 1, bytes: Array("let s = \"𝔼\"\nlet t = bb\n".utf8))
    document.apply(ContentChange(range: LSPRange(start: LSPPosition(line: 1, character: 8), end: LSPPosition(line: 1, character: 10)), text: "λ"),
                   encoding: .utf16)
    document.apply(ContentChange(range: LSPRange(start: LSPPosition(line: 0, character: 9), end: LSPPosition(line: 0, character: 11)), text: "ab"),
                   encoding: .utf16)
    #expect(String(decoding: document.bytes, as: UTF8.self) == "let s = \"ab\"\nlet t = λ\n")
  }
}
