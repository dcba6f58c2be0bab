import PCXNumerics
import PCXSource

/// Which column of a CSV file holds the labels.
public enum CSVLabel: Sendable, Equatable {
  /// The column with this header name (needs `header: true`).
  case name(String)
  /// The column at this 0-based index; negative counts from the end (-1 is the last).
  case index(Int)
  /// The last column.
  case last
}

/// Reads numeric CSV files (RFC 4180) into a `Dataset`: one label column, the others features.
///
/// Every error is a `.data` error starting `file:line:col:` (1-based; the column counts
/// characters and points where the offending field starts), except a missing file (`.io`).
public enum CSVReader {
  /// Reads the CSV file at `path`; messages name it `displayName` (default: the path).
  public static func read(
    path: String, label: CSVLabel = .last, header: Bool = true, displayName: String? = nil
  ) throws -> Dataset {
    let name = displayName ?? path
    let bytes = try DataFiles.readBytes(path, displayName: name)
    return try parse(bytes: bytes, name: name, label: label, header: header)
  }

  /// Parses CSV text given as UTF-8 bytes; `name` is the file name used in messages and as the
  /// dataset's source.
  public static func parse(
    bytes: [UInt8], name: String, label: CSVLabel = .last, header: Bool = true
  ) throws -> Dataset {
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a UTF-8 byte-order mark
    guard bytes.count > start else {
      throw RuntimeError(.data, "\(name):1:1: the file is empty", hint: "a CSV file needs a header line and data rows")
    }
    if let bad = CSVBytes.firstInvalidUTF8(bytes) {
      throw error(name, bytes, at: bad, "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                  hint: "save the file as UTF-8")
    }
    var scanner = CSVScanner(bytes: bytes, name: name, offset: start)
    var fields: [CSVField] = []
    guard try scanner.nextRecord(&fields) else {
      throw error(name, bytes, at: start, "the file has no data rows, only blank lines")
    }
    let width = fields.count
    let rowStart = fields[0].position
    var names: [String]?
    if header {
      names = fields.map { scanner.text($0) }
      guard try scanner.nextRecord(&fields) else {
        throw error(name, bytes, at: rowStart, "the file has a header line but no data rows")
      }
    }
    let column = try labelColumn(label, names: names, width: width, name: name, bytes: bytes, at: rowStart)
    let table = try readRows(&scanner, &fields, width: width, labelColumn: column, fromHeader: header)
    let x = try DataChecks.core { try Tensor(shape: [table.rows, width - 1], scalars: table.x) }
    let y = try DataChecks.core { try Tensor(shape: [table.rows, 1], scalars: table.y) }
    return try Dataset(x: x, y: y, source: name)
  }

  /// Reads the data rows, starting with the record already in `fields`.
  private static func readRows(
    _ scanner: inout CSVScanner, _ fields: inout [CSVField], width: Int, labelColumn: Int, fromHeader: Bool
  ) throws -> (x: [Double], y: [Double], rows: Int) {
    var x = [Double](), y = [Double](), rows = 0
    // Reserve for as many rows as the first row's length suggests (10% slack), not per byte.
    let firstRowBytes = max(1, scanner.offset - fields[0].position)
    let estimatedRows = (scanner.bytes.count / firstRowBytes) * 11 / 10 + 1
    x.reserveCapacity(estimatedRows * (width - 1))
    y.reserveCapacity(estimatedRows)
    repeat {
      guard fields.count == width else { throw fieldCountError(scanner, fields, width: width, fromHeader: fromHeader) }
      for c in 0..<width {
        let v = try number(scanner, fields[c])
        if c == labelColumn { y.append(v) } else { x.append(v) }
      }
      rows += 1
    } while try scanner.nextRecord(&fields)
    return (x, y, rows)
  }

  /// The value of a data field, or an error quoting it.
  @inline(__always)
  private static func number(_ scanner: CSVScanner, _ f: CSVField) throws -> Double {
    if !f.escaped, let v = CSVBytes.parseNumber(scanner.bytes, f.start, f.end) {
      guard v.isFinite else {
        throw error(scanner.name, scanner.bytes, at: f.position,
                    "field \(quoted(scanner.text(f))) is not a finite number", hint: "remove or impute missing and infinite values")
      }
      return v
    }
    let text = scanner.text(f)
    if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
      throw error(scanner.name, scanner.bytes, at: f.position, "empty field where a number was expected")
    }
    throw error(scanner.name, scanner.bytes, at: f.position, "field \(quoted(text)) is not a number")
  }

  /// The error for a row with the wrong number of fields: at the first extra field, or at the
  /// row's start when fields are missing.
  private static func fieldCountError(_ scanner: CSVScanner, _ fields: [CSVField], width: Int, fromHeader: Bool) -> RuntimeError {
    let at = fields.count > width ? fields[width].position : fields[0].position
    let reference = fromHeader ? "as in the header" : "as in the first row"
    return error(scanner.name, scanner.bytes, at: at,
                 "expected \(width) fields (\(reference)) but got \(fields.count)")
  }

  /// The 0-based index of the label column.
  private static func labelColumn(
    _ label: CSVLabel, names: [String]?, width: Int, name: String, bytes: [UInt8], at offset: Int
  ) throws -> Int {
    guard width >= 2 else {
      throw error(name, bytes, at: offset, "the file has \(width) column; a dataset needs at least one feature column and a label column")
    }
    switch label {
    case .last:
      return width - 1
    case .index(let i):
      guard i >= -width, i < width else {
        throw error(name, bytes, at: offset,
          "label column index \(i) is out of range: the file has \(width) columns (0 to \(width - 1), or -\(width) to -1 from the end)")
      }
      return i >= 0 ? i : width + i
    case .name(let wanted):
      guard let names else {
        throw error(name, bytes, at: offset, "the label column is given by name ('\(wanted)') but the file is read without a header",
                    hint: "use header: true, or give the label column by index")
      }
      return try column(named: wanted, in: names, name: name, bytes: bytes, at: offset)
    }
  }

  /// The index of the header column `wanted`, with a did-you-mean when there is none.
  private static func column(named wanted: String, in names: [String], name: String, bytes: [UInt8], at offset: Int) throws -> Int {
    let matches = names.indices.filter { names[$0] == wanted }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      throw error(name, bytes, at: offset,
        "label column '\(wanted)' is ambiguous: the header has it at columns \(matches.map(String.init).joined(separator: ", "))")
    }
    let shown = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 8 ? ", ..." : "")
    throw error(name, bytes, at: offset,
      "no column named '\(wanted)' in the header\(Suggestions.didYouMean(wanted, among: names)); the columns are \(shown)")
  }

  /// `"text"` with quotes, shortened to 40 characters.
  static func quoted(_ text: String) -> String {
    let short = text.count > 40 ? String(text.prefix(40)) + "..." : text
    return "\"" + short + "\""
  }

  /// A `.data` error whose message starts `name:line:col:` for byte `offset` of `bytes`.
  static func error(_ name: String, _ bytes: [UInt8], at offset: Int, _ message: String, hint: String? = nil) -> RuntimeError {
    let (line, column) = CSVBytes.lineAndColumn(bytes, offset)
    return RuntimeError(.data, "\(name):\(line):\(column): \(message)", hint: hint)
  }
}
