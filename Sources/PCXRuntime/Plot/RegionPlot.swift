import PCXNumerics

/// The zero set {f = 0} of a function sampled on a grid, for the curve of 001 Figure 1 (xy = 1,
/// where f(x, y) = (xy - 1)^2 vanishes).
///
/// Where f takes both signs the zero set is its level 0, found by marching squares. A
/// non-negative f (a squared residual, a loss) never crosses 0, so marching squares on f itself
/// finds nothing; instead it runs on a signed square root s = ±sqrt(f) whose sign flips across
/// every grid edge that f dips to zero on. The test needs f at the edge's midpoint too: if
/// f = r^2 with r linear along the edge, sqrt(f) at the midpoint is |a + b| / 2 of the end values
/// a, b of r, which is max(|a|, |b|) / 2 or more when r keeps its sign and less when it changes
/// sign, so the edge is crossed iff sqrt(f(mid)) < max(sqrt(f(ends))) / 2 (an edge ending on a
/// node where sqrt(f) is 0 to rounding counts as crossed, the one leaving it not). Signs are carried down
/// the first column and then along each row. An isolated zero (f = x^2 + y^2 at 0) shows up as a
/// small closed curve around it, about a grid step wide.
public enum ZeroSet {
  /// Segments of {f = 0} in data coordinates. `half[b][a]` is f at (x(a / 2), y(b / 2)) where
  /// x(t) interpolates `xs` (half-integer t: the midpoint between two nodes): 2 xs.count - 1
  /// columns and 2 ys.count - 1 rows. Non-finite values leave their cells out.
  public static func segments(xs: [Double], ys: [Double], half: [[Double]]) -> [ContourSegment] {
    let nx = xs.count, ny = ys.count
    guard nx >= 2, ny >= 2, half.count == 2 * ny - 1, half.allSatisfy({ $0.count == 2 * nx - 1 }) else { return [] }
    let nodes = (0..<ny).map { j in (0..<nx).map { i in half[2 * j][2 * i] } }
    if nodes.joined().contains(where: { $0 < 0 }) {
      return MarchingSquares.segments(xs: xs, ys: ys, values: nodes, level: 0)
    }
    return MarchingSquares.segments(xs: xs, ys: ys, values: signedRoot(half, nx, ny), level: 0)
  }

  /// ±sqrt(f) at the nodes, the sign flipped across each crossed edge (see the type's comment).
  static func signedRoot(_ half: [[Double]], _ nx: Int, _ ny: Int) -> [[Double]] {
    func crossed(_ a: Double, _ mid: Double, _ b: Double) -> Bool {
      let (ra, rm, rb) = (a.squareRoot(), mid.squareRoot(), b.squareRoot())
      let (lo, hi) = (Swift.min(ra, rb), Swift.max(ra, rb))
      guard hi > 0 else { return false }
      // A node on the zero set (xy = 1 through a grid node, to rounding): the midpoint cannot tell
      // the two cases apart, so the sign flips on the edge into the node and not out of it.
      if lo <= 1e-8 * hi { return rb <= ra }
      return rm < hi / 2
    }
    var signs = [[Double]](repeating: [Double](repeating: 1, count: nx), count: ny)
    for j in 0..<ny {
      if j > 0 {
        let flip = crossed(half[2 * j - 2][0], half[2 * j - 1][0], half[2 * j][0])
        signs[j][0] = flip ? -signs[j - 1][0] : signs[j - 1][0]
      }
      for i in 1..<nx {
        let row = half[2 * j]
        signs[j][i] = crossed(row[2 * i - 2], row[2 * i - 1], row[2 * i]) ? -signs[j][i - 1] : signs[j][i - 1]
      }
    }
    return (0..<ny).map { j in (0..<nx).map { i in signs[j][i] * half[2 * j][2 * i].squareRoot() } }
  }

  /// The segments as one series, each segment its own piece (NaN between pieces).
  public static func series(_ segments: [ContourSegment], name: String) -> Series {
    var x: [Double] = [], y: [Double] = []
    for s in segments {
      x += [s.a.x, s.b.x, .nan]
      y += [s.a.y, s.b.y, .nan]
    }
    return Series(name: name, x: x, y: y, style: .line)
  }
}

extension Interpreter {
  /// The picture of a certificate over a grid (001 Figure 1): cells coloured by f(x0), the
  /// points where the criterion was met hatched cell by cell, and the zero set of f on a grid
  /// 4 times finer (at most 161 nodes a side; see `ZeroSet`).
  func regionPlot(_ request: CertificateRequest) throws -> FieldPlot {
    let what = request.binding ?? request.name
    guard let record = request.outcome else {
      throw RuntimeError(.argument, "plot draws a certificate's region, but \(what) (\(request.name)) was not evaluated")
    }
    guard let grid = record.grid else {
      throw RuntimeError(.argument, "plot draws a certificate's region over a grid, but \(what) was not measured on: grid(...)",
                         hint: "certify \(what) = \(request.name)(..., on: grid(x: [-3, 3], y: [-3, 3], n: 40), ...)")
    }
    let k = grid.met.filter { $0 }.count
    let values = grid.ys.indices.map { j in Array(grid.values[(j * grid.xs.count)..<((j + 1) * grid.xs.count)]) }
    var overlays: [Series] = []
    if case .objective(let f)? = env.values[grid.objective], f.initial.count == 2 {
      let segments = try zeroSet(f, grid)
      if !segments.isEmpty { overlays.append(ZeroSet.series(segments, name: "\(grid.objective) = 0")) }
    }
    return FieldPlot(
      title: "\(record.name): 4 f(x0) < r² α(x0, r) on a grid (001 (2.1), Figure 1)",
      xLabel: grid.labels.first ?? "x", yLabel: grid.labels.dropFirst().first ?? "y",
      valueLabel: "\(grid.objective)(x0)", xs: grid.xs, ys: grid.ys, values: values,
      region: grid.metRows, regionLabel: "criterion met (\(k) of \(grid.met.count) grid points)",
      overlays: overlays, regionCells: true)
  }

  /// The zero set of f over the grid's extent, on a finer grid with midpoints for `ZeroSet`.
  private func zeroSet(_ f: ObjectiveValue, _ grid: GridResult) throws -> [ContourSegment] {
    guard let x0 = grid.xs.first, let x1 = grid.xs.last, let y0 = grid.ys.first, let y1 = grid.ys.last else { return [] }
    let m = Swift.min(4 * (Swift.max(grid.xs.count, grid.ys.count) - 1) + 1, 161)
    let fx = GridSpec.axis(x0, x1, m), fy = GridSpec.axis(y0, y1, m)
    let hx = GridSpec.axis(x0, x1, 2 * m - 1), hy = GridSpec.axis(y0, y1, 2 * m - 1)
    let half = try hy.map { y in try hx.map { x in try f.objective.value(Tensor([x, y])) } }
    return ZeroSet.segments(xs: fx, ys: fy, half: half)
  }
}
