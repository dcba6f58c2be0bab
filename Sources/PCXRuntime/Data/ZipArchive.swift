/// One member of a zip archive, located from the central directory.
struct ZipMember {
  /// The member's file name inside the archive.
  let name: String
  /// 0: stored, 8: deflated (others are refused when read).
  let method: Int
  /// General-purpose flags (bit 0: encrypted).
  let flags: Int
  /// CRC-32 of the uncompressed bytes.
  let crc: UInt32
  /// Bytes stored in the archive.
  let compressedSize: Int
  /// Bytes after decompression.
  let size: Int
  /// Offset of the member's local file header.
  let headerOffset: Int
}

/// Reads zip archives (PKWARE APPNOTE 6.3: Sec 4.3.16 end of central directory, 4.3.12 central
/// directory headers, 4.3.7 local headers, 4.5.3 the zip64 extra field), as written by Python's
/// `zipfile` for `np.savez` (which asks for zip64 headers on every member).
enum ZipArchive {
  /// A malformed or unsupported archive.
  struct Failure: Error {
    let message: String
  }

  static let endSignature: UInt32 = 0x0605_4B50, centralSignature: UInt32 = 0x0201_4B50
  static let localSignature: UInt32 = 0x0403_4B50
  static let zip64EndSignature: UInt32 = 0x0606_4B50, zip64LocatorSignature: UInt32 = 0x0706_4B50

  /// The little-endian unsigned integer of `width` bytes at `at`, or a failure past the end.
  static func uint(_ b: [UInt8], _ at: Int, _ width: Int) throws -> Int {
    guard at >= 0, at + width <= b.count else { throw Failure(message: "the archive is truncated") }
    var v = 0
    for k in 0..<width { v |= Int(b[at + k]) << (8 * k) }
    return v
  }

  /// The members listed in the central directory, in order.
  static func members(_ b: [UInt8]) throws -> [ZipMember] {
    var (count, offset) = try centralDirectory(b)
    var out: [ZipMember] = []
    for _ in 0..<count {
      guard try uint(b, offset, 4) == centralSignature else { throw Failure(message: "a central directory entry is corrupt") }
      let (nameLength, extraLength, commentLength) = (try uint(b, offset + 28, 2), try uint(b, offset + 30, 2), try uint(b, offset + 32, 2))
      let nameStart = offset + 46
      _ = try uint(b, nameStart + nameLength + extraLength + commentLength - 1, 1)
      let name = String(decoding: b[nameStart..<(nameStart + nameLength)], as: UTF8.self)
      var sizes = [try uint(b, offset + 24, 4), try uint(b, offset + 20, 4), try uint(b, offset + 42, 4)]
      try applyZip64(b, extraStart: nameStart + nameLength, extraLength: extraLength, &sizes)
      out.append(ZipMember(
        name: name, method: try uint(b, offset + 10, 2), flags: try uint(b, offset + 8, 2),
        crc: UInt32(try uint(b, offset + 16, 4)), compressedSize: sizes[1], size: sizes[0], headerOffset: sizes[2]))
      offset = nameStart + nameLength + extraLength + commentLength
    }
    return out
  }

  /// The entry count and offset of the central directory, from the (zip64) end record.
  private static func centralDirectory(_ b: [UInt8]) throws -> (count: Int, offset: Int) {
    // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
    var end = b.count - 22
    let lowest = max(0, b.count - 22 - 0xFFFF)
    while end >= lowest, (try? uint(b, end, 4)) != Int(endSignature) { end -= 1 }
    guard end >= lowest else { throw Failure(message: "no zip end-of-central-directory record (not a zip archive, or truncated)") }
    var count = try uint(b, end + 10, 2), offset = try uint(b, end + 16, 4)
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
      let locator = end - 20
      guard locator >= 0, try uint(b, locator, 4) == zip64LocatorSignature else {
        throw Failure(message: "a zip64 archive without its zip64 locator")
      }
      let record = try uint(b, locator + 8, 8)
      guard try uint(b, record, 4) == zip64EndSignature else { throw Failure(message: "the zip64 end record is corrupt") }
      count = try uint(b, record + 32, 8)
      offset = try uint(b, record + 48, 8)
    }
    // 8-byte fields above 2^63 read as negative: no real archive has them.
    guard count >= 0, offset >= 0 else { throw Failure(message: "the zip64 end record is corrupt") }
    return (count, offset)
  }

  /// Replaces the 0xFFFFFFFF entries of [size, compressed size, header offset] by the 8-byte
  /// values of the zip64 extra field (id 1), which lists only the replaced ones, in that order.
  private static func applyZip64(_ b: [UInt8], extraStart: Int, extraLength: Int, _ values: inout [Int]) throws {
    var p = extraStart
    while p + 4 <= extraStart + extraLength {
      let (id, length) = (try uint(b, p, 2), try uint(b, p + 2, 2))
      if id == 1 {
        var q = p + 4
        for k in 0..<3 where values[k] == 0xFFFF_FFFF && q + 8 <= p + 4 + length {
          values[k] = try uint(b, q, 8)
          q += 8
        }
      }
      p += 4 + length
    }
  }

  /// The uncompressed bytes of `member`, CRC-checked.
  static func contents(of member: ZipMember, in b: [UInt8]) throws -> [UInt8] {
    guard member.flags & 1 == 0 else { throw Failure(message: "the member is encrypted") }
    let h = member.headerOffset
    guard try uint(b, h, 4) == localSignature else { throw Failure(message: "its local header is corrupt") }
    let start = h + 30 + (try uint(b, h + 26, 2)) + (try uint(b, h + 28, 2))
    guard member.compressedSize >= 0, member.size >= 0, start + member.compressedSize <= b.count else {
      throw Failure(message: "the archive is truncated")
    }
    let bytes: [UInt8]
    switch member.method {
    case 0:
      bytes = Array(b[start..<(start + member.compressedSize)])
    case 8:
      do {
        let slice = Array(b[start..<(start + member.compressedSize)])
        bytes = try Inflater.inflate(slice, from: 0, expectedSize: member.size)
      } catch let e as Inflater.Failure {
        throw Failure(message: "its compressed data is corrupt: \(e.message)")
      }
    default:
      throw Failure(message: "compression method \(member.method) is not supported (only stored and deflated)")
    }
    guard bytes.count == member.size, CRC32.checksum(bytes) == member.crc else {
      throw Failure(message: "its CRC-32 check fails (the archive is corrupt)")
    }
    return bytes
  }
}
