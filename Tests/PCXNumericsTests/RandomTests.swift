#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PCXNumerics

@Suite("Random streams")
struct RandomTests {
  @Test func splitMixAndXoshiroMatchTheReferenceCode() {
    // Produced by compiling Vigna's reference splitmix64.c / xoshiro256starstar.c (gcc -O2):
    // splitmix64 from x = 0, and xoshiro256** seeded by four splitmix64 outputs from x = 42.
    var x: UInt64 = 0
    #expect([SplitMix64.next(&x), SplitMix64.next(&x), SplitMix64.next(&x)]
            == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    var r = RandomStream(seed: 42)
    #expect([r.next(), r.next(), r.next()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
  }

  @Test func sameSeedSameNumbersOtherSeedOtherNumbers() {
    var a = RandomStream(seed: 7), b = RandomStream(seed: 7), c = RandomStream(seed: 8)
    let xa = (0..<100).map { _ in a.normal() }, xb = (0..<100).map { _ in b.normal() }
    let xc = (0..<100).map { _ in c.normal() }
    #expect(xa == xb)
    #expect(xa != xc)
  }

  @Test func namedStreamsDoNotDependOnOrderOrParentUse() {
    let root = RandomStream(seed: 2024)
    var used = root
    for _ in 0..<1000 { _ = used.next() }
    _ = root.stream(named: "W")  // another declaration made first
    var d1 = root.stream(named: "D"), d2 = used.stream(named: "D")
    #expect((0..<10).map { _ in d1.next() } == (0..<10).map { _ in d2.next() })
    var e = root.stream(named: "E"), d3 = root.stream(named: "D")
    #expect(e.next() != d3.next())
    var i1 = root.stream(index: 1), i2 = root.stream(index: 2)
    #expect(i1.next() != i2.next())
  }

  @Test func twoNamedStreamsAreUncorrelated() {
    let root = RandomStream(seed: 1)
    var a = root.stream(named: "a"), b = root.stream(named: "b")
    let n = 100_000
    var sxy = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0
    for _ in 0..<n {
      let x = a.nextDouble(), y = b.nextDouble()
      sxy += x * y; sx += x; sy += y; sxx += x * x; syy += y * y
    }
    let nn = Double(n)
    let corr = (sxy / nn - sx * sy / (nn * nn))
      / ((sxx / nn - sx * sx / (nn * nn)) * (syy / nn - sy * sy / (nn * nn))).squareRoot()
    #expect(Swift.abs(corr) < 0.01, "correlation \(corr)")
  }

  /// The Kolmogorov–Smirnov statistic of a sample against a distribution function.
  static func ks(_ sample: [Double], _ cdf: (Double) -> Double) -> Double {
    let s = sample.sorted(), n = Double(s.count)
    var d = 0.0
    for (i, x) in s.enumerated() {
      let f = cdf(x)
      d = Swift.max(d, Swift.abs(Double(i + 1) / n - f), Swift.abs(f - Double(i) / n))
    }
    return d
  }

  @Test func uniformMomentsAndKolmogorovSmirnov() {
    var r = RandomStream(seed: 3)
    let n = 100_000
    let xs = (0..<n).map { _ in r.nextDouble() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    // 5-sigma bands: sd of the mean sqrt(1/12n), of the variance about sqrt(1/180n)
    #expect(Swift.abs(mean - 0.5) < 5 * (1.0 / (12.0 * Double(n))).squareRoot())
    #expect(Swift.abs(variance - 1.0 / 12) < 5 * (1.0 / (180.0 * Double(n))).squareRoot())
    let d = Self.ks(xs) { Swift.min(Swift.max($0, 0), 1) }
    #expect(d < 1.628 / Double(n).squareRoot(), "KS statistic \(d) over the 1% critical value")
  }

  @Test func normalMomentsTailsAndKolmogorovSmirnov() {
    var r = RandomStream(seed: 4)
    let n = 200_000
    let xs = (0..<n).map { _ in r.normal() }
    let nn = Double(n)
    let mean = xs.reduce(0, +) / nn
    let m2 = xs.reduce(0) { $0 + $1 * $1 } / nn
    let m4 = xs.reduce(0) { $0 + $1 * $1 * $1 * $1 } / nn
    #expect(Swift.abs(mean) < 5 / nn.squareRoot())
    #expect(Swift.abs(m2 - 1) < 5 * (2 / nn).squareRoot())
    #expect(Swift.abs(m4 - 3) < 5 * (96 / nn).squareRoot())  // Var(x^4) = 105 - 9 = 96
    let tail = Double(xs.filter { Swift.abs($0) > 3 }.count) / nn  // 2 (1 - Phi(3)) = 0.0026998
    #expect(Swift.abs(tail - 0.0026998) < 5 * (0.0027 / nn).squareRoot())
    let d = Self.ks(xs) { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
    #expect(d < 1.628 / nn.squareRoot(), "KS statistic \(d) over the 1% critical value")
  }

  @Test func nextIntIsUnbiased() {
    // chi-square with 6 degrees of freedom: the 0.1% critical value is 22.46
    var r = RandomStream(seed: 5)
    let k = 7, n = 70_000
    var counts = [Int](repeating: 0, count: k)
    for _ in 0..<n { counts[r.nextInt(below: k)] += 1 }
    let expected = Double(n) / Double(k)
    let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    #expect(chi2 < 22.46, "chi-square \(chi2)")
    #expect(r.nextInt(below: 0) == 0)
  }

  @Test func permutationsAndSamples() {
    var r = RandomStream(seed: 6)
    #expect(r.permutation(50).sorted() == Array(0..<50))
    let s = r.sampleWithoutReplacement(n: 20, k: 8)
    #expect(Set(s).count == 8 && s.allSatisfy { (0..<20).contains($0) })
    #expect(r.sampleWithoutReplacement(n: 3, k: 10).count == 3)
  }

  @Test func orthonormalColumnsAndSpherePoints() throws {
    var r = RandomStream(seed: 9)
    let q = try r.orthonormalColumns(rows: 7, cols: 4)
    let qtq = try Tensor.matmul(q, q, transposeA: true)
    expectClose(qtq, Tensor.identity(4), rel: 0, abs: 1e-13, "Q^T Q")
    let u = r.unitSphere(5)
    expectClose(u.scalars.reduce(0) { $0 + $1 * $1 }, 1, rel: 1e-14)
    #expect(throws: TensorError.self) { try r.orthonormalColumns(rows: 2, cols: 3) }
  }
}
