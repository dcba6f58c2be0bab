/// A DEFLATE decompressor (RFC 1951), for the members of `np.savez_compressed` archives.
///
/// Bits are read least-significant first (RFC 1951 Sec 3.1.1); Huffman codes are canonical and
/// decoded one bit at a time from the code-length counts (Sec 3.2.2). This is not the fastest
/// decoder, but `.npz` members are data files read once.
struct Inflater {
  /// A malformed stream.
  struct Failure: Error {
    let message: String
  }

  private let input: [UInt8]
  private var position: Int
  private var bitBuffer: UInt64 = 0
  private var bitCount = 0
  private var output: [UInt8] = []
  /// The size the archive records; more output than this is an error (and a bound on memory).
  private let expectedSize: Int

  /// The decompressed bytes of the raw DEFLATE stream `input[start...]`, which must inflate to
  /// exactly `expectedSize` bytes.
  static func inflate(_ input: [UInt8], from start: Int, expectedSize: Int) throws -> [UInt8] {
    var inflater = Inflater(input: input, position: start, expectedSize: expectedSize)
    // DEFLATE expands at most 1032:1 (258 bytes from 2 bits), so a recorded size beyond that is
    // a lie and must not drive the allocation.
    inflater.output.reserveCapacity(min(expectedSize, (input.count - start) * 1032))
    var last = false
    while !last {
      last = try inflater.bits(1) == 1
      switch try inflater.bits(2) {
      case 0: try inflater.storedBlock()
      case 1: try inflater.huffmanBlock(Huffman.fixedLiterals, Huffman.fixedDistances)
      case 2:
        let (literals, distances) = try inflater.dynamicTables()
        try inflater.huffmanBlock(literals, distances)
      default: throw Failure(message: "invalid block type 3")
      }
    }
    guard inflater.output.count == expectedSize else {
      throw Failure(message: "inflated to \(inflater.output.count) bytes, the archive records \(expectedSize)")
    }
    return inflater.output
  }

  /// The next `n` (<= 32) bits of the stream as an integer.
  private mutating func bits(_ n: Int) throws -> Int {
    while bitCount < n {
      guard position < input.count else { throw Failure(message: "the compressed data ends early") }
      bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
      position += 1
      bitCount += 8
    }
    let value = Int(bitBuffer & ((1 << UInt64(n)) - 1))
    bitBuffer >>= UInt64(n)
    bitCount -= n
    return value
  }

  /// A stored block (Sec 3.2.4): byte-aligned LEN, its one's complement NLEN, then LEN bytes.
  private mutating func storedBlock() throws {
    bitBuffer = 0  // drop the bits up to the byte boundary; whole bytes are never buffered here
    bitCount = 0
    guard position + 4 <= input.count else { throw Failure(message: "the compressed data ends early") }
    let length = Int(input[position]) | Int(input[position + 1]) << 8
    let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
    guard length == ~complement & 0xFFFF else { throw Failure(message: "a stored block's length check fails") }
    position += 4
    guard position + length <= input.count else { throw Failure(message: "the compressed data ends early") }
    try reserve(length)
    output.append(contentsOf: input[position..<(position + length)])
    position += length
  }

  /// Checks that `n` more output bytes stay within the recorded size.
  private func reserve(_ n: Int) throws {
    guard output.count + n <= expectedSize else {
      throw Failure(message: "inflates to more than the \(expectedSize) bytes the archive records")
    }
  }

  /// One symbol decoded with `code`: canonical codes of each length are consecutive integers
  /// (Sec 3.2.2), so a code of length L is valid when it lies within the L-bit range.
  private mutating func decode(_ code: Huffman) throws -> Int {
    var value = 0, first = 0, index = 0
    for length in 1...Huffman.maxBits {
      value |= try bits(1)
      let count = code.counts[length]
      if value - first < count { return code.symbols[index + value - first] }
      index += count
      first = (first + count) << 1
      value <<= 1
    }
    throw Failure(message: "an invalid Huffman code")
  }

  /// Decodes literal/length and distance symbols until end-of-block (Sec 3.2.5).
  private mutating func huffmanBlock(_ literals: Huffman, _ distances: Huffman) throws {
    while true {
      let symbol = try decode(literals)
      if symbol < 256 {
        try reserve(1)
        output.append(UInt8(symbol))
        continue
      }
      if symbol == 256 { return }
      let l = symbol - 257
      guard l < Huffman.lengthBase.count else { throw Failure(message: "invalid length symbol \(symbol)") }
      let length = Huffman.lengthBase[l] + (try bits(Huffman.lengthExtra[l]))
      let d = try decode(distances)
      guard d < Huffman.distanceBase.count else { throw Failure(message: "invalid distance symbol \(d)") }
      let distance = Huffman.distanceBase[d] + (try bits(Huffman.distanceExtra[d]))
      guard distance <= output.count else { throw Failure(message: "a back-reference reaches before the start") }
      try reserve(length)
      // Byte by byte: a copy may overlap the bytes it produces (distance < length repeats them).
      let from = output.count - distance
      for k in 0..<length { output.append(output[from + k]) }
    }
  }

  /// Reads the code-length code and then the literal/length and distance codes (Sec 3.2.7).
  private mutating func dynamicTables() throws -> (Huffman, Huffman) {
    let literalCount = try bits(5) + 257
    let distanceCount = try bits(5) + 1
    let lengthCodeCount = try bits(4) + 4
    var lengthLengths = [Int](repeating: 0, count: 19)
    for k in 0..<lengthCodeCount { lengthLengths[Huffman.codeLengthOrder[k]] = try bits(3) }
    let lengthCode = try Huffman(lengths: lengthLengths)
    var lengths: [Int] = []
    while lengths.count < literalCount + distanceCount {
      let symbol = try decode(lengthCode)
      switch symbol {
      case 0...15: lengths.append(symbol)
      case 16:
        guard let previous = lengths.last else { throw Failure(message: "a repeat code with nothing to repeat") }
        lengths += repeatElement(previous, count: 3 + (try bits(2)))
      case 17: lengths += repeatElement(0, count: 3 + (try bits(3)))
      default: lengths += repeatElement(0, count: 11 + (try bits(7)))
      }
    }
    guard lengths.count == literalCount + distanceCount else { throw Failure(message: "code lengths overrun their table") }
    guard lengths[256] > 0 else { throw Failure(message: "the block has no end-of-block code") }
    return (try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
  }
}

/// A canonical Huffman code given by its code lengths (RFC 1951 Sec 3.2.2).
struct Huffman {
  /// Longest code length DEFLATE allows.
  static let maxBits = 15
  /// counts[L]: how many symbols have a code of length L.
  let counts: [Int]
  /// The symbols with codes, ordered by (code length, symbol): the canonical code order.
  let symbols: [Int]

  /// The code for `lengths[symbol]` (0: the symbol has no code); over-subscribed sets are refused.
  init(lengths: [Int]) throws {
    var counts = [Int](repeating: 0, count: Huffman.maxBits + 1)
    for l in lengths { counts[l] += 1 }
    var left = 1
    for l in 1...Huffman.maxBits {
      left = 2 * left - counts[l]
      guard left >= 0 else { throw Inflater.Failure(message: "an over-subscribed Huffman code") }
    }
    counts[0] = 0
    self.counts = counts
    symbols = lengths.indices.filter { lengths[$0] > 0 }.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
  }

  /// The fixed literal/length code (Sec 3.2.6).
  static let fixedLiterals = try! Huffman(  // unreachable: constant lengths form a complete code
    lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
      + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
  /// The fixed distance code: 30 (32) symbols of 5 bits (Sec 3.2.6).
  static let fixedDistances = try! Huffman(lengths: Array(repeating: 5, count: 32))  // unreachable: a complete code

  /// Base lengths of symbols 257...285 and their extra bits (Sec 3.2.5).
  static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
  static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  /// Base distances of symbols 0...29 and their extra bits (Sec 3.2.5).
  static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
  static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
  /// The order in which code-length code lengths are stored (Sec 3.2.7).
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
}

/// CRC-32 as in zip archives (ISO 3309 / ITU-T V.42 polynomial, reflected 0xEDB88320).
enum CRC32 {
  /// The byte-at-a-time table.
  static let table: [UInt32] = (0..<256).map { n in
    (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
  }

  /// The CRC-32 of `bytes`.
  static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}
