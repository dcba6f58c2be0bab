// Contour lines by marching squares (Lorensen & Cline's marching cubes, "Marching cubes: a high
// resolution 3D surface construction algorithm", SIGGRAPH 1987, in two dimensions): each grid
// cell is classified by which corners lie above the level, and the level set crosses the cell's
// edges at points found by linear interpolation between the corner values.

/// A piece of a contour line, in data coordinates.
public struct ContourSegment: Sendable, Equatable {
  /// One end, on an edge of the grid cell.
  public var a: PlotPoint
  /// The other end, on another edge of the same cell.
  public var b: PlotPoint
}

/// Level sets of a function sampled on a rectangular grid.
public enum MarchingSquares {
  /// The segments of {f = level} for `values[j][i]` = f(xs[i], ys[j]).
  ///
  /// A corner is above when its value is > level. Cells with a NaN corner give nothing. In the two
  /// saddle cells (opposite corners above) the mean of the four corners decides: the corners on
  /// the side the mean is not on are cut off, so the output is the same on every run. Both cells
  /// sharing an edge compute its crossing from the same two values in the same order, so the
  /// segments meet exactly. Ragged rows are read up to the shortest row.
  public static func segments(xs: [Double], ys: [Double], values: [[Double]], level: Double) -> [ContourSegment] {
    let rows = min(ys.count, values.count)
    let cols = min(xs.count, values.prefix(rows).map(\.count).min() ?? 0)
    guard rows >= 2, cols >= 2, !level.isNaN else { return [] }
    var out: [ContourSegment] = []
    for j in 0..<(rows - 1) {
      for i in 0..<(cols - 1) {
        out += cell(i, j, xs: xs, ys: ys, values: values, level: level)
      }
    }
    return out
  }

  /// Corner offsets (di, dj) in order bottom-left, bottom-right, top-right, top-left; edge k joins
  /// corner k and corner k + 1 (mod 4), so corner k lies between edges k - 1 and k.
  private static let corners = [(0, 0), (1, 0), (1, 1), (0, 1)]

  private static func cell(
    _ i: Int, _ j: Int, xs: [Double], ys: [Double], values: [[Double]], level: Double
  ) -> [ContourSegment] {
    let v = corners.map { values[j + $0.1][i + $0.0] }
    guard !v.contains(where: \.isNaN) else { return [] }
    let above = v.map { $0 > level }
    let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
    func point(_ edge: Int) -> PlotPoint {
      crossing(edge, i, j, xs: xs, ys: ys, values: values, level: level)
    }
    if crossed.count == 2 { return [ContourSegment(a: point(crossed[0]), b: point(crossed[1]))] }
    guard crossed.count == 4 else { return [] }
    // Saddle: cut off each corner whose side differs from the centre's (the mean of the corners).
    let centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 > level
    return (0..<4).filter { above[$0] != centreAbove }.map { k in
      ContourSegment(a: point((k + 3) % 4), b: point(k))
    }
  }

  /// Where the level crosses edge `edge` of cell (i, j), interpolated from the edge's end with the
  /// lower grid index to the other, whichever cell asks.
  private static func crossing(
    _ edge: Int, _ i: Int, _ j: Int, xs: [Double], ys: [Double], values: [[Double]], level: Double
  ) -> PlotPoint {
    let c = corners[edge], d = corners[(edge + 1) % 4]
    let (p, q) = c.0 + c.1 <= d.0 + d.1 ? (c, d) : (d, c)
    let (ip, jp, iq, jq) = (i + p.0, j + p.1, i + q.0, j + q.1)
    let vp = values[jp][ip], vq = values[jq][iq]
    // vp != vq: exactly one end is above the level.
    let t = (level - vp) / (vq - vp)
    return PlotPoint(x: xs[ip] + t * (xs[iq] - xs[ip]), y: ys[jp] + t * (ys[jq] - ys[jp]))
  }
}
