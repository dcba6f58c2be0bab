/// One field of a CSV record, as byte offsets into the file.
struct CSVField {
  /// Offset of the field's first character (its opening quote when quoted), after leading blanks.
  var position: Int
  /// The field's text: between the quotes when quoted, else with surrounding blanks trimmed.
  var start: Int
  /// End (exclusive) of the field's text.
  var end: Int
  /// Whether the field was enclosed in double quotes.
  var quoted: Bool
  /// Whether a quoted field contains doubled quotes `""` that stand for one quote.
  var escaped: Bool
}

/// An RFC 4180 tokenizer over the UTF-8 bytes of a CSV file (RFC 4180 Sec 2): fields separated by
/// commas, records by CRLF, LF or a lone CR, fields optionally in double quotes, in which commas
/// and line breaks are literal and a doubled quote stands for one quote. Beyond the RFC, as
/// NumPy's `loadtxt` and Python's `csv` do: blanks around fields are dropped and blank lines are
/// skipped. The scanner works on bytes and never builds a String for a field it does not need.
struct CSVScanner {
  /// The file's bytes (already checked to be valid UTF-8).
  let bytes: [UInt8]
  /// The file name used in messages.
  let name: String
  /// The next byte to read.
  private(set) var offset: Int

  static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
  static let space: UInt8 = 0x20, tab: UInt8 = 0x09

  /// A scanner starting at `offset` (past a byte-order mark, if any).
  init(bytes: [UInt8], name: String, offset: Int) {
    self.bytes = bytes
    self.name = name
    self.offset = offset
  }

  /// Whether `b` is a blank (space or tab).
  @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }

  /// Reads the next non-blank record into `fields` (reusing its storage); false at end of input.
  mutating func nextRecord(_ fields: inout [CSVField]) throws -> Bool {
    fields.removeAll(keepingCapacity: true)
    guard skipBlankLines() else { return false }
    while true {
      fields.append(try nextField())
      if offset < bytes.count, bytes[offset] == CSVScanner.comma {
        offset += 1
        continue
      }
      skipLineBreak()
      return true
    }
  }

  /// Skips lines holding only blanks; false when the input ends first.
  private mutating func skipBlankLines() -> Bool {
    while true {
      var j = offset
      while j < bytes.count, CSVScanner.isBlank(bytes[j]) { j += 1 }
      if j == bytes.count {
        offset = j
        return false
      }
      guard bytes[j] == CSVScanner.lf || bytes[j] == CSVScanner.cr else { return true }
      offset = j
      skipLineBreak()
    }
  }

  /// Consumes one line break (CRLF, LF or CR) at `offset`, if there is one.
  private mutating func skipLineBreak() {
    guard offset < bytes.count else { return }
    if bytes[offset] == CSVScanner.cr {
      offset += 1
      if offset < bytes.count, bytes[offset] == CSVScanner.lf { offset += 1 }
    } else if bytes[offset] == CSVScanner.lf {
      offset += 1
    }
  }

  /// Reads one field, stopping before the comma or line break that ends it.
  private mutating func nextField() throws -> CSVField {
    while offset < bytes.count, CSVScanner.isBlank(bytes[offset]) { offset += 1 }
    if offset < bytes.count, bytes[offset] == CSVScanner.quote { return try quotedField() }
    let start = offset
    while offset < bytes.count {
      let b = bytes[offset]
      if b == CSVScanner.comma || b == CSVScanner.lf || b == CSVScanner.cr { break }
      offset += 1
    }
    var end = offset
    while end > start, CSVScanner.isBlank(bytes[end - 1]) { end -= 1 }
    return CSVField(position: start, start: start, end: end, quoted: false, escaped: false)
  }

  /// Reads a field in double quotes; `offset` is at the opening quote.
  private mutating func quotedField() throws -> CSVField {
    let open = offset
    offset += 1
    var escaped = false
    while true {
      while offset < bytes.count, bytes[offset] != CSVScanner.quote { offset += 1 }
      guard offset < bytes.count else {
        throw CSVReader.error(name, bytes, at: open, "unterminated quoted field: the quote opened here is never closed")
      }
      if offset + 1 < bytes.count, bytes[offset + 1] == CSVScanner.quote {
        escaped = true
        offset += 2
        continue
      }
      break
    }
    let field = CSVField(position: open, start: open + 1, end: offset, quoted: true, escaped: escaped)
    offset += 1
    while offset < bytes.count, CSVScanner.isBlank(bytes[offset]) { offset += 1 }
    if offset < bytes.count {
      let b = bytes[offset]
      guard b == CSVScanner.comma || b == CSVScanner.lf || b == CSVScanner.cr else {
        throw CSVReader.error(name, bytes, at: offset,
          "unexpected character after the closing quote of a field (a quote inside a quoted field is written \"\")")
      }
    }
    return field
  }

  /// The text of a field, with doubled quotes undone.
  func text(_ f: CSVField) -> String {
    let slice = bytes[f.start..<f.end]
    guard f.escaped else { return String(decoding: slice, as: UTF8.self) }
    var out = [UInt8]()
    out.reserveCapacity(slice.count)
    var i = f.start
    while i < f.end {
      out.append(bytes[i])
      i += bytes[i] == CSVScanner.quote ? 2 : 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Positions, UTF-8 validation and numbers over raw bytes.
enum CSVBytes {
  /// The 1-based line and column of byte `offset`: lines end at CRLF, LF or a lone CR (as in the
  /// scanner); the column counts characters (UTF-8 sequences), not bytes.
  static func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
    var line = 1, lineStart = 0, i = 0
    let end = min(offset, bytes.count)
    while i < end {
      let b = bytes[i]
      if b == CSVScanner.lf || (b == CSVScanner.cr && (i + 1 >= bytes.count || bytes[i + 1] != CSVScanner.lf)) {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    var column = 1
    for j in lineStart..<end where bytes[j] & 0xC0 != 0x80 { column += 1 }
    return (line, column)
  }

  /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode 15
  /// Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
  static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    var i = 0
    while i < b.count {
      let c = b[i]
      if c < 0x80 { i += 1; continue }
      let (length, low, high): (Int, UInt8, UInt8)
      switch c {
      case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
      case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
      case 0xED: (length, low, high) = (3, 0x80, 0x9F)
      case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
      case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
      case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
      default: return i
      }
      // The second byte has the lead-specific range; later ones are plain continuation bytes.
      guard i + length <= b.count, (low...high).contains(b[i + 1]) else { return i }
      for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }

  /// Powers of ten exactly representable as doubles (10^0 ... 10^22).
  static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

  /// The number in `bytes[start..<end]` (blanks around it allowed), or nil when it is not one.
  ///
  /// Plain decimals with at most 15 digits take Clinger's fast path (W. D. Clinger, "How to read
  /// floating point numbers accurately", PLDI 1990): the digits form an integer below 2^53 and
  /// the scale a power of ten up to 10^22, both exact, so one IEEE division is correctly rounded.
  /// Anything else (exponents, long mantissas, `nan`, `inf`) goes to the standard library's parser.
  static func parseNumber(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
    var s = start, e = end
    while s < e, CSVScanner.isBlank(bytes[s]) { s += 1 }
    while e > s, CSVScanner.isBlank(bytes[e - 1]) { e -= 1 }
    guard s < e else { return nil }
    if let fast = fastDecimal(bytes, s, e) { return fast }
    let text = String(decoding: bytes[s..<e], as: UTF8.self)
    return Double(text)
  }

  /// `[+-]digits[.digits]` with at most 15 digits in all, exactly; nil for anything else.
  @inline(__always)
  static func fastDecimal(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
    var i = start
    var negative = false
    if bytes[i] == 0x2D || bytes[i] == 0x2B {
      negative = bytes[i] == 0x2D
      i += 1
    }
    var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
    while i < end {
      let b = bytes[i]
      if b >= 0x30 && b <= 0x39 {
        mantissa = mantissa * 10 + UInt64(b - 0x30)
        digits += 1
        if seenPoint { fraction += 1 }
      } else if b == 0x2E && !seenPoint {
        seenPoint = true
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0, digits <= 15 else { return nil }
    let value = Double(mantissa) / exactPowersOfTen[fraction]
    return negative ? -value : value
  }
}
