import Testing
@testable import PCXNumerics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Shared helpers: deterministic inputs and naive index-by-index references

/// Deterministic inputs and naive references for the tensor-op tests (a namespace, so that the
/// short names cannot collide with helpers of other test files).
enum OpsFixture {
  /// Values in [-1, 1) from a 64-bit LCG (Knuth's MMIX constants); no RNG module needed.
  static func sample(_ shape: [Int], seed: UInt64) -> Tensor {
    var state = seed &* 2862933555777941757 &+ 3037000493
    let values = (0..<Tensor.count(of: shape)).map { _ -> Double in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    return Tensor(uncheckedShape: shape, scalars: values)
  }

  /// Every multi-index of `shape` in row-major order.
  static func indices(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for n in shape { result = result.flatMap { prefix in (0..<n).map { prefix + [$0] } } }
    return result
  }

  /// Element lookup (indices are generated in range).
  static func at(_ t: Tensor, _ index: [Int]) -> Double {
    t.scalars[t.offset(of: index) ?? 0]
  }

  /// The Euclidean inner product of two tensors' elements, summed naively.
  static func inner(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// A copy of `t` with one flat element replaced.
  static func replacing(_ t: Tensor, at k: Int, with v: Double) -> Tensor {
    var t = t
    t.scalars[k] = v
    return t
  }
}

private typealias F = OpsFixture

// MARK: Reductions

@Suite("Tensor reductions: sum, mean, max, min, argmax")
struct TensorReductionTests {
  let x = F.sample([2, 3, 4], seed: 1)

  /// Naive reduction of `x` along `axes` (ascending, resolved), keeping unit axes.
  func naive(_ axes: [Int], _ combine: ([Double]) -> Double) -> Tensor {
    var outShape = x.shape
    for a in axes { outShape[a] = 1 }
    let strides = Tensor.strides(of: outShape)
    var groups = [[Double]](repeating: [], count: Tensor.count(of: outShape))
    for idx in F.indices(x.shape) {
      let o = idx.indices.reduce(0) { $0 + (axes.contains($1) ? 0 : idx[$1] * strides[$1]) }
      groups[o].append(F.at(x, idx))
    }
    return Tensor(uncheckedShape: outShape, scalars: groups.map(combine))
  }

  @Test func everyAxisSubsetMatchesNaiveReference() throws {
    let subsets: [[Int]] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]
    for axes in subsets {
      let dropped = x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] }
      let sum = naive(axes) { $0.reduce(0, +) }
      expectClose(try x.sum(alongAxes: axes, keepingDims: true), sum, rel: 1e-15, "sum \(axes)")
      expectClose(try x.sum(alongAxes: axes), try sum.reshaped(dropped), rel: 1e-15, "sum \(axes)")
      let mean = naive(axes) { $0.reduce(0, +) / Double($0.count) }
      expectClose(try x.mean(alongAxes: axes, keepingDims: true), mean, rel: 1e-15, "mean \(axes)")
      let mx = naive(axes) { $0.max() ?? .nan }, mn = naive(axes) { $0.min() ?? .nan }
      #expect(try x.max(alongAxes: axes, keepingDims: true) == mx, "max \(axes)")
      #expect(try x.min(alongAxes: axes, keepingDims: true) == mn, "min \(axes)")
    }
  }

  @Test func negativeAxesCountFromTheEnd() throws {
    #expect(try x.sum(alongAxes: [-1]) == x.sum(alongAxes: [2]))
    #expect(try x.sum(alongAxes: [-3, -2]) == x.sum(alongAxes: [0, 1]))
    #expect(try x.sum(alongAxes: [2, 0]) == x.sum(alongAxes: [0, 2]))
    #expect(try x.sum(alongAxes: [1]).shape == [2, 4])
    #expect(try x.max(alongAxes: [-2], keepingDims: true).shape == [2, 1, 4])
  }

  @Test func badAxesThrow() throws {
    #expect(throws: TensorError.self) { try x.sum(alongAxes: [3]) }
    #expect(throws: TensorError.self) { try x.sum(alongAxes: [-4]) }
    #expect(throws: TensorError.self) { try x.sum(alongAxes: [1, 1]) }
    #expect(throws: TensorError.self) { try x.mean(alongAxes: [0, -3]) }
    #expect(throws: TensorError.self) { try x.argmax(alongAxis: 3) }
    // max over an empty axis has no identity; sum's identity is 0
    let empty = Tensor.zeros([2, 0])
    #expect(throws: TensorError.self) { try empty.max(alongAxes: [1]) }
    #expect(throws: TensorError.self) { try empty.argmax(alongAxis: 1) }
    #expect(try empty.sum(alongAxes: [1]) == Tensor([0, 0]))
  }

  @Test func wholeTensorReductions() throws {
    let t = try Tensor(shape: [2, 2], scalars: [3, -1, 7, 2])
    #expect(t.sum() == 11)
    #expect(t.mean() == 2.75)
    #expect(t.max() == 7 && t.min() == -1)
    #expect(Tensor.zeros([0]).max() == nil && Tensor.zeros([0]).min() == nil)
    #expect(Tensor.zeros([0]).sum() == 0 && Tensor.zeros([0]).mean().isNaN)
    #expect(Tensor([1, .nan, 3]).max()?.isNaN == true)
    #expect(Tensor(4).sum() == 4)
    #expect(try Tensor(4).sum(alongAxes: []) == Tensor(4))
  }

  @Test func argmaxIsRowMajorOverTheOtherAxes() throws {
    // argmax along axis 1 of [2, 3, 4]: one index per (i, k), in row-major order of (i, k)
    let got = try x.argmax(alongAxis: 1)
    var expected: [Int] = []
    for i in 0..<2 { for k in 0..<4 {
      let column = (0..<3).map { F.at(x, [i, $0, k]) }
      expected.append(column.firstIndex(of: column.max() ?? 0) ?? -1)
    } }
    #expect(got == expected)
    #expect(try Tensor([1, 5, 5, 2]).argmax(alongAxis: 0) == [1])  // first of ties
    #expect(try Tensor([1, .nan, 9]).argmax(alongAxis: -1) == [1])  // NaN counts as maximal
  }

  @Test func pairwiseSummationBeatsARunningSum() throws {
    // 100_000 copies of the double nearest 0.1: the exact sum is n * 0.1 up to one rounding.
    // Pairwise summation's bound is (128 + log2(n / 128)) eps ~ 3e-14 relative; a running sum
    // drifts to ~1e-12 here, so the test fails if the sum is not pairwise.
    let n = 100_000
    let t = Tensor(repeating: 0.1, shape: [n])
    let exact = Double(n) * 0.1
    var running = 0.0
    for v in t.scalars { running += v }
    #expect(relativeError(running, exact) > 1e-13, "the running sum should drift: \(running)")
    expectClose(t.sum(), exact, rel: 3e-14, "pairwise sum")
    expectClose(try t.reshaped([10, n / 10]).sum(alongAxes: [0, 1]).scalars[0], exact, rel: 3e-14)
  }

  @Test func sumAlongAxesIsTheAdjointOfBroadcasting() throws {
    // <sum(x, axes), y> == <x, broadcast(y with unit axes)> for every x, y
    for axes in [[0], [1, 2], [0, 2]] {
      let s = try x.sum(alongAxes: axes, keepingDims: true)
      let y = F.sample(s.shape, seed: 7)
      expectClose(F.inner(s, y), F.inner(x, try y.broadcast(to: x.shape)), rel: 1e-14, "axes \(axes)")
    }
  }
}

// MARK: Shape, slicing, gather

@Suite("Tensor reordering and slicing: permuted, squeeze, slice/embed, index, gather/scatterAdd")
struct TensorSlicingTests {
  let x = F.sample([2, 3, 4, 5], seed: 2)

  @Test func permutedMatchesNaiveReordering() throws {
    for perm in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
      let p = try x.permuted(perm)
      #expect(p.shape == perm.map { x.shape[$0] })
      for idx in F.indices(p.shape) {
        var src = [Int](repeating: 0, count: 4)
        for k in 0..<4 { src[perm[k]] = idx[k] }
        #expect(F.at(p, idx) == F.at(x, src), "perm \(perm) at \(idx)")
      }
    }
    #expect(try x.permuted([-1, 0, 1, 2]) == x.permuted([3, 0, 1, 2]))
    let m = F.sample([3, 5], seed: 3)
    #expect(try m.permuted([1, 0]) == m.transposed())
    #expect(throws: TensorError.self) { try x.permuted([0, 1, 2]) }
    #expect(throws: TensorError.self) { try x.permuted([0, 1, 1, 2]) }
    #expect(throws: TensorError.self) { try x.permuted([0, 1, 2, 4]) }
  }

  @Test func squeezeAndExpandDims() throws {
    let v = Tensor([1, 2, 3])
    #expect(try v.expandingDims(at: 0).shape == [1, 3])
    #expect(try v.expandingDims(at: 1).shape == [3, 1])
    #expect(try v.expandingDims(at: -1).shape == [3, 1])
    #expect(try v.expandingDims(at: -2).shape == [1, 3])
    #expect(throws: TensorError.self) { try v.expandingDims(at: 2) }
    #expect(try v.expandingDims(at: 1).squeezed(axis: -1) == v)
    #expect(throws: TensorError.self) { try v.squeezed(axis: 0) }
    #expect(throws: TensorError.self) { try v.expandingDims(at: 0).squeezed(axis: 2) }
  }

  @Test func sliceMatchesNaiveAndMissingAxesAreWhole() throws {
    let ranges = [1..<2, 0..<3, 1..<3]
    let s = try x.slice(ranges)
    #expect(s.shape == [1, 3, 2, 5])
    for idx in F.indices(s.shape) {
      let src = [idx[0] + 1, idx[1], idx[2] + 1, idx[3]]
      #expect(F.at(s, idx) == F.at(x, src))
    }
    #expect(try x.slice([]) == x)
    #expect(try x.slice([0..<2, 1..<1]).shape == [2, 0, 4, 5])
    #expect(throws: TensorError.self) { try x.slice([0..<3]) }
    #expect(throws: TensorError.self) { try x.slice([0..<1, 0..<1, 0..<1, 0..<1, 0..<1]) }
  }

  @Test func embedIsTheAdjointOfSlice() throws {
    let ranges = [0..<2, 1..<3, 2..<4, 0..<4]
    let y = F.sample(try x.slice(ranges).shape, seed: 4)
    let e = try Tensor.embed(y, at: ranges, in: x.shape)
    expectClose(F.inner(try x.slice(ranges), y), F.inner(x, e), rel: 1e-14)
    #expect(try e.slice(ranges) == y)
    #expect(e.abs().sum() == y.abs().sum())  // nothing written outside the ranges
    #expect(throws: TensorError.self) { try Tensor.embed(y, at: [0..<1], in: x.shape) }
  }

  @Test func indexDropsTheAxis() throws {
    let m = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try m.index(1, axis: 0) == Tensor([4, 5, 6]))
    #expect(try m.index(-1, axis: 1) == Tensor([3, 6]))
    #expect(try m.index(0, axis: -1) == Tensor([1, 4]))
    let r = try x.index(2, axis: 2)
    #expect(r.shape == [2, 3, 5])
    for idx in F.indices(r.shape) { #expect(F.at(r, idx) == F.at(x, [idx[0], idx[1], 2, idx[2]])) }
    #expect(throws: TensorError.self) { try m.index(2, axis: 0) }
    #expect(throws: TensorError.self) { try m.index(-4, axis: 1) }
    #expect(throws: TensorError.self) { try m.index(0, axis: 2) }
  }

  @Test func gatherMatchesNaiveAndScatterAddIsItsAdjoint() throws {
    let indices = [2, 0, 2, -1]  // repeats and a negative index (-1 is the last position)
    for axis in 0..<4 where x.shape[axis] > 3 {
      let g = try x.gather(indices, axis: axis)
      for idx in F.indices(g.shape) {
        var src = idx
        src[axis] = [2, 0, 2, x.shape[axis] - 1][idx[axis]]
        #expect(F.at(g, idx) == F.at(x, src))
      }
      let y = F.sample(g.shape, seed: 5)
      let s = try Tensor.scatterAdd(y, indices, axis: axis, into: x.shape)
      expectClose(F.inner(g, y), F.inner(x, s), rel: 1e-14, "axis \(axis)")
    }
    // repeated indices accumulate
    let rows = try Tensor.scatterAdd(Tensor.ones([3, 2]), [1, 1, 0], axis: 0, into: [2, 2])
    #expect(rows == (try Tensor(rows: [[1, 1], [2, 2]])))
    #expect(throws: TensorError.self) { try x.gather([5], axis: 0) }
    #expect(throws: TensorError.self) { try x.gather([0], axis: 4) }
    #expect(throws: TensorError.self) { try Tensor.scatterAdd(Tensor.ones([2, 2]), [0], axis: 0, into: [2, 2]) }
  }
}

// MARK: Concatenation and masking

@Suite("Tensor concatenation, split, stack and observation masks")
struct TensorJoinAndMaskTests {
  @Test func concatenateMatchesNaiveAndSplitInvertsIt() throws {
    let a = F.sample([2, 1, 3], seed: 6), b = F.sample([2, 4, 3], seed: 7)
    let c = try Tensor.concatenate([a, b], axis: 1)
    #expect(c.shape == [2, 5, 3])
    for idx in F.indices(c.shape) {
      let expected = idx[1] < 1 ? F.at(a, idx) : F.at(b, [idx[0], idx[1] - 1, idx[2]])
      #expect(F.at(c, idx) == expected)
    }
    #expect(try c.split(sizes: [1, 4], axis: -2) == [a, b])
    #expect(try Tensor.concatenate([a, a], axis: 0).shape == [4, 1, 3])
    #expect(try c.split(sizes: [0, 5, 0], axis: 1).map(\.shape) == [[2, 0, 3], [2, 5, 3], [2, 0, 3]])
    #expect(throws: TensorError.self) { try Tensor.concatenate([a, b], axis: 0) }
    #expect(throws: TensorError.self) { try Tensor.concatenate([], axis: 0) }
    #expect(throws: TensorError.self) { try Tensor.concatenate([a, Tensor([1])], axis: 0) }
    #expect(throws: TensorError.self) { try c.split(sizes: [1, 3], axis: 1) }
  }

  @Test func stackAddsAnAxis() throws {
    let u = Tensor([1, 2, 3]), v = Tensor([4, 5, 6])
    #expect(try Tensor.stack([u, v]) == Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
    #expect(try Tensor.stack([u, v], axis: 1) == Tensor(rows: [[1, 4], [2, 5], [3, 6]]))
    #expect(try Tensor.stack([u, v], axis: -1) == Tensor.stack([u, v], axis: 1))
    #expect(try Tensor.stack([Tensor(1), Tensor(2)]) == Tensor([1, 2]))
    #expect(throws: TensorError.self) { try Tensor.stack([u, Tensor([1, 2])]) }
    #expect(throws: TensorError.self) { try Tensor.stack([u, v], axis: 2) }
  }

  let x = F.sample([3, 4], seed: 8)
  let mask = Tensor(uncheckedShape: [3, 4], scalars: (0..<12).map { Double(($0 * 7 + 3) % 5 < 2 ? 1 : 0) })

  @Test func maskedIsTheProjectionPOmega() throws {
    // 002 (4.5): P_Omega keeps the observed entries and zeroes the others
    #expect(try x.masked(by: mask) == (try x * mask))
    let withMissing = F.replacing(x, at: 0, with: .nan)
    #expect(mask.scalars[0] == 0)  // entry 0 is unobserved, so its NaN must not leak
    #expect(try withMissing.masked(by: mask) == (try x * mask))
    // self-adjoint: <P(x), y> == <x, P(y)>
    let y = F.sample([3, 4], seed: 9)
    expectClose(F.inner(try x.masked(by: mask), y), F.inner(x, try y.masked(by: mask)), rel: 1e-14)
  }

  @Test func selectingAndPlacingAreAdjoint() throws {
    let s = try x.selecting(where: mask)
    let expected = (0..<12).filter { mask.scalars[$0] == 1 }.map { x.scalars[$0] }
    #expect(s == Tensor(expected))
    let y = F.sample(s.shape, seed: 10)
    expectClose(F.inner(s, y), F.inner(x, try Tensor.placing(y, where: mask)), rel: 1e-14)
    #expect(try Tensor.placing(s, where: mask) == x.masked(by: mask))
    #expect(throws: TensorError.self) { try Tensor.placing(Tensor([1]), where: mask) }
  }

  @Test func replacingWritesOnlyMaskedEntries() throws {
    let r = try x.replacing(where: mask, with: -7)
    for k in 0..<12 { #expect(r.scalars[k] == (mask.scalars[k] == 1 ? -7 : x.scalars[k])) }
  }

  @Test func badMasksThrowNamingTheIndex() {
    let bad = F.replacing(mask, at: 6, with: 0.5)  // offset 6 of [3, 4] is index [1, 2]
    #expect {
      try x.masked(by: bad)
    } throws: { error in
      (error as? TensorError)?.description.contains("[1, 2]") == true
    }
    #expect(throws: TensorError.self) { try x.selecting(where: bad) }
    #expect(throws: TensorError.self) { try x.replacing(where: bad, with: 0) }
    #expect(throws: TensorError.self) { try x.masked(by: Tensor.ones([4, 3])) }
  }
}

// MARK: Norms

@Suite("Tensor norms: Euclidean/Frobenius (overflow-safe), p-norms, along axes, normalisation")
struct TensorNormTests {
  let x = F.sample([3, 4], seed: 11)

  @Test func euclideanNormMatchesSumOfSquares() throws {
    let naive = x.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
    expectClose(x.norm(), naive, rel: 1e-15)
    #expect(x.frobeniusNorm() == x.norm())
    expectClose(Tensor.identity(7).frobeniusNorm(), 7.0.squareRoot(), rel: 1e-15)
    #expect(Tensor.zeros([0]).norm() == 0 && Tensor.zeros([3]).norm() == 0)
  }

  @Test func euclideanNormNeitherOverflowsNorUnderflows() {
    // naive sums of squares give inf and 0 here; the norms are 5e200 and 5e-200
    let huge = Tensor([3e200, 4e200]), tiny = Tensor([3e-200, 4e-200])
    #expect(huge.scalars.reduce(0) { $0 + $1 * $1 } == .infinity)
    #expect(tiny.scalars.reduce(0) { $0 + $1 * $1 } == 0)
    expectClose(huge.norm(), 5e200, rel: 1e-15)
    expectClose(tiny.norm(), 5e-200, rel: 1e-15)
    let many = Tensor(repeating: 1e300, shape: [1000])
    expectClose(many.norm(), 1000.0.squareRoot() * 1e300, rel: 1e-14)
    // the scaled fallback (used if a BLAS kernel over/underflows) on the same closed forms
    for (t, expected) in [(huge, 5e200), (tiny, 5e-200), (many, 1000.0.squareRoot() * 1e300)] {
      let s = t.scalars.withUnsafeBufferPointer { Tensor.scaledNorm2($0) }
      expectClose(s, expected, rel: 1e-14, "scaledNorm2")
    }
    #expect(Tensor([1, .nan]).norm().isNaN)
    #expect(Tensor([1, .infinity]).norm() == .infinity)
  }

  @Test func pNormsMatchClosedForms() throws {
    let v = Tensor([3, -4, 12])
    #expect(try v.norm(p: 1) == 19)
    #expect(try v.norm(p: .infinity) == 12)
    #expect(try v.norm(p: 2) == 13)
    expectClose(try v.norm(p: 3), cbrt(27 + 64 + 1728), rel: 1e-15)
    let naive = pow(x.scalars.reduce(0) { $0 + pow(Swift.abs($1), 1.5) }, 1 / 1.5)
    expectClose(try x.norm(p: 1.5), naive, rel: 1e-14)
    // scaled by the largest entry, so 1e200^3 does not overflow
    expectClose(try Tensor([1e200, 1e200]).norm(p: 3), cbrt(2) * 1e200, rel: 1e-15)
    #expect(throws: TensorError.self) { try v.norm(p: 0.5) }
    #expect(throws: TensorError.self) { try v.norm(p: .nan) }
  }

  @Test func normAlongAxesMatchesRowNorms() throws {
    let rows = try x.norm(alongAxes: [1])
    let cols = try x.norm(alongAxes: [-2], keepingDims: true)
    #expect(rows.shape == [3] && cols.shape == [1, 4])
    for i in 0..<3 { expectClose(rows.scalars[i], try x.index(i, axis: 0).norm(), rel: 1e-15) }
    for j in 0..<4 { expectClose(cols.scalars[j], try x.index(j, axis: 1).norm(), rel: 1e-15) }
    expectClose(try x.norm(alongAxes: [0, 1]).scalars[0], x.norm(), rel: 1e-15)
    #expect(throws: TensorError.self) { try x.norm(alongAxes: [2]) }
  }

  @Test func distanceAndNormalisation() throws {
    #expect(try Tensor.distance(Tensor([1, 1]), Tensor([4, 5])) == 5)
    #expect(throws: TensorError.self) { try Tensor.distance(Tensor([1, 1]), Tensor([1, 1, 1])) }
    let u = try x.normalized()
    expectClose(u.norm(), 1, rel: 1e-15)
    expectClose(u, x * (1 / x.norm()), rel: 1e-15)
    // the norm of [1e308, 1e308] overflows; the direction does not
    let big = try Tensor([1e308, -1e308]).normalized()
    let h = (0.5 as Double).squareRoot()
    expectClose(big, Tensor([h, -h]), rel: 1e-15)
    #expect(throws: TensorError.self) { try Tensor.zeros([3]).normalized() }
    #expect(throws: TensorError.self) { try Tensor([1, .nan]).normalized() }
  }
}

// MARK: Contractions and the orthogonal 4th-order tensor (002 Sec 5)

@Suite("Tensor contractions: tensordot with a vector, T(x,x,x,x) and its derivatives")
struct TensorContractionTests {
  /// Orthonormal vectors: the first `r` columns of a product of Givens rotations of R^d.
  static func rotatedBasis(_ d: Int, _ r: Int) -> [Tensor] {
    var q = Tensor.identity(d)
    for (k, angle) in [0.3, -1.1, 0.7, 2.0, -0.4, 1.3].enumerated() {
      let (i, j) = (k % d, (k + 1 + k / d) % d)
      guard i != j else { continue }
      let (c, s) = (cos(angle), sin(angle))
      for row in 0..<d {  // q <- q G(i, j, angle), mixing columns i and j
        let (a, b) = (q.scalars[row * d + i], q.scalars[row * d + j])
        q.scalars[row * d + i] = c * a - s * b
        q.scalars[row * d + j] = s * a + c * b
      }
    }
    return (0..<r).map { col in Tensor((0..<d).map { q.scalars[$0 * d + col] }) }
  }

  let d = 4
  let x = Tensor([0.7, -0.2, 0.5, 0.9])

  @Test func contractOneAxisMatchesNaiveTensordot() throws {
    let t = F.sample([3, 4, 5], seed: 12)
    for axis in 0..<3 {
      let v = F.sample([t.shape[axis]], seed: UInt64(13 + axis))
      let got = try t.contract(v, axis: axis - 3)  // negative axes, too
      var outShape = t.shape
      outShape.remove(at: axis)
      var expected = Tensor.zeros(outShape)
      for idx in F.indices(t.shape) {
        var o = idx
        o.remove(at: axis)
        expected.scalars[expected.offset(of: o) ?? 0] += F.at(t, idx) * v.scalars[idx[axis]]
      }
      expectClose(got, expected, rel: 1e-15, "axis \(axis)")
    }
    #expect(throws: TensorError.self) { try t.contract(Tensor([1, 2]), axis: 0) }
    #expect(throws: TensorError.self) { try t.contract(Tensor.zeros([3, 1]), axis: 0) }
    #expect(throws: TensorError.self) { try t.contract(Tensor([1, 2, 3]), axis: 3) }
  }

  @Test func multilinearFormsOfAGeneralTensorMatchNaiveSums() throws {
    let t = F.sample([d, d, d, d], seed: 14)  // not symmetric: the axis order matters
    var c4 = 0.0
    var c3 = Tensor.zeros([d]), c2 = Tensor.zeros([d, d])
    for idx in F.indices(t.shape) {
      let (i, j, k, l) = (idx[0], idx[1], idx[2], idx[3])
      let tij = F.at(t, idx) * x.scalars[i] * x.scalars[j]
      c4 += tij * x.scalars[k] * x.scalars[l]
      c3.scalars[l] += tij * x.scalars[k]
      c2.scalars[k * d + l] += tij
    }
    expectClose(try t.contract4(x), c4, rel: 1e-14)
    expectClose(try t.contract3(x), c3, rel: 1e-14)
    expectClose(try t.contract2(x), c2, rel: 1e-14)
    #expect(throws: TensorError.self) { try t.contract4(Tensor([1, 2, 3])) }
    #expect(throws: TensorError.self) { try F.sample([d, d, d], seed: 1).contract3(x) }
    #expect(throws: TensorError.self) { try t.contract2(Tensor.zeros([d, 1])) }
  }

  @Test func orthogonalTensorHasTheClosedForms() throws {
    // 002 (5.1): T = sum_i a_i^{⊗4}, so T(x,x,x,x) = sum_i <a_i,x>^4 and
    // T(x,x,x,.) = sum_i <a_i,x>^3 a_i, T(x,x,.,.) = sum_i <a_i,x>^2 a_i a_i^T
    let a = Self.rotatedBasis(d, 3)
    let t = try Tensor.orthogonalFourthOrder(components: a)
    for idx in F.indices(t.shape) {
      let naive = a.reduce(0.0) { s, v in s + idx.reduce(1.0) { $0 * v.scalars[$1] } }
      expectClose(F.at(t, idx), naive, rel: 1e-14, abs: 1e-15, "T at \(idx)")
    }
    let p = try a.map { try Tensor.dot($0, x) }
    expectClose(try t.contract4(x), p.reduce(0) { $0 + $1 * $1 * $1 * $1 }, rel: 1e-14)
    var v = Tensor.zeros([d]), m = Tensor.zeros([d, d])
    for (i, ai) in a.enumerated() {
      try v.addScaled(ai, p[i] * p[i] * p[i])
      try m.addScaled(Tensor.outer(ai, ai), p[i] * p[i])
    }
    expectClose(try t.contract3(x), v, rel: 1e-14)
    expectClose(try t.contract2(x), m, rel: 1e-14)
    // Thm 5.1: at a component the objective is 1
    expectClose(try t.contract4(a[1]), 1, rel: 1e-14)
  }

  @Test func contract3AndContract2AreTheDerivativesOfContract4() throws {
    // for symmetric T: grad T(x,x,x,x) = 4 T(x,x,x,.), Hessian = 12 T(x,x,.,.); checked by central
    // differences (exact up to h^2 f'''/6 for a quartic: ~1e-10 at h = 1e-5)
    let t = try Tensor.orthogonalFourthOrder(components: Self.rotatedBasis(d, 3))
    let h = 1e-5
    var grad = Tensor.zeros([d]), hess = Tensor.zeros([d, d])
    for j in 0..<d {
      let e = F.replacing(Tensor.zeros([d]), at: j, with: h)
      let (xp, xm) = (try x + e, try x - e)
      grad.scalars[j] = (try t.contract4(xp) - t.contract4(xm)) / (2 * h)
      let column = try (t.contract3(xp) - t.contract3(xm)) * (4 / (2 * h))
      for i in 0..<d { hess.scalars[i * d + j] = column.scalars[i] }
    }
    expectClose(try t.contract3(x) * 4, grad, rel: 1e-7, "gradient")
    expectClose(try t.contract2(x) * 12, hess, rel: 1e-7, "Hessian")
  }

  @Test func componentsAreChecked() throws {
    let a = Self.rotatedBasis(d, 2)
    #expect(throws: TensorError.self) { try Tensor.orthogonalFourthOrder(components: [a[0], a[0]]) }
    #expect(throws: TensorError.self) { try Tensor.orthogonalFourthOrder(components: [a[0] * 2]) }
    #expect(throws: TensorError.self) { try Tensor.orthogonalFourthOrder(components: []) }
    #expect(throws: TensorError.self) { try Tensor.orthogonalFourthOrder(components: [a[0], Tensor([1])]) }
    // without the orthonormality check, any vectors: 2^4 (e1)^{⊗4}
    let s = try Tensor.sumOfFourthPowers([Tensor([2, 0])])
    #expect(s.scalars == [16] + [Double](repeating: 0, count: 15))
  }
}
