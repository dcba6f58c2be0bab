import Foundation

/// Reads just enough of a data file at check time to know its shape (a CSV header line, a
/// `.npy` header), so shape errors surface before any data is loaded.
public protocol FileProbe: Sendable {
  /// The column names of a CSV file's first line, or nil if it cannot be read.
  func csvHeader(_ path: String) -> [String]?
  /// The shape in a `.npy` header, or nil if it cannot be read.
  func npyShape(_ path: String) -> [Int]?
}

/// A probe that never finds a file: shapes from files stay symbolic.
public struct NoFileProbe: FileProbe {
  /// Creates the probe.
  public init() {}
  /// Always nil.
  public func csvHeader(_ path: String) -> [String]? { nil }
  /// Always nil.
  public func npyShape(_ path: String) -> [Int]? { nil }
}

/// A probe reading files relative to the script's directory.
public struct DiskFileProbe: FileProbe {
  /// Most bytes read from a file's start: enough for any header, bounded for huge files.
  public static let maxHeaderBytes = 1 << 20
  /// The directory relative paths resolve against.
  public let directory: String

  /// Creates a probe for scripts in `directory`.
  public init(directory: String) { self.directory = directory }

  private func prefix(_ path: String) -> [UInt8]? {
    let full = path.hasPrefix("/") ? path : directory + "/" + path
    guard let handle = FileHandle(forReadingAtPath: full) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: Self.maxHeaderBytes) else { return nil }
    return [UInt8](data)
  }

  /// Splits the first line on commas, trimming spaces and quotes.
  public func csvHeader(_ path: String) -> [String]? {
    guard let bytes = prefix(path), !bytes.isEmpty else { return nil }
    let line = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
    return String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
  }

  /// Parses `'shape': (a, b, ...)` from a version 1-3 `.npy` header.
  public func npyShape(_ path: String) -> [Int]? {
    guard let bytes = prefix(path), bytes.count > 10, bytes[0] == 0x93,
      String(decoding: bytes[1..<6], as: UTF8.self) == "NUMPY"
    else { return nil }
    let major = bytes[6]
    let (lengthBytes, start) = major == 1 ? (2, 10) : (4, 12)
    guard bytes.count >= start else { return nil }
    var length = 0
    for i in 0..<lengthBytes { length |= Int(bytes[8 + i]) << (8 * i) }
    guard start + length <= bytes.count else { return nil }
    let header = String(decoding: bytes[start..<start + length], as: UTF8.self)
    guard let key = header.range(of: "'shape':"), let open = header[key.upperBound...].firstIndex(of: "("),
      let close = header[open...].firstIndex(of: ")")
    else { return nil }
    let fields = header[header.index(after: open)..<close].split(separator: ",")
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let shape = fields.compactMap { Int($0) }
    return shape.count == fields.count ? shape : nil
  }
}
