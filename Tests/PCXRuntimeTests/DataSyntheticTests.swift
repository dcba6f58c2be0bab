import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Data: synthetic generators")
struct DataSyntheticTests {
  typealias S = DataTestSupport

  @Test func gaussianMomentsAndReproducibility() throws {
    var rng = RandomStream(seed: 1)
    let x = try Synthetic.gaussian(n: 400, d: 10, rng: &rng)
    #expect(x.shape == [400, 10])
    let (mean, variance) = S.moments(x.scalars)
    // 4000 N(0,1) draws: the mean has sd 1/sqrt(4000), the variance sd ~ sqrt(2/4000); 5 sigma.
    #expect(Swift.abs(mean) < 5 / 4000.0.squareRoot())
    #expect(Swift.abs(variance - 1) < 5 * (2 / 4000.0).squareRoot())
    var same = RandomStream(seed: 1), other = RandomStream(seed: 2)
    #expect(try Synthetic.gaussian(n: 400, d: 10, rng: &same) == x)
    #expect(try Synthetic.gaussian(n: 400, d: 10, rng: &other) != x)
    S.expectError(.data, ["gaussian n", "at least 1"]) { _ = try Synthetic.gaussian(n: 0, d: 3, rng: &rng) }
  }

  @Test func sphereRowsHaveTheRadiusAndUniformSquares() throws {
    var rng = RandomStream(seed: 3)
    let (n, d) = (500, 7)
    let radius = Double(d).squareRoot()
    let x = try Synthetic.sphere(n: n, d: d, radius: radius, rng: &rng)
    for i in 0..<n {
      let norm = x.scalars[(i * d)..<((i + 1) * d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(Swift.abs(norm - radius) <= 1e-12 * radius, "row \(i) norm \(norm)")
    }
    // For u uniform on the unit sphere, E u_1^2 = 1/d and Var u_1^2 = 3/(d(d+2)) - 1/d^2.
    let squares = (0..<n).map { i in x.scalars[i * d] * x.scalars[i * d] / (radius * radius) }
    let sd = ((3 / Double(d * (d + 2)) - 1 / Double(d * d)) / Double(n)).squareRoot()
    #expect(Swift.abs(S.moments(squares).mean - 1 / Double(d)) < 5 * sd)
    S.expectError(.data, ["radius"]) { _ = try Synthetic.sphere(n: 2, d: 2, radius: 0, rng: &rng) }
  }

  @Test func independentRowsHaveFullRank() throws {
    var rng = RandomStream(seed: 4)
    let x = try Synthetic.independent(n: 6, d: 9, rng: &rng)
    let s = try LinearAlgebra.singularValues(x)
    #expect(s.count == 6)
    #expect(s[5] > 9 * Double.ulpOfOne * s[0])
    S.expectError(.data, ["independent(n: 7, d: 4)", "d >= n"]) { _ = try Synthetic.independent(n: 7, d: 4, rng: &rng) }
  }

  @Test func glmNoiseIsBoundedAndCentred() throws {
    var rng = RandomStream(seed: 5)
    let n = 2000, noise = 0.1
    let x = try Synthetic.gaussian(n: n, d: 3, rng: &rng)
    let w = [1.0, -2.0, 0.5]
    let y = try Synthetic.glmLabels(x: x, wStar: Tensor(w), activation: .sigmoid, noise: noise, rng: &rng)
    #expect(y.shape == [n, 1])
    let residuals = (0..<n).map { i -> Double in
      let z = (0..<3).reduce(0.0) { $0 + w[$1] * x.scalars[i * 3 + $1] }
      return y.scalars[i] - 1 / (1 + exp(-z))
    }
    #expect(residuals.allSatisfy { Swift.abs($0) <= noise + 1e-15 })
    #expect(residuals.map(Swift.abs).max() ?? 0 > 0.9 * noise)  // P(all 2000 within 0.09) = 0.9^2000
    // Uniform on [-a, a] has variance a^2/3.
    #expect(Swift.abs(S.moments(residuals).mean) < 5 * noise / (3.0 * Double(n)).squareRoot())
    S.expectError(.data, ["w_star", "length 3"]) {
      _ = try Synthetic.glmLabels(x: x, wStar: Tensor([1, 2]), activation: .sigmoid, noise: 0.1, rng: &rng)
    }
  }

  @Test func halfspaceFlipRate() throws {
    var rng = RandomStream(seed: 6)
    let n = 4000, flip = 0.2
    let x = try Synthetic.gaussian(n: n, d: 3, rng: &rng)
    let w = Tensor([0.5, 1, -1])
    var clean = [Double]()
    for i in 0..<n {
      var z = 0.0
      for j in 0..<3 { z += w.scalars[j] * x.scalars[i * 3 + j] }
      clean.append(z >= 0 ? 1 : -1)
    }
    var exact = rng
    let none = try Synthetic.halfspaceLabels(x: x, wStar: w, flip: 0, rng: &exact)
    #expect(none.scalars == clean)
    let y = try Synthetic.halfspaceLabels(x: x, wStar: w, flip: flip, rng: &rng)
    #expect(y.scalars.allSatisfy { $0 == 1 || $0 == -1 })
    let rate = Double(zip(y.scalars, clean).filter { $0 != $1 }.count) / Double(n)
    #expect(Swift.abs(rate - flip) < 5 * (flip * (1 - flip) / Double(n)).squareRoot(), "flip rate \(rate)")
    S.expectError(.data, ["flip", "[0, 1]"]) { _ = try Synthetic.halfspaceLabels(x: x, wStar: w, flip: 1.5, rng: &rng) }
  }

  @Test func teacherLabelsAddGaussianNoise() throws {
    var rng = RandomStream(seed: 7)
    let n = 3000
    let x = try Synthetic.gaussian(n: n, d: 2, rng: &rng)
    let model: (Tensor) throws -> Tensor = { t in
      var out = [Double](repeating: 0, count: n)
      for i in 0..<n { out[i] = 2 * t.scalars[2 * i] - t.scalars[2 * i + 1] }
      return Tensor(out)
    }
    var quiet = rng
    let exact = try model(x).scalars
    #expect(try Synthetic.teacherLabels(x: x, noise: 0, rng: &quiet, model: model).scalars == exact)
    let y = try Synthetic.teacherLabels(x: x, noise: 0.5, rng: &rng, model: model)
    #expect(y.shape == [n, 1])
    let residuals = zip(y.scalars, exact).map { $0 - $1 }
    let (_, variance) = S.moments(residuals)
    #expect(Swift.abs(variance - 0.25) < 5 * 0.25 * (2 / Double(n)).squareRoot())
    S.expectError(.data, ["teacher model", "expected 3000 rows"]) {
      _ = try Synthetic.teacherLabels(x: x, noise: 0, rng: &rng) { _ in Tensor([1, 2]) }
    }
  }

  @Test func randomLabelsAreReproducible() throws {
    var a = RandomStream(seed: 8), b = RandomStream(seed: 8)
    let y = try Synthetic.randomLabels(n: 5, k: 3, rng: &a)
    #expect(y.shape == [5, 3])
    #expect(try Synthetic.randomLabels(n: 5, k: 3, rng: &b) == y)
  }

  @Test func rank1IsIncoherentWithUnitNorm() throws {
    var rng = RandomStream(seed: 9)
    // (d, mu): mu = 4 accepts sphere draws; mu = 1 and 1.2 at d = 400 need the construction.
    for (d, mu) in [(64, 4.0), (400, 1.2), (25, 1.0)] {
      let (z, m) = try Synthetic.rank1(d: d, mu: mu, rng: &rng)
      let norm = z.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(Swift.abs(norm - 1) <= 1e-12, "d \(d) mu \(mu): norm \(norm)")
      #expect(z.scalars.allSatisfy { Swift.abs($0) <= mu / Double(d).squareRoot() })
      #expect(m == Tensor.outer(z, z))
      // M z = z ||z||^2 = z for a rank-1 projector.
      let mz = try Tensor.matmul(m, z.reshaped([d, 1]))
      S.expectEqual(try mz.reshaped([d]), z, tol: 1e-12, "M z")
    }
    let (flat, _) = try Synthetic.rank1(d: 25, mu: 1, rng: &rng)
    #expect(flat.scalars.allSatisfy { Swift.abs(Swift.abs($0) - 0.2) <= 1e-15 })
    S.expectError(.data, ["mu must be >= 1"]) { _ = try Synthetic.rank1(d: 4, mu: 0.5, rng: &rng) }
  }

  @Test func symmetricMaskRate() throws {
    var rng = RandomStream(seed: 10)
    let d = 60, p = 0.3
    let m = try Synthetic.symmetricMask(d: d, p: p, rng: &rng)
    var observed = 0
    for i in 0..<d {
      for j in 0..<d {
        #expect(m.scalars[i * d + j] == m.scalars[j * d + i])
        #expect(m.scalars[i * d + j] == 0 || m.scalars[i * d + j] == 1)
        if j >= i, m.scalars[i * d + j] == 1 { observed += 1 }
      }
    }
    let pairs = Double(d * (d + 1) / 2)
    #expect(Swift.abs(Double(observed) / pairs - p) < 5 * (p * (1 - p) / pairs).squareRoot())
    #expect(try Synthetic.symmetricMask(d: 4, p: 1, rng: &rng) == Tensor.ones([4, 4]))
    #expect(try Synthetic.symmetricMask(d: 4, p: 0, rng: &rng) == Tensor.zeros([4, 4]))
  }

  @Test func orthogonalTensorComponents() throws {
    var rng = RandomStream(seed: 11)
    let (a, t) = try Synthetic.orthogonalTensor(d: 5, r: 3, rng: &rng)
    #expect(a.count == 3 && t.shape == [5, 5, 5, 5])
    for i in 0..<3 {
      for j in 0..<3 {
        let g = try Tensor.dot(a[i], a[j])
        #expect(Swift.abs(g - (i == j ? 1 : 0)) <= 1e-12)
      }
      // T(a_i, a_i, a_i, a_i) = sum_j <a_j, a_i>^4 = 1 (002 Sec 5).
      #expect(Swift.abs(try t.contract4(a[i]) - 1) <= 1e-12)
    }
    S.expectError(.data, ["at most 5", "r = 6"]) { _ = try Synthetic.orthogonalTensor(d: 5, r: 6, rng: &rng) }
  }
}
