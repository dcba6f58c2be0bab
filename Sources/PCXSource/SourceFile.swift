/// A source text held as raw bytes, with its line table, so that any input (even invalid UTF-8)
/// can be lexed and every diagnostic can show its line.
public struct SourceFile: Sendable {
  /// The name diagnostics print (a path, `<repl>`, `<stdin>`).
  public let name: String
  /// The raw bytes; never assumed to be valid UTF-8.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of each line (line 1 starts at offset 0).
  public let lineStarts: [Int]

  /// Creates a source file from raw bytes.
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
    var starts = [0]
    starts.reserveCapacity(bytes.count / 24 + 1)
    for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
    self.lineStarts = starts
  }

  /// Creates a source file from a string.
  public init(name: String, text: String) {
    self.init(name: name, bytes: Array(text.utf8))
  }

  /// The number of lines (a final line without a newline counts).
  public var lineCount: Int { lineStarts.count }

  /// The 1-based line containing a byte offset.
  public func line(containing offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {  // last start <= offset
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }

  /// The byte range of a 1-based line, without its line terminator.
  public func byteRange(ofLine line: Int) -> Range<Int> {
    guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
    return start..<max(start, end)
  }

  /// The 1-based column of a byte offset, counting Unicode scalars (UTF-8 lead bytes) from the
  /// start of its line, so carets line up under multi-byte characters.
  public func column(ofOffset offset: Int) -> Int {
    let lineStart = lineStarts[line(containing: offset) - 1]
    var column = 1
    var index = lineStart
    while index < min(offset, bytes.count) {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return column
  }

  /// The text of a byte range, with invalid UTF-8 replaced by U+FFFD.
  public func text(_ range: Range<Int>) -> String {
    let clamped = min(range.lowerBound, bytes.count)..<min(range.upperBound, bytes.count)
    return String(decoding: bytes[clamped], as: UTF8.self)
  }

  /// The text under a span.
  public func text(of span: SourceSpan) -> String { text(span.start..<span.end) }
}

/// A half-open byte range in one source file, with the line and column of its start.
public struct SourceSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The file's name as diagnostics print it.
  public let file: String
  /// Byte offset of the first byte.
  public let start: Int
  /// Byte offset one past the last byte.
  public let end: Int
  /// 1-based line of `start`.
  public let line: Int
  /// 1-based column of `start`, in Unicode scalars.
  public let column: Int

  /// Creates a span.
  public init(file: String, start: Int, end: Int, line: Int, column: Int) {
    self.file = file
    self.start = start
    self.end = max(start, end)
    self.line = line
    self.column = column
  }

  /// A span covering both `self` and `other` (which must follow it in the same file).
  public func through(_ other: SourceSpan) -> SourceSpan {
    guard other.end > end else { return self }
    return SourceSpan(file: file, start: start, end: other.end, line: line, column: column)
  }

  /// An empty span at the start of `self`.
  public var startPoint: SourceSpan {
    SourceSpan(file: file, start: start, end: start, line: line, column: column)
  }

  /// `file:line:col`.
  public var description: String { "\(file):\(line):\(column)" }

  /// Orders spans by file, then position.
  public static func < (a: SourceSpan, b: SourceSpan) -> Bool {
    (a.file, a.start, a.end) < (b.file, b.start, b.end)
  }
}
