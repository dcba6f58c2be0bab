import PCXSource

/// How LSP positions count characters within a line, negotiated at `initialize`: UTF-16 code
/// units unless the client offers UTF-8 (which the server prefers: spans are byte offsets).
enum PositionEncoding: String, Sendable {
  case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"

  /// The encoding to use among those a client offers (UTF-16 when it offers none).
  static func negotiate(_ offered: [String]) -> PositionEncoding {
    if offered.contains(PositionEncoding.utf8.rawValue) { return .utf8 }
    if offered.isEmpty || offered.contains(PositionEncoding.utf16.rawValue) { return .utf16 }
    return offered.contains(PositionEncoding.utf32.rawValue) ? .utf32 : .utf16
  }

  /// Code units of the scalar whose UTF-8 lead byte is `lead` (0 for continuation bytes).
  func units(lead: UInt8) -> Int {
    if lead & 0xC0 == 0x80 { return 0 }
    switch self {
    case .utf8: return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    case .utf16: return lead >= 0xF0 ? 2 : 1
    case .utf32: return 1
    }
  }
}

/// Converts between byte offsets in a source file (what spans hold) and LSP positions.
struct LineIndex {
  let file: SourceFile
  let encoding: PositionEncoding

  /// The position of a byte offset (clamped to the text).
  func position(of offset: Int) -> LSPPosition {
    let offset = max(0, min(offset, file.bytes.count))
    let line = file.line(containing: offset)
    let start = file.lineStarts[line - 1]
    var units = 0
    var index = start
    while index < offset {
      units += encoding.units(lead: file.bytes[index])
      index += 1
    }
    return LSPPosition(line: line - 1, character: units)
  }

  /// The byte offset of a position. A line past the end means the end of the text; a character
  /// past the end of its line means the line's end; one inside a character means its start.
  func offset(of position: LSPPosition) -> Int {
    guard position.line >= 0 else { return 0 }
    guard position.line < file.lineCount else { return file.bytes.count }
    let range = file.byteRange(ofLine: position.line + 1)
    var units = 0
    var index = range.lowerBound
    while index < range.upperBound {
      let width = encoding.units(lead: file.bytes[index])
      if units + width > position.character { break }
      units += width
      index += 1
      while index < range.upperBound, file.bytes[index] & 0xC0 == 0x80 { index += 1 }
    }
    return index
  }

  /// The range of a span.
  func range(of span: SourceSpan) -> LSPRange {
    LSPRange(start: position(of: span.start), end: position(of: span.end))
  }

  /// The range of a byte range.
  func range(_ bytes: Range<Int>) -> LSPRange {
    LSPRange(start: position(of: bytes.lowerBound), end: position(of: bytes.upperBound))
  }
}

/// Converts increasing byte offsets to positions in one pass over the text (for semantic
/// tokens, where converting each token from its line start would be quadratic on a long line).
struct PositionCursor {
  let index: LineIndex
  private var line = 0
  private var offset = 0
  private var units = 0

  init(_ index: LineIndex) { self.index = index }

  /// The position of `target`, which should not be before the previous one.
  mutating func position(of target: Int) -> LSPPosition {
    let file = index.file
    let target = min(max(0, target), file.bytes.count)
    if target < offset { self = PositionCursor(index) }
    while line + 1 < file.lineCount, file.lineStarts[line + 1] <= target {
      line += 1
      offset = file.lineStarts[line]
      units = 0
    }
    while offset < target {
      units += index.encoding.units(lead: file.bytes[offset])
      offset += 1
    }
    return LSPPosition(line: line, character: units)
  }
}
