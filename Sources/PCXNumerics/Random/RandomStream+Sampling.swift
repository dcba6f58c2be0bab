/// Uniform variates, bounded integers, shuffles and samples without replacement.
extension RandomStream {
  /// A uniform double in [low, high) (`low + (high - low) * nextDouble()`).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextDouble()
  }

  /// A uniform integer in 0..<n, without modulo bias.
  /// - Throws: `TensorError.invalidArgument` when `n <= 0`.
  public mutating func nextInt(below n: Int) throws -> Int {
    guard n > 0 else {
      throw TensorError.invalidArgument("a random integer below \(n) needs a positive bound")
    }
    return Int(nextBounded(UInt64(n)))
  }

  /// A uniform integer in 0..<n for n >= 1 by Lemire's multiply-and-reject method
  /// (D. Lemire, "Fast random integer generation in an interval", ACM TOMS 29(1), 2019).
  ///
  /// The high word of `x * n` maps 2^64 words onto 0..<n; words whose low product word falls
  /// below `2^64 mod n` are redrawn, which leaves exactly `floor(2^64 / n)` words per value.
  mutating func nextBounded(_ n: UInt64) -> UInt64 {
    var product = next().multipliedFullWidth(by: n)
    if product.low < n {
      let threshold = (0 &- n) % n  // 2^64 mod n
      while product.low < threshold {
        product = next().multipliedFullWidth(by: n)
      }
    }
    return product.high
  }

  /// Shuffles `array` in place, every order equally likely (Fisher–Yates / Durstenfeld;
  /// Knuth TAOCP 2, Algorithm 3.4.2P).
  public mutating func shuffle(_ array: inout [Int]) {
    var i = array.count - 1
    while i > 0 {
      let j = Int(nextBounded(UInt64(i + 1)))
      array.swapAt(i, j)
      i -= 1
    }
  }

  /// A uniformly random permutation of 0..<n.
  /// - Throws: `TensorError.invalidArgument` when `n < 0`.
  public mutating func permutation(_ n: Int) throws -> [Int] {
    guard n >= 0 else {
      throw TensorError.invalidArgument("a permutation of \(n) elements needs n >= 0")
    }
    var p = Array(0..<n)
    shuffle(&p)
    return p
  }

  /// `k` distinct indices from 0..<n in random order, every ordered k-tuple equally likely
  /// (the first k steps of a Fisher–Yates shuffle, O(n) memory).
  /// - Throws: `TensorError.invalidArgument` unless `0 <= k <= n`.
  public mutating func sampleWithoutReplacement(n: Int, k: Int) throws -> [Int] {
    guard n >= 0, k >= 0, k <= n else {
      throw TensorError.invalidArgument(
        "cannot sample \(k) distinct indices from \(n): need 0 <= k <= n")
    }
    var pool = Array(0..<n)
    for i in 0..<k {
      let j = i + Int(nextBounded(UInt64(n - i)))
      pool.swapAt(i, j)
    }
    return Array(pool[0..<k])
  }
}
