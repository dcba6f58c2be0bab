@testable import PCXNumerics

/// A tiny deterministic generator for test inputs (SplitMix64), independent of the RNG under test.
struct TestRandom {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [-1, 1).
  mutating func symmetric() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
  mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
    Tensor(repeating: 0, shape: shape).map { _ in 0 }.withScalars { _ in symmetric() * scale }
  }
}

extension Tensor {
  func withScalars(_ f: (Double) -> Double) -> Tensor {
    var t = self
    for i in 0..<t.count { t.scalars[i] = f(t.scalars[i]) }
    return t
  }
}

/// Central differences with one Richardson step, O(h^4): the directional derivative
/// d/ds g(x + s d) at s = 0 of a tensor-valued g.
func centralDifference(
  _ g: ([Tensor]) throws -> Tensor, at x: [Tensor], along d: [Tensor], h: Double = 1e-3
) throws -> Tensor {
  func shifted(_ s: Double) throws -> Tensor {
    try g(zip(x, d).map { xi, di in try xi + di * s })
  }
  func diff(_ h: Double) throws -> Tensor { try (shifted(h) - shifted(-h)) * (1 / (2 * h)) }
  let coarse = try diff(h), fine = try diff(h / 2)
  return try (fine * 4 - coarse) * (1.0 / 3)
}
