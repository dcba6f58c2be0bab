import Foundation

/// A JSON reader straight into `JSONValue`, for shards: `gather` reads every point's traces, and
/// going through `JSONDecoder` (a decoding attempt per type per value) spent two thirds of its
/// time there. Numbers are read with glibc's `strtod`, correctly rounded, so the shortest round-trip
/// text `JSONValue.serialized()` writes reads back to the same bits (`-0` included).
struct JSONParser {
  /// How deep arrays and objects may nest: shards nest about 6 levels; the limit keeps a hostile
  /// file from exhausting the stack.
  static let maxDepth = 512

  private let bytes: [UInt8]
  private var i = 0

  /// Parses `data` as one JSON value (surrounding whitespace allowed).
  static func parse(_ data: Data) throws -> JSONValue {
    var p = JSONParser(bytes: [UInt8](data))
    let v = try p.value(depth: 0)
    p.skipSpace()
    guard p.i == p.bytes.count else { throw p.error("text after the JSON value") }
    return v
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ what: String) -> RuntimeError {
    RuntimeError(.data, "the text is not valid JSON: \(what) at byte \(i)")
  }

  private mutating func skipSpace() {
    while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
  }

  private mutating func value(depth: Int) throws -> JSONValue {
    guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
    skipSpace()
    guard i < bytes.count else { throw error("the text ends where a value should be") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return .number(try number())
    }
  }

  private mutating func literal(_ word: String, _ v: JSONValue) throws -> JSONValue {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("an unknown word") }
    i += w.count
    return v
  }

  private mutating func array(depth: Int) throws -> JSONValue {
    i += 1
    var items: [JSONValue] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
    while true {
      items.append(try value(depth: depth + 1))
      skipSpace()
      guard i < bytes.count else { throw error("an unclosed array") }
      i += 1
      if bytes[i - 1] == UInt8(ascii: "]") { return .array(items) }
      guard bytes[i - 1] == UInt8(ascii: ",") else { throw error("',' or ']' expected in an array") }
    }
  }

  private mutating func object(depth: Int) throws -> JSONValue {
    i += 1
    var fields: [String: JSONValue] = [:]
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
    while true {
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("a key expected in an object") }
      let key = try string()
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("':' expected after a key") }
      i += 1
      fields[key] = try value(depth: depth + 1)
      skipSpace()
      guard i < bytes.count else { throw error("an unclosed object") }
      i += 1
      if bytes[i - 1] == UInt8(ascii: "}") { return .object(fields) }
      guard bytes[i - 1] == UInt8(ascii: ",") else { throw error("',' or '}' expected in an object") }
    }
  }

  private mutating func number() throws -> Double {
    let start = i
    while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
    guard i > start, let x = Self.double(bytes[start..<i]), x.isFinite else { throw error("a value expected") }
    return x
  }

  private static func isNumberByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45
  }

  /// The number a lexeme spells, or nil. Short lexemes (every shortest round-trip double) go
  /// through glibc's correctly rounded `strtod` on a stack copy, without making a String per number
  /// (pcx never sets a locale, so the decimal point is `.`).
  private static func double(_ lexeme: ArraySlice<UInt8>) -> Double? {
    guard lexeme.count < 40 else { return Double(String(decoding: lexeme, as: UTF8.self)) }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer -> Double? in
      var n = 0
      for b in lexeme {
        buffer[n] = CChar(bitPattern: b)
        n += 1
      }
      buffer[n] = 0
      guard let base = buffer.baseAddress else { return nil }
      var end: UnsafeMutablePointer<CChar>?
      let x = strtod(base, &end)
      // the whole lexeme must be the number (strtod stops at "1.2.3" after "1.2")
      guard let end, end == base + n else { return nil }
      return x
    }
  }

  private mutating func string() throws -> String {
    i += 1
    var out = [UInt8]()
    while i < bytes.count {
      let b = bytes[i]
      i += 1
      switch b {
      case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"): try escape(into: &out)
      case 0..<0x20: throw error("a control character in a string")
      default: out.append(b)
      }
    }
    throw error("an unclosed string")
  }

  private mutating func escape(into out: inout [UInt8]) throws {
    guard i < bytes.count else { throw error("an unfinished escape") }
    let c = bytes[i]
    i += 1
    let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
    if let s = simple[c] { out.append(s); return }
    guard c == UInt8(ascii: "u") else { throw error("an unknown escape") }
    var scalar = try hex4()
    if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
      i += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate") }
      scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
    }
    guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
    out += Array(String(Character(u)).utf8)
  }

  private mutating func hex4() throws -> UInt32 {
    guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
      throw error("four hex digits expected after \\u")
    }
    i += 4
    return v
  }
}
