// The pcx random number generator: Xoshiro256** seeded by SplitMix64, with named child streams.
//
// Everything below is fixed by this description, so a pcx result can be reproduced from it alone.
// All arithmetic is on unsigned 64-bit words, wrapping modulo 2^64; `rotl(x, k)` rotates left.
//
// 1. SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`). Its finaliser is
//        mix(z) = z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
//                 z ^ (z >> 31)
//    and its generator advances `x += 0x9E3779B97F4A7C15` and returns `mix(x)`.
//
// 2. Seeding. A stream is identified by a 64-bit key. Its Xoshiro state s[0...3] is the first
//    four SplitMix64 outputs from x = key. `mix` is a bijection and the four SplitMix64 states
//    are distinct, so the four words are distinct: at most one is zero, never the whole state.
//    `RandomStream(seed:)` uses the seed itself as key.
//
// 3. Xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
//    ACM TOMS 47(4), 2021; preprint 2018; reference code https://prng.di.unimi.it/):
//        result = rotl(s1 * 5, 7) * 9;  t = s1 << 17;
//        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45);  return result
//    Period 2^256 - 1; passes BigCrush. Doubles in [0, 1) are `(next() >> 11) * 2^-53`.
//
// 4. Child streams depend only on the parent's key, never on how far the parent has advanced,
//    so creating or using other streams cannot change them (SPEC 2.3):
//        named:  childKey = mix(mix(key ^ 0x7063782E6E616D65) ^ fnv1a64(utf8(name)))   ("pcx.name")
//        index:  childKey = mix(mix(key ^ 0x7063782E696E6478) ^ UInt64(bitPattern: i)) ("pcx.indx")
//    fnv1a64 is FNV-1a (Fowler, Noll & Vo): h = 0xCBF29CE484222325; for each byte b:
//    h = (h ^ b) * 0x100000001B3. (Swift's `Hasher` is seeded per process and is not used.)

/// A seedable, splittable stream of pseudo-random numbers (Xoshiro256** seeded by SplitMix64).
///
/// A stream is a value: copying it copies its position, so two copies produce the same numbers.
/// Child streams (`stream(named:)`, `stream(index:)`) derive from the key alone.
public struct RandomStream: Sendable, Equatable {
  /// The 64-bit key this stream was seeded from; child streams derive from it.
  public let key: UInt64
  /// Xoshiro256** state (never all zero).
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// A stream whose key is `seed`.
  public init(seed: UInt64) {
    self.init(key: seed)
  }

  /// A stream seeded from `key` with four SplitMix64 outputs (see the file header).
  init(key: UInt64) {
    self.key = key
    var sm = SplitMix64(state: key)
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
  }

  /// The child stream for `name`; depends only on this stream's key and the UTF-8 bytes of `name`.
  public func stream(named name: String) -> RandomStream {
    let h = RandomStream.fnv1a64(name.utf8)
    return RandomStream(key: SplitMix64.mix(SplitMix64.mix(key ^ RandomStream.nameTag) ^ h))
  }

  /// The child stream number `index` (e.g. one per repetition or sweep value); depends only on
  /// this stream's key and `index`.
  public func stream(index: Int) -> RandomStream {
    let i = UInt64(bitPattern: Int64(index))
    return RandomStream(key: SplitMix64.mix(SplitMix64.mix(key ^ RandomStream.indexTag) ^ i))
  }

  /// The next 64 random bits: one Xoshiro256** step, Blackman & Vigna's reference `next()`.
  public mutating func next() -> UInt64 {
    let result = RandomStream.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = RandomStream.rotl(s3, 45)
    return result
  }

  /// A uniform double in [0, 1) carrying 53 random bits (the top bits of `next()`).
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Tag mixed into the key for named children: the ASCII bytes of "pcx.name".
  static let nameTag: UInt64 = 0x7063_782E_6E61_6D65
  /// Tag mixed into the key for indexed children: the ASCII bytes of "pcx.indx".
  static let indexTag: UInt64 = 0x7063_782E_696E_6478

  /// Rotate left by `k` bits (0 < k < 64).
  @inline(__always)
  static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
  }

  /// 64-bit FNV-1a hash of a byte sequence (Fowler, Noll & Vo; offset basis and prime as published).
  static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes {
      h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }
    return h
  }
}

/// SplitMix64 (Steele, Lea & Flood 2014), used to seed Xoshiro states and to mix keys.
struct SplitMix64: Sendable {
  /// The Weyl-sequence state.
  var state: UInt64

  /// Advance by the golden-ratio increment and return the mixed state.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 finaliser, a bijection on 64-bit words with good avalanche.
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension RandomStream {
  /// A stream with an explicit Xoshiro256** state (for checking against reference outputs);
  /// nil when the state is all zero, which Xoshiro cannot leave.
  init?(state: (UInt64, UInt64, UInt64, UInt64), key: UInt64 = 0) {
    guard state != (0, 0, 0, 0) else { return nil }
    self.key = key
    (s0, s1, s2, s3) = state
  }
}
