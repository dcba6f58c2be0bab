import Testing
@testable import PCXLSP

@Suite("Framing: Content-Length frames, bad headers, oversized lengths")
struct FramingTests {
  @Test func placeholder() {}
}
