import Foundation
import Testing
@testable import PCXRuntime

/// The shard reader's JSON parser against Foundation's decoder, and bit-exact numbers.
@Suite("Shards: the JSON parser")
struct JSONParserTests {
  @Test func readsWhatFoundationReads() throws {
    let text = #"""
      {"a": [1, -0, 0.1, 1e-05, 1.7976931348623157e+308, 5e-324, -2.5E3, null, true, false],
       "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 λ", "o": {"": [], "x": {}}, "n": -12345678901234567}
      """#
    let data = Data(text.utf8)
    #expect(try JSONParser.parse(data) == JSONValue.parse(data))
    guard case .object(let o) = try JSONParser.parse(data), case .array(let a)? = o["a"], case .number(let z) = a[1] else {
      Issue.record("not an object with an array")
      return
    }
    #expect(z == 0 && z.sign == .minus)
  }

  /// Every double written in shortest round-trip form reads back to the same bits.
  @Test func numbersReadBackBitForBit() throws {
    // SplitMix64 from a fixed seed: random bit patterns (every exponent), the same on every run
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let bits: [UInt64] = (0..<4000).map { _ in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let xs = bits.map(Double.init(bitPattern:)).filter(\.isFinite) + [0.1, 1 / 3, 1e-310, -0.0]
    let back = try JSONParser.parse(Data(JSONValue.array(xs.map(JSONValue.number)).serialized().utf8))
    guard case .array(let items) = back else { Issue.record("not an array"); return }
    for (x, item) in zip(xs, items) {
      guard case .number(let y) = item else { Issue.record("\(x) read back as \(item)"); continue }
      #expect(y.bitPattern == x.bitPattern, "\(x) read back as \(y)")
    }
  }

  @Test func refusesBrokenText() {
    for bad in ["", "[1, 2", "{\"a\" 1}", "[1,]", "\"abc", "tru", "[1] x", "{\"a\": 1,}", "[\"\\q\"]", "[01.2.3]", "1e999"] {
      #expect(throws: RuntimeError.self, "\(bad)") { try JSONParser.parse(Data(bad.utf8)) }
    }
    #expect(throws: RuntimeError.self) { try JSONParser.parse(Data((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)) }
  }
}
