import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Data: transforms and paths")
struct DataTransformsTests {
  typealias S = DataTestSupport

  /// Rows (i, 10 i + 1, 7) with label i: a row id in column 0 and a constant column 2.
  func sample(_ n: Int) throws -> Dataset {
    let x = try Tensor(shape: [n, 3], scalars: (0..<n).flatMap { [Double($0), Double(10 * $0 + 1), 7] })
    return try Dataset(x: x, y: try Tensor(shape: [n, 1], scalars: (0..<n).map(Double.init)), source: "s")
  }

  @Test func takeKeepsTheFirstRows() throws {
    let t = try Transforms.take(try sample(5), 2)
    S.expectEqual(t.x, try S.matrix([[0, 1, 7], [1, 11, 7]]))
    S.expectEqual(t.y, try S.matrix([[0], [1]]))
    #expect(t.source == "s |> take(2)")
    S.expectError(.data, ["take(6) needs 1 <= k <= 5"]) { _ = try Transforms.take(try sample(5), 6) }
  }

  @Test func standardizeUsesThePopulationStd() throws {
    let s = try Transforms.standardize(try sample(3))
    // Column (0, 1, 2): mean 1, population std sqrt(2/3), so (-sqrt(3/2), 0, sqrt(3/2)).
    let r = 1.5.squareRoot()
    S.expectEqual(s.x, try S.matrix([[-r, -r, 0], [0, 0, 0], [r, r, 0]]), tol: 1e-15)
    #expect((0..<3).allSatisfy { s.x.scalars[3 * $0 + 2] == 0 })  // the constant column, exactly, no NaN
    #expect(s.y == (try sample(3)).y)
    // A constant column whose rounded mean differs from its value still becomes 0.
    let x = try Tensor(shape: [3, 1], scalars: [0.1, 0.1, 0.1])
    let c = try Transforms.standardize(try Dataset(x: x, y: Tensor.zeros([3, 1]), source: "c"))
    #expect(c.x.scalars == [0, 0, 0])
  }

  @Test func normalizeRowsSetsEveryNorm() throws {
    let d = try Transforms.normalizeRows(try sample(4), norm: 2)
    for i in 0..<4 {
      let norm = d.x.scalars[(3 * i)..<(3 * i + 3)].reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(Swift.abs(norm - 2) <= 1e-15 * 2)
    }
    let zero = try Dataset(x: Tensor.zeros([2, 2]), y: Tensor.zeros([2, 1]), source: "z")
    S.expectError(.data, ["row 0 of z has norm 0.0"]) { _ = try Transforms.normalizeRows(zero, norm: 1) }
  }

  @Test func oneHotChecksIntegerLabels() throws {
    let d = try Dataset(x: Tensor.zeros([3, 1]), y: try S.matrix([[2], [0], [1]]), source: "d")
    let h = try Transforms.oneHot(d, classes: 3)
    S.expectEqual(h.y, try S.matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
    let bad = try Dataset(x: Tensor.zeros([2, 1]), y: try S.matrix([[1], [1.5]]), source: "d")
    S.expectError(.data, ["row 1 of d has label 1.5, not an integer in 0..<3"]) { _ = try Transforms.oneHot(bad, classes: 3) }
    S.expectError(.data, ["row 0 of d has label 2.0, not an integer in 0..<2"]) { _ = try Transforms.oneHot(d, classes: 2) }
  }

  @Test func splitIsAShuffledPartition() throws {
    let d = try sample(8)
    var rng = RandomStream(seed: 12), same = RandomStream(seed: 12)
    let (train, test) = try Transforms.split(d, fraction: 0.75, rng: &rng)
    #expect(train.n == 6 && test.n == 2)
    let ids = (train.x.scalars + test.x.scalars).enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    #expect(ids.sorted() == (0..<8).map(Double.init))
    #expect(ids != (0..<8).map(Double.init))  // shuffled (a fixed seed, so this cannot flake)
    #expect(train.y.scalars == train.x.scalars.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
    let again = try Transforms.split(d, fraction: 0.75, rng: &same)
    #expect(again.train == train && again.test == test)
    S.expectError(.data, ["strictly between 0 and 1"]) { _ = try Transforms.split(d, fraction: 1, rng: &rng) }
    S.expectError(.data, ["leaves 8 for training and 0 for testing"]) { _ = try Transforms.split(d, fraction: 0.97, rng: &rng) }
  }

  @Test func pathsResolveAgainstTheScriptDirectory() {
    #expect(DataFiles.resolve("data/x.csv", base: "/home/a/exp") == "/home/a/exp/data/x.csv")
    #expect(DataFiles.resolve("./x.csv", base: "/home/a/exp/") == "/home/a/exp/x.csv")
    #expect(DataFiles.resolve("/abs/x.csv", base: "/home/a") == "/abs/x.csv")
    #expect(DataFiles.resolve("x.csv", base: "") == "x.csv")
  }
}
