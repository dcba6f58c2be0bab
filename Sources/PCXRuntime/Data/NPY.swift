import PCXNumerics

/// NumPy `.npy` files (the format of `numpy.lib.format`, NEP 1): read into a float64 `Tensor`,
/// written as version 1.0, `<f8`, C order.
///
/// Layout: the magic `\x93NUMPY`, a major and a minor version byte, the header length (2 bytes
/// little-endian in version 1.0, 4 bytes in 2.0 and 3.0), the header (latin-1 text in 1.0 and
/// 2.0, UTF-8 in 3.0): the `repr` of a dict with keys `descr`, `fortran_order` and `shape`,
/// padded with spaces and a newline; then the elements. Integer and bool elements are converted
/// to Double (64-bit integers beyond 2^53 round to the nearest double).
public enum NPY {
  /// The 6-byte magic string every `.npy` file starts with.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  /// Header alignment: NumPy pads headers so the data starts at a multiple of 64 bytes.
  static let alignment = 64

  /// Reads the `.npy` file at `path`; messages name it `displayName` (default: the path).
  public static func read(path: String, displayName: String? = nil) throws -> Tensor {
    let name = displayName ?? path
    return try read(data: try DataFiles.readBytes(path, displayName: name), name: name)
  }

  /// Decodes `.npy` bytes; `name` is the file (or archive member) named in messages.
  public static func read(data: [UInt8], name: String) throws -> Tensor {
    let (header, dataStart) = try parseHeader(data, name: name)
    let type = try elementType(header, name: name)
    let shape = try shapeOf(header, name: name)
    try checkOrder(header, name: name)
    guard let count = checkedProduct(shape), count.multipliedReportingOverflow(by: type.size).overflow == false else {
      throw RuntimeError(.data, "\(name): the shape \(Tensor.describe(shape)) in the header is too large")
    }
    let needed = count * type.size
    guard data.count - dataStart >= needed else {
      throw RuntimeError(.data,
        "\(name): truncated: the header promises \(count) elements of \(needed) bytes in all (shape \(Tensor.describe(shape))) but only \(data.count - dataStart) bytes follow",
        hint: "the file was cut short; write it again")
    }
    let scalars = type.convert(data, offset: dataStart, count: count)
    return try DataChecks.core { try Tensor(shape: shape, scalars: scalars) }
  }

  /// Writes `t` as a version 1.0 `.npy` file of little-endian float64 in C order.
  public static func write(_ t: Tensor, to path: String) throws {
    try DataFiles.writeBytes(encode(t), to: path)
  }

  /// The `.npy` bytes of `t` (version 1.0, `<f8`, C order; version 2.0 only if the header
  /// outgrows 65535 bytes, which takes thousands of axes).
  static func encode(_ t: Tensor) -> [UInt8] {
    let dims = t.shape.map(String.init)
    let shape = t.rank == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
    var text = Array("{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }".utf8)
    let version: UInt8 = text.count + 11 <= 0xFFFF ? 1 : 2
    let prefix = magic.count + 2 + (version == 1 ? 2 : 4)
    let padded = (prefix + text.count + 1 + alignment - 1) / alignment * alignment
    text += [UInt8](repeating: 0x20, count: padded - prefix - text.count - 1) + [0x0A]
    var out = magic + [version, 0]
    let length = UInt32(text.count)
    out += version == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)]
      : (0..<4).map { UInt8((length >> (8 * UInt32($0))) & 0xFF) }
    out += text
    out.reserveCapacity(out.count + 8 * t.count)
    for v in t.scalars {
      let bits = v.bitPattern.littleEndian
      for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    }
    return out
  }

  // MARK: Header

  /// The header dict and the offset where the elements start.
  static func parseHeader(_ data: [UInt8], name: String) throws -> (header: [String: PyLiteral], dataStart: Int) {
    guard data.count >= 10, Array(data[0..<6]) == magic else {
      throw RuntimeError(.data, "\(name) is not a NumPy .npy file: it does not start with the magic bytes \\x93NUMPY",
                         hint: "write it with np.save")
    }
    let (major, minor) = (data[6], data[7])
    guard (1...3).contains(major), minor == 0 else {
      throw RuntimeError(.data, "\(name): unsupported .npy format version \(major).\(minor) (pcx reads 1.0, 2.0 and 3.0)")
    }
    let lengthBytes = major == 1 ? 2 : 4
    guard data.count >= 8 + lengthBytes else { throw truncatedHeader(name) }
    let length = (0..<lengthBytes).reduce(0) { $0 | Int(data[8 + $1]) << (8 * $1) }
    let start = 8 + lengthBytes
    guard data.count >= start + length else { throw truncatedHeader(name) }
    let raw = data[start..<(start + length)]
    let text: String
    if major == 3 {
      guard let utf8 = String(validating: raw, as: UTF8.self) else {
        throw RuntimeError(.data, "\(name): the version 3.0 header is not valid UTF-8")
      }
      text = utf8
    } else {
      text = String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))  // latin-1
    }
    return (try parseDict(text, name: name), start + length)
  }

  /// The error for a file that ends inside its header.
  private static func truncatedHeader(_ name: String) -> RuntimeError {
    RuntimeError(.data, "\(name): truncated: the file ends inside the .npy header")
  }

  /// The header text parsed as a Python dict with string keys.
  private static func parseDict(_ text: String, name: String) throws -> [String: PyLiteral] {
    let shown = text.trimmingSpaces.count > 120 ? String(text.trimmingSpaces.prefix(120)) + "..." : text.trimmingSpaces
    var parser = PyLiteralParser(text)
    let value: PyLiteral
    do {
      value = try parser.parseAll()
    } catch let failure as PyLiteralParser.Failure {
      throw RuntimeError(.data, "\(name): malformed .npy header: \(failure.message) in \(shown)")
    }
    guard case .dict(let entries) = value else {
      throw RuntimeError(.data, "\(name): malformed .npy header: expected a dict, got \(shown)")
    }
    var dict: [String: PyLiteral] = [:]
    for (key, value) in entries { dict[key] = value }
    for key in ["descr", "fortran_order", "shape"] where dict[key] == nil {
      throw RuntimeError(.data, "\(name): malformed .npy header: no '\(key)' key in \(shown)")
    }
    return dict
  }

  /// The element type named by `descr`.
  private static func elementType(_ header: [String: PyLiteral], name: String) throws -> NPYType {
    guard case .string(let descr)? = header["descr"] else {
      throw RuntimeError(.data, "\(name): structured arrays (record dtypes with named fields) are not supported",
                         hint: "save one plain numeric array per file")
    }
    switch NPYType.parse(descr) {
    case .success(let type): return type
    case .failure(.object(let d)):
      throw RuntimeError(.data, "\(name): object arrays (dtype '\(d)') hold Python objects, not numbers, and cannot be read",
                         hint: "save a numeric array, e.g. np.save(path, arr.astype(np.float64))")
    case .failure(.bigEndian(let d)):
      throw RuntimeError(.data, "\(name): big-endian data (dtype '\(d)') is not supported",
                         hint: "convert it with arr.astype(arr.dtype.newbyteorder('<')) before saving")
    case .failure(.unsupported(let d, let what)):
      throw RuntimeError(.data, "\(name): unsupported dtype '\(d)' (\(what)); pcx reads \(NPYType.supportedList)")
    }
  }

  /// The shape tuple of the header.
  private static func shapeOf(_ header: [String: PyLiteral], name: String) throws -> [Int] {
    guard case .tuple(let items)? = header["shape"] else {
      throw RuntimeError(.data, "\(name): malformed .npy header: 'shape' must be a tuple of integers")
    }
    return try items.map { item in
      guard case .int(let n) = item, n >= 0 else {
        throw RuntimeError(.data, "\(name): malformed .npy header: 'shape' must hold non-negative integers")
      }
      return n
    }
  }

  /// Refuses Fortran-order arrays.
  private static func checkOrder(_ header: [String: PyLiteral], name: String) throws {
    guard case .bool(let fortran)? = header["fortran_order"] else {
      throw RuntimeError(.data, "\(name): malformed .npy header: 'fortran_order' must be True or False")
    }
    if fortran {
      throw RuntimeError(.data, "\(name): the array is stored in Fortran (column-major) order, which pcx does not read",
                         hint: "save np.ascontiguousarray(arr) instead")
    }
  }

  /// The product of `shape`, or nil on overflow.
  private static func checkedProduct(_ shape: [Int]) -> Int? {
    var count = 1
    for n in shape {
      let (p, overflow) = count.multipliedReportingOverflow(by: n)
      if overflow { return nil }
      count = p
    }
    return count
  }
}

fileprivate extension String {
  /// The string without leading and trailing spaces and newlines.
  var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
    return self[first...last]
  }
}
