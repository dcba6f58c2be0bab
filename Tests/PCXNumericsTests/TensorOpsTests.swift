import Testing
@testable import PCXNumerics

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
