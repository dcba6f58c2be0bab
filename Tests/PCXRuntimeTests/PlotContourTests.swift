import Foundation
import Testing
@testable import PCXRuntime

/// Expects two points equal within `tol` in each coordinate.
private func expectPoint(_ p: PlotPoint, _ x: Double, _ y: Double, tol: Double = 1e-12,
                         sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(abs(p.x - x) <= tol && abs(p.y - y) <= tol, "expected (\(x), \(y)), observed (\(p.x), \(p.y))",
          sourceLocation: sourceLocation)
}

/// A grid of f at xs × ys, rows indexed by y.
private func sample(_ xs: [Double], _ ys: [Double], _ f: (Double, Double) -> Double) -> [[Double]] {
  ys.map { y in xs.map { x in f(x, y) } }
}

@Suite("Plot contours")
struct PlotContourTests {
  @Test func oneCornerAboveCutsItOff() {
    // Bottom-right corner 1, others 0: the 0.5 contour joins the middles of the bottom and right edges.
    let s = MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[0, 1], [0, 0]], level: 0.5)
    #expect(s.count == 1)
    guard let seg = s.first else { return }
    expectPoint(seg.a, 0.5, 0)
    expectPoint(seg.b, 1, 0.5)
    // Level 0.25 on an uneven cell [0, 2] × [10, 14]: a quarter of the way from the low corner.
    let t = MarchingSquares.segments(xs: [0, 2], ys: [10, 14], values: [[1, 0], [0, 0]], level: 0.25)
    #expect(t.count == 1)
    guard let u = t.first else { return }
    expectPoint(u.a, 1.5, 10)
    expectPoint(u.b, 0, 13)
  }

  @Test func twoCornersAboveGiveOneCrossingSegment() {
    // Top row above: a horizontal segment at the interpolated heights of the two side edges.
    let s = MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[0, 0], [2, 4]], level: 1)
    #expect(s.count == 1)
    guard let seg = s.first else { return }
    expectPoint(seg.a, 1, 0.25)  // right edge: 0 -> 4
    expectPoint(seg.b, 0, 0.5)   // left edge: 0 -> 2
  }

  @Test func saddleCellsFollowTheMeanOfTheCorners() {
    // Corners 1 (bottom-left), 0, 1 (top-right), 0: the mean 0.5 decides.
    let v: [[Double]] = [[1, 0], [0, 1]]
    // Level 0.4: the centre is above, so the two low corners are cut off.
    let low = MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: v, level: 0.4)
    #expect(low.count == 2)
    if low.count == 2 {
      expectPoint(low[0].a, 0.6, 0); expectPoint(low[0].b, 1, 0.4)   // around (1, 0)
      expectPoint(low[1].a, 0.4, 1); expectPoint(low[1].b, 0, 0.6)   // around (0, 1)
    }
    // Level 0.6: the centre is below, so the two high corners are cut off.
    let high = MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: v, level: 0.6)
    #expect(high.count == 2)
    if high.count == 2 {
      expectPoint(high[0].a, 0, 0.4); expectPoint(high[0].b, 0.4, 0)   // around (0, 0)
      expectPoint(high[1].a, 1, 0.6); expectPoint(high[1].b, 0.6, 1)   // around (1, 1)
    }
  }

  @Test func cellsWithNaNOrNoCrossingGiveNothing() {
    #expect(MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[0, .nan], [1, 1]], level: 0.5).isEmpty)
    #expect(MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[2, 3], [4, 5]], level: 0.5).isEmpty)
    #expect(MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[2, 3], [4, 5]], level: .nan).isEmpty)
    #expect(MarchingSquares.segments(xs: [0], ys: [0], values: [[1]], level: 0.5).isEmpty)
  }

  @Test func linearFunctionsAreContouredExactly() {
    // Linear interpolation is exact for f = x + 2y: every end point satisfies x + 2y = level.
    let xs = stride(from: -1.0, through: 1.0, by: 0.25).map { $0 }
    let ys = stride(from: -2.0, through: 1.0, by: 0.5).map { $0 }
    let values = sample(xs, ys) { $0 + 2 * $1 }
    let segs = MarchingSquares.segments(xs: xs, ys: ys, values: values, level: 0.3)
    #expect(segs.count >= 6)
    for s in segs {
      for p in [s.a, s.b] { #expect(abs(p.x + 2 * p.y - 0.3) < 1e-12, "(\(p.x), \(p.y))") }
    }
  }

  @Test func circleContourLiesWithinACellOfTheCircleAndCloses() {
    // No node lies exactly on the circle (there a crossing would sit on the node, shared by more
    // than two edges).
    let h = 0.3
    let grid = (0...10).map { -1.5 + Double($0) * h }
    let values = sample(grid, grid) { $0 * $0 + $1 * $1 }
    let segs = MarchingSquares.segments(xs: grid, ys: grid, values: values, level: 1)
    #expect(segs.count >= 16)
    var ends: [String: Int] = [:]
    for s in segs {
      for p in [s.a, s.b] {
        let r = (p.x * p.x + p.y * p.y).squareRoot()
        // Along an edge r^2 = t^2 + c; its linear interpolant errs by (t - a)(t - a - h), at most
        // h^2 / 4 in r^2, so the crossing is where r^2 is within h^2 / 4 of 1.
        #expect(abs(r - 1) < h, "point (\(p.x), \(p.y)) at radius \(r)")
        #expect(abs(r * r - 1) <= h * h / 4 + 1e-12, "point (\(p.x), \(p.y)) at radius \(r)")
        ends["\(p.x),\(p.y)", default: 0] += 1
      }
    }
    // A closed curve: neighbouring cells compute each shared crossing bit for bit alike.
    #expect(ends.values.allSatisfy { $0 == 2 }, "open ends: \(ends.filter { $0.value != 2 })")
  }
}
