import Testing
@testable import PCXNumerics

@Suite("Tensor core: construction, broadcasting, BLAS products")
struct TensorCoreTests {
  @Test func shapeIsCheckedAtConstruction() {
    #expect(throws: TensorError.self) { try Tensor(shape: [2, 3], scalars: [1, 2, 3]) }
    #expect(throws: TensorError.self) { try Tensor(rows: [[1, 2], [3]]) }
  }

  @Test func broadcastingFollowsNumPy() throws {
    let a = try Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = try Tensor(shape: [4, 1], scalars: [10, 20, 30, 40])
    let c = try a + b
    #expect(c.shape == [2, 4, 3])
    #expect(try c.element(at: [1, 2, 0]) == 4 + 30)
    #expect(try c.element(at: [0, 3, 2]) == 3 + 40)
    #expect(throws: TensorError.self) { try Tensor([1, 2, 3]) + Tensor([1, 2]) }
  }

  @Test func sumToShapeIsTheAdjointOfBroadcast() throws {
    // <broadcast(x), y> == <x, sumToShape(y)> for any x, y
    let x = try Tensor(shape: [3, 1], scalars: [0.5, -1, 2])
    let y = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Double($0) * 0.1 - 1 })
    let bx = try x.broadcast(to: y.shape)
    let lhs = try Tensor.dot(bx, y)
    let rhs = try Tensor.dot(x, y.sumToShape(x.shape))
    expectClose(lhs, rhs, rel: 1e-14)
  }

  @Test func dgemmMatchesNaiveProductWithTransposes() throws {
    let a = try Tensor(shape: [3, 4], scalars: (0..<12).map { Double($0 * $0 % 7) - 3 })
    let b = try Tensor(shape: [4, 2], scalars: (0..<8).map { Double($0) / 3 - 1 })
    func naive(_ a: Tensor, _ b: Tensor) -> Tensor {
      let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
      var out = Tensor.zeros([m, n])
      for i in 0..<m { for j in 0..<n { for l in 0..<k {
        out.scalars[i * n + j] += a.scalars[i * k + l] * b.scalars[l * n + j]
      } } }
      return out
    }
    let expected = naive(a, b)
    expectClose(try Tensor.matmul(a, b), expected, rel: 1e-15)
    expectClose(try Tensor.matmul(a.transposed(), b, transposeA: true), expected, rel: 1e-15)
    expectClose(try Tensor.matmul(a, b.transposed(), transposeB: true), expected, rel: 1e-15)
    // vector operands drop their axis, as NumPy's @ does
    let v = Tensor([1, 2, 3, 4])
    #expect(try Tensor.matmul(a, v).shape == [3])
    #expect(try Tensor.matmul(v, b).shape == [2])
    #expect(throws: TensorError.self) { try Tensor.matmul(a, a) }
  }

  @Test func vectorisedTanhIsWithinFiveUlpAndKeepsSpecialValues() {
    var xs: [Double] = []
    for decade in -6...3 {
      let scale = Foundation_pow(10, Double(decade))
      for k in 0..<2000 { xs.append((Double(k) / 1000 - 1) * scale) }
    }
    let t = Tensor(xs).tanh()
    var worst: UInt64 = 0
    for (i, x) in xs.enumerated() {
      let a = t.scalars[i].bitPattern, b = Foundation_tanh(x).bitPattern
      // same sign here, so the distance of the bit patterns counts ulps
      worst = Swift.max(worst, a > b ? a - b : b - a)
    }
    #expect(worst <= 5, "worst error \(worst) ulp")
    let special = Tensor([0, -0.0, 25, -800, .infinity, -.infinity, .nan]).tanh().scalars
    #expect(special[0] == 0 && special[1].sign == .minus && special[2] == 1 && special[3] == -1)
    #expect(special[4] == 1 && special[5] == -1 && special[6].isNaN)
  }

  @Test func vectorisedKernelsMatchLibm() {
    let xs = Tensor((0..<37).map { Double($0) * 0.37 - 6 })
    let t = xs.tanh(), e = xs.exp()
    for (i, x) in xs.scalars.enumerated() {
      expectClose(t.scalars[i], Foundation_tanh(x), rel: 1e-15, abs: 1e-16)
      expectClose(e.scalars[i], Foundation_exp(x), rel: 1e-15)
    }
  }
}
