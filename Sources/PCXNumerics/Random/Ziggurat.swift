#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal variates by the Ziggurat method (G. Marsaglia & W. W. Tsang, "The Ziggurat
/// Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), with 256 layers.
///
/// The region under f(x) = exp(-x^2/2), x >= 0, is covered by a base strip (a rectangle plus the
/// tail beyond R) and 255 rectangles, all of area V. One 64-bit word gives the layer (its low 8
/// bits) and a signed uniform (its top 53 bits); about 99% of draws finish with one comparison.
extension RandomStream {
  /// A standard normal variate (mean 0, variance 1).
  public mutating func normal() -> Double {
    let table = ZigguratTable.normal
    while true {
      let bits = next()
      let layer = Int(truncatingIfNeeded: bits & 0xFF)
      let signed = Double(bits >> 11) * 0x1.0p-52 - 1  // uniform in [-1, 1)
      let x = signed * table.x[layer]
      if Swift.abs(x) < table.x[layer + 1] { return x }  // inside the layer's inner rectangle
      if layer == 0 { return normalTail(r: table.x[1], negative: signed < 0) }
      // The wedge between the rectangle and the curve: a uniform height in [f(x_i), f(x_{i+1})).
      let y = table.f[layer + 1] + (table.f[layer] - table.f[layer + 1]) * nextDouble()
      if y < exp(-0.5 * x * x) { return x }
    }
  }

  /// A normal variate with the given mean and standard deviation.
  public mutating func normal(mean: Double, std: Double) -> Double {
    mean + std * normal()
  }

  /// A variate from the normal tail beyond `r` (G. Marsaglia, "Generating a variable from the tail
  /// of the normal distribution", Technometrics 6, 1964): accept r + a, a = -log(u1)/r, when
  /// -2 log(u2) > a^2.
  mutating func normalTail(r: Double, negative: Bool) -> Double {
    while true {
      let a = -log(1 - nextDouble()) / r  // 1 - u is in (0, 1], so the log is finite
      let b = -log(1 - nextDouble())
      if 2 * b > a * a { return negative ? -(r + a) : r + a }
    }
  }
}

/// The 256-layer Ziggurat table for the normal density, computed once at first use.
struct ZigguratTable: Sendable {
  /// Layer edges: x[0] = V / f(R) (the base strip's equivalent width), x[1] = R, decreasing to
  /// x[256] = 0; layer i >= 1 is the rectangle [0, x[i]] x [f(x[i]), f(x[i+1])].
  let x: [Double]
  /// f(x[i]) = exp(-x[i]^2 / 2), with f[256] = 1.
  let f: [Double]

  /// Number of layers; the low 8 bits of a word select one.
  static let layers = 256
  /// The tail start R for 256 layers (Marsaglia & Tsang 2000, Sec. 3; as in Rust `rand_distr`).
  static let r = 3.654152885361008796

  /// The table shared by every stream (a `static let` is initialised once, thread-safely).
  static let normal = ZigguratTable(r: r, layers: layers)

  /// Builds the table from R: V = R f(R) + integral_R^inf f, then x[i+1] = f^-1(V / x[i] + f(x[i])).
  init(r: Double, layers: Int) {
    let v = ZigguratTable.layerArea(r: r)
    var x = [Double](repeating: 0, count: layers + 1)
    x[0] = v / exp(-0.5 * r * r)
    x[1] = r
    for i in 1..<(layers - 1) {
      x[i + 1] = (-2 * log(v / x[i] + exp(-0.5 * x[i] * x[i]))).squareRoot()
    }
    x[layers] = 0
    self.x = x
    self.f = x.map { exp(-0.5 * $0 * $0) }
  }

  /// The common layer area V = R f(R) + sqrt(pi/2) erfc(R / sqrt 2).
  static func layerArea(r: Double) -> Double {
    r * exp(-0.5 * r * r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
  }
}
