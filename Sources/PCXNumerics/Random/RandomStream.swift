/// pcx's random number generator: Xoshiro256** streams keyed by SplitMix64, split by name.
///
/// Everything below is the whole specification, so results can be reproduced from it alone:
/// - SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference code): `x += 0x9E3779B97F4A7C15`,
///   `z = x; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>27) * 0x94D049BB133111EB;
///   return z ^ z>>31`. Its output step without the increment is `mix(z)`.
/// - A stream has a 64-bit key. Its Xoshiro256** state is the first four SplitMix64 outputs
///   started at the key (never all zero: SplitMix64 is a bijection of a counter).
/// - Xoshiro256** (Blackman & Vigna 2018): `result = rotl(s1 * 5, 7) * 9; t = s1 << 17;
///   s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
/// - Child streams depend on the parent's key only, never on how much the parent was used:
///   `stream(named: s)` has key `mix(key ^ mix(fnv1a64(utf8(s))))` and `stream(index: i)` has key
///   `mix(key ^ mix(UInt64(bitPattern: i) &+ 0xD1B54A32D192ED03))` — FNV-1a 64 (offset
///   0xCBF29CE484222325, prime 0x100000001B3) is fixed, unlike Swift's per-process `Hasher`.
///   So (SPEC §2.3) adding or reordering declarations never changes another one's numbers.
/// - `nextDouble()` is `(next() >> 11) * 2^-53`, uniform on [0, 1) with 53 random bits.
/// - `normal()` is Box–Muller: `u1 = 1 - nextDouble()` (in (0, 1]), `u2 = nextDouble()`,
///   `r = sqrt(-2 log u1)`; it returns `r cos(2 pi u2)` and keeps `r sin(2 pi u2)` for the next call.
public struct RandomStream: Sendable {
  /// The key this stream was made from (children derive from it).
  public let key: UInt64
  private var s0, s1, s2, s3: UInt64
  private var spareNormal: Double?

  /// The root stream of a script's seed.
  public init(seed: UInt64) {
    key = seed
    var x = seed
    s0 = SplitMix64.next(&x)
    s1 = SplitMix64.next(&x)
    s2 = SplitMix64.next(&x)
    s3 = SplitMix64.next(&x)
  }

  /// The stream of a named entity (a declaration): independent of creation order and of use.
  public func stream(named name: String) -> RandomStream {
    RandomStream(seed: SplitMix64.mix(key ^ SplitMix64.mix(FNV1a.hash64(name))))
  }

  /// The i-th numbered child stream (repetitions, sweep values, restarts).
  public func stream(index: Int) -> RandomStream {
    RandomStream(seed: SplitMix64.mix(key ^ SplitMix64.mix(UInt64(bitPattern: Int64(index)) &+ 0xD1B5_4A32_D192_ED03)))
  }

  /// The next 64 random bits (Xoshiro256**).
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform on [0, 1) with 53 random bits.
  @inline(__always)
  public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Uniform on [low, high).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextDouble() }

  /// Uniform on {0, ..., n-1} without bias (Lemire 2019, multiply and reject); 0 when n <= 0.
  public mutating func nextInt(below n: Int) -> Int {
    guard n > 0 else { return 0 }
    let bound = UInt64(n)
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }

  /// A standard normal variate (Box–Muller, see the type's documentation).
  public mutating func normal() -> Double {
    if let z = spareNormal {
      spareNormal = nil
      return z
    }
    let u1 = 1 - nextDouble(), u2 = nextDouble()
    let r = (-2 * libmLog(u1)).squareRoot()
    let angle = 2 * Double.pi * u2
    spareNormal = r * libmSin(angle)
    return r * libmCos(angle)
  }

  /// A normal variate with the given mean and standard deviation.
  public mutating func normal(mean: Double, std: Double) -> Double { mean + std * normal() }
}

/// SplitMix64, used to seed and to mix keys.
enum SplitMix64 {
  /// Advances the counter and returns the next output.
  @inline(__always)
  static func next(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    return mix(x)
  }

  /// The output function (a bijection of 64-bit words).
  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// FNV-1a, 64-bit, over UTF-8 bytes: a fixed hash for stream names.
enum FNV1a {
  static func hash64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in s.utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    return h
  }
}
