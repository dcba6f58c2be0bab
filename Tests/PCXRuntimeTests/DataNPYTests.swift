import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Data: .npy and .npz files")
struct DataNPYTests {
  typealias S = DataTestSupport

  /// The values make_fixtures.py wrote: arange(6).reshape(2, 3) * 0.25 - 0.5.
  func f8() throws -> Tensor { try Tensor(shape: [2, 3], scalars: (0..<6).map { Double($0) * 0.25 - 0.5 }) }

  /// The bytes of fixture `name`.
  func bytes(_ name: String) throws -> [UInt8] { try DataFiles.readBytes(S.fixture(name)) }

  /// A .npy file with the given header text (version 1.0, padded) and data.
  func npy(header: String, data: [UInt8], version: UInt8 = 1) -> [UInt8] {
    var text = Array(header.utf8)
    while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
    text.append(0x0A)
    return NPY.magic + [version, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
  }

  @Test func everySupportedDtype() throws {
    S.expectEqual(try NPY.read(path: S.fixture("f8_2x3.npy")), try f8())
    S.expectEqual(try NPY.read(path: S.fixture("f4_2x3.npy")), try f8())  // quarters are exact in float32
    let ints = try Tensor(shape: [2, 3], scalars: [-2, -1, 0, 1, 2, 3])
    S.expectEqual(try NPY.read(path: S.fixture("i8_2x3.npy")), ints)
    S.expectEqual(try NPY.read(path: S.fixture("i4_2x3.npy")), ints)
    S.expectEqual(try NPY.read(path: S.fixture("u1_2x3.npy")), try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5]))
    S.expectEqual(try NPY.read(path: S.fixture("b1_2x3.npy")), try Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1]))
  }

  @Test func ranksZeroToThreeAndEmpty() throws {
    let scalar = try NPY.read(path: S.fixture("scalar.npy"))
    #expect(scalar.shape == [] && scalar.scalars == [3.5])
    S.expectEqual(try NPY.read(path: S.fixture("vector.npy")), Tensor([0, 1.5, 3, 4.5, 6]))
    let cube = try NPY.read(path: S.fixture("rank3.npy"))
    S.expectEqual(cube, try Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Double($0) * 0.5 }))
    #expect(try NPY.read(path: S.fixture("empty_0x3.npy")).shape == [0, 3])
  }

  @Test func versionTwoAndThreeHeaders() throws {
    #expect(try bytes("v2.npy")[6] == 2 && bytes("v3.npy")[6] == 3)
    S.expectEqual(try NPY.read(path: S.fixture("v2.npy")), try f8())
    S.expectEqual(try NPY.read(path: S.fixture("v3.npy")), try f8())
  }

  @Test func headerParsingIsRobust() throws {
    let data = (0..<3).flatMap { k in withUnsafeBytes(of: Double(k).bitPattern.littleEndian, Array.init) }
    // Key order, spacing, double quotes, no trailing comma, Python 2 longs.
    for header in ["{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
                   "{ \"descr\" :\"<f8\" ,'fortran_order':False,'shape':( 3 , ) , }",
                   "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }"] {
      S.expectEqual(try NPY.read(data: npy(header: header, data: data), name: "h.npy"), Tensor([0, 1, 2]), header)
    }
    S.expectError(.data, ["h.npy: malformed .npy header: no 'shape' key"]) {
      _ = try NPY.read(data: npy(header: "{'descr': '<f8', 'fortran_order': False}", data: data), name: "h.npy")
    }
    S.expectError(.data, ["h.npy: malformed .npy header: expected ',' or ')'"]) {
      _ = try NPY.read(data: npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3 4)}", data: data), name: "h.npy")
    }
    S.expectError(.data, ["structured arrays"]) {
      _ = try NPY.read(data: npy(header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,)}", data: data), name: "h.npy")
    }
    S.expectError(.data, ["nested more than 32 deep"]) {
      _ = try NPY.read(data: npy(header: String(repeating: "(", count: 5000), data: data), name: "h.npy")
    }
    S.expectError(.data, ["unsupported .npy format version 4.0"]) {
      _ = try NPY.read(data: npy(header: "{}", data: [], version: 4), name: "h.npy")
    }
  }

  @Test func refusedFilesHaveTheirOwnMessages() {
    S.expectError(.data, ["fortran.npy: the array is stored in Fortran (column-major) order", "np.ascontiguousarray"]) {
      _ = try NPY.read(path: S.fixture("fortran.npy"), displayName: "fortran.npy")
    }
    S.expectError(.data, ["object.npy: object arrays (dtype '|O')"]) {
      _ = try NPY.read(path: S.fixture("object.npy"), displayName: "object.npy")
    }
    S.expectError(.data, ["big-endian data (dtype '>f8')"]) { _ = try NPY.read(path: S.fixture("bigendian.npy")) }
    S.expectError(.data, ["unsupported dtype '<c16' (complex numbers)"]) { _ = try NPY.read(path: S.fixture("complex.npy")) }
    S.expectError(.data, ["truncated.npy: truncated: the header promises 6 elements of 48 bytes", "only 43 bytes follow"]) {
      _ = try NPY.read(path: S.fixture("truncated.npy"), displayName: "truncated.npy")
    }
    S.expectError(.data, ["savetxt.csv is not a NumPy .npy file"]) {
      _ = try NPY.read(path: S.fixture("savetxt.csv"), displayName: "savetxt.csv")
    }
    S.expectError(.io, ["no such file"]) { _ = try NPY.read(path: S.fixture("absent.npy")) }
  }

  @Test func writerMatchesNumPyByteForByte() throws {
    // np.save's layout: the same header text and padding, then little-endian float64.
    #expect(NPY.encode(try f8()) == (try bytes("f8_2x3.npy")))
    #expect(NPY.encode(Tensor(3.5)) == (try bytes("scalar.npy")))
    #expect(NPY.encode(Tensor([0, 1.5, 3, 4.5, 6])) == (try bytes("vector.npy")))
    let cube = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Double($0) * 0.5 })
    #expect(NPY.encode(cube) == (try bytes("rank3.npy")))
    let path = NSTemporaryDirectory() + "pcx-npy-\(UInt64.random(in: 0...UInt64.max)).npy"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let odd = Tensor([Double.pi, -0.0, 1e-310, .greatestFiniteMagnitude])
    try NPY.write(odd, to: path)
    #expect(try NPY.read(path: path).scalars.map(\.bitPattern) == odd.scalars.map(\.bitPattern))
  }

  @Test func npzStoredAndCompressedAgree() throws {
    let stored = try NPZ.read(path: S.fixture("stored.npz"))
    #expect(Set(stored.keys) == ["x", "y", "counts", "big"])
    S.expectEqual(try #require(stored["x"]), try f8())
    S.expectEqual(try #require(stored["counts"]), Tensor([0, 1, 2, 3]))
    #expect(stored["big"]?.shape == [40, 50])
    #expect(stored["big"]?.scalars.allSatisfy { ($0 * 4).rounded() == $0 * 4 && $0 >= 0 && $0 <= 2.25 } == true)
    let compressed = try NPZ.read(path: S.fixture("compressed.npz"))
    #expect(compressed == stored)
  }

  @Test func npzCorruptionIsDetected() throws {
    var b = try bytes("compressed.npz")
    // Flip a byte inside the first member's compressed data (after its 30-byte header and name).
    let nameLength = Int(b[26]) | Int(b[27]) << 8, extraLength = Int(b[28]) | Int(b[29]) << 8
    let at = 30 + nameLength + extraLength + 20
    b[at] ^= 0xFF
    S.expectError(.data, ["c.npz: member 'x.npy'", "corrupt"]) { _ = try NPZ.read(data: b, name: "c.npz") }
    var s = try bytes("stored.npz")
    s[30 + nameLength + extraLength + 150] ^= 0x01  // a data byte of the stored x.npy (176 bytes)
    S.expectError(.data, ["s.npz: member 'x.npy': its CRC-32 check fails"]) { _ = try NPZ.read(data: s, name: "s.npz") }
    S.expectError(.data, ["f.npz: not a readable .npz archive", "np.savez"]) {
      _ = try NPZ.read(data: try bytes("f8_2x3.npy"), name: "f.npz")
    }
  }

  @Test func inflateEveryBlockType() throws {
    let plain = try bytes("deflate_plain.bin")
    // zlib wrote these raw streams; the first byte's bits 1-2 give the first block's type.
    for (name, type) in [("deflate_stored.bin", 0), ("deflate_fixed.bin", 1), ("deflate_dynamic.bin", 2)] {
      let stream = try bytes(name)
      #expect(Int(stream[0] >> 1) & 3 == type, "\(name) block type")
      #expect(try Inflater.inflate(stream, from: 0, expectedSize: plain.count) == plain, "\(name)")
    }
    let dynamic = try bytes("deflate_dynamic.bin")
    #expect(throws: Inflater.Failure.self) { try Inflater.inflate(Array(dynamic.dropLast(40)), from: 0, expectedSize: plain.count) }
    #expect(throws: Inflater.Failure.self) { try Inflater.inflate(dynamic, from: 0, expectedSize: plain.count - 1) }
  }

  @Test func crc32CheckValue() {
    // The standard check value of CRC-32/ISO-HDLC for the ASCII digits 1-9.
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
  }
}
