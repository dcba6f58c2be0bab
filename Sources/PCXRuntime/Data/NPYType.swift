/// The element types pcx reads from `.npy` files, all converted to Double.
enum NPYType: Equatable {
  case float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, bool

  /// Bytes per element.
  var size: Int {
    switch self {
    case .float64, .int64, .uint64: return 8
    case .float32, .int32, .uint32: return 4
    case .int16, .uint16: return 2
    case .int8, .uint8, .bool: return 1
    }
  }

  /// The dtypes accepted, for messages.
  static let supportedList = "float64 '<f8', float32 '<f4', int64 '<i8', int32 '<i4', int16 '<i2', int8 '|i1', "
    + "uint8..uint64 '|u1' '<u2' '<u4' '<u8' and bool '|b1'"

  /// The type for a NumPy type string such as `<f8` or `|b1` (NumPy's array-interface `typestr`:
  /// a byte-order character, a kind character and the size in bytes), or a message saying why not.
  static func parse(_ descr: String) -> Result<NPYType, NPYTypeError> {
    var rest = Substring(descr)
    var order: Character = "|"
    if let first = rest.first, "<>|=".contains(first) {
      order = first
      rest = rest.dropFirst()
    }
    guard let kind = rest.first else { return .failure(.unsupported(descr, "an empty type")) }
    let sizeText = rest.dropFirst()
    if kind == "O" { return .failure(.object(descr)) }
    guard let size = Int(sizeText), let type = lookup(kind, size) else {
      return .failure(.unsupported(descr, describeKind(kind)))
    }
    // '=' is native order, little-endian on every platform pcx builds for (x86-64, arm64).
    if order == ">" && size > 1 { return .failure(.bigEndian(descr)) }
    return .success(type)
  }

  /// The type of a kind character and size, if pcx reads it.
  private static func lookup(_ kind: Character, _ size: Int) -> NPYType? {
    switch (kind, size) {
    case ("f", 8): return .float64
    case ("f", 4): return .float32
    case ("i", 8): return .int64
    case ("i", 4): return .int32
    case ("i", 2): return .int16
    case ("i", 1): return .int8
    case ("u", 8): return .uint64
    case ("u", 4): return .uint32
    case ("u", 2): return .uint16
    case ("u", 1): return .uint8
    case ("b", 1): return .bool
    default: return nil
    }
  }

  /// A human name for a NumPy kind character.
  private static func describeKind(_ kind: Character) -> String {
    switch kind {
    case "f": return "a floating-point size pcx does not read (float16 or float128)"
    case "c": return "complex numbers"
    case "U", "S", "a": return "strings"
    case "M", "m": return "dates or time spans"
    case "V": return "raw bytes (void)"
    default: return "an unknown kind '\(kind)'"
    }
  }

  /// Converts `count` little-endian elements starting at byte `offset` of `bytes` to Double.
  /// The caller has checked that `offset + count * size <= bytes.count`.
  func convert(_ bytes: [UInt8], offset: Int, count: Int) -> [Double] {
    var out = [Double](repeating: 0, count: count)
    bytes.withUnsafeBytes { raw in
      out.withUnsafeMutableBufferPointer { dst in
        for k in 0..<count { dst[k] = element(raw, offset + k * size) }
      }
    }
    return out
  }

  /// One element at byte `at` (unaligned, little-endian).
  @inline(__always)
  private func element(_ raw: UnsafeRawBufferPointer, _ at: Int) -> Double {
    switch self {
    case .float64: return Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
    case .float32: return Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
    case .int64: return Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
    case .int32: return Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
    case .int16: return Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int16.self)))
    case .int8: return Double(raw.loadUnaligned(fromByteOffset: at, as: Int8.self))
    case .uint64: return Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
    case .uint32: return Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    case .uint16: return Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
    case .uint8: return Double(raw[at])
    case .bool: return raw[at] == 0 ? 0 : 1
    }
  }
}

/// Why a `.npy` type string is refused.
enum NPYTypeError: Error {
  /// `|O`: Python objects.
  case object(String)
  /// `>f8` and other big-endian multi-byte types.
  case bigEndian(String)
  /// Anything else, with a description of what the type holds.
  case unsupported(String, String)
}
