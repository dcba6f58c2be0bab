import Foundation

extension SVG {
  /// A field plot: one coloured cell per grid point (its edges half-way to the neighbours, the
  /// outer cells clipped at the grid's extent), the shaded region, contour lines, overlays, a
  /// colour bar with the contour levels marked, and a legend for the region and named overlays.
  /// An inconsistent plot (see `FieldPlot.validate`) is drawn as its error message.
  public static func render(_ p: FieldPlot, width: Int = 560, height: Int = 480) -> String {
    let w = max(width, minWidth), h = max(height, minHeight)
    do {
      try p.validate()
    } catch {
      return message("\(error)", title: p.title, width: w, height: h)
    }
    return FieldRenderer(plot: p, width: w, height: h).render()
  }

  /// A document showing only a title and a message (a plot that cannot be drawn).
  static func message(_ text: String, title: String, width: Int, height: Int) -> String {
    var svg = SVGWriter(width: width, height: height)
    let r = PixelRect(x0: 20, y0: 40, x1: Double(width) - 20, y1: Double(height) - 20)
    svg.rect(r, "fill=\"none\" stroke=\"#bbbbbb\" stroke-width=\"1\"")
    svg.text(text, x: Double(width) / 2, y: Double(height) / 2, size: PlotMetrics.labelSize, anchor: "middle", fill: "#b00020")
    svg.labels(title: title, xLabel: "", yLabel: "", r)
    return svg.document(title: title)
  }
}

/// How field values map to [0, 1] along the colour map.
struct ValueScale {
  /// At most this many decades below the maximum get colours on a log scale: over a wider span
  /// each decade would get a sliver of the map (a zero rounded to 1e-32 would set the bottom).
  static let maxLogDecades = 6.0

  var log: Bool
  /// The colour bar's range and ticks.
  var ticks: TickSet

  /// The scale of the finite values in `values` under `scale`.
  init(_ values: [[Double]], scale: AxisScale, target: Int) {
    let finite = values.joined().filter(\.isFinite)
    let positive = finite.filter { $0 > 0 }
    let wantsLog: Bool
    switch scale {
    case .linear: wantsLog = false
    case .log: wantsLog = true
    case .auto:
      // A loss landscape: non-negative, zero at the minima, spanning decades above them.
      wantsLog = !finite.contains { $0 < 0 } && NiceTicks.prefersLog(positive)
    }
    log = wantsLog && !positive.isEmpty
    if log, let hi = positive.max(), let lo = positive.min() {
      let floor = max(lo, hi / NiceTicks.decimalValue(1, Int(Self.maxLogDecades)))
      ticks = NiceTicks.log(lo: floor, hi: hi, target: target, loose: false)
    } else {
      ticks = SVG.ticks(finite, log: false, target: target, loose: false)
    }
  }

  /// The position of v on the colour map; values at or below the bottom (zeros on a log scale)
  /// take its lowest colour, NaN none.
  func fraction(_ v: Double) -> Double? {
    guard !v.isNaN else { return nil }
    let t: Double
    if log {
      guard v > ticks.lo else { return 0 }
      t = (Foundation.log10(v) - Foundation.log10(ticks.lo)) / (Foundation.log10(ticks.hi) - Foundation.log10(ticks.lo))
    } else {
      t = (v * 0.5 - ticks.lo * 0.5) / (ticks.hi * 0.5 - ticks.lo * 0.5)
    }
    return t.isNaN ? 0.5 : min(max(t, 0), 1)
  }
}

/// Lays out and draws one (valid) field plot.
struct FieldRenderer {
  let plot: FieldPlot
  let width: Int
  let height: Int
  /// The look of the shaded region: a translucent white wash under white diagonal hatching, which
  /// stays visible over every colour of the map and lets the colours show through.
  static let regionFill = "fill=\"url(#pcx-hatch)\""
  static let hatch = """
    <pattern id="pcx-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
    <rect x="0" y="0" width="6" height="6" fill="#ffffff" fill-opacity="0.3"/>\
    <path d="M0 0V6" stroke="#ffffff" stroke-width="1.6" stroke-opacity="0.9"/></pattern>
    """
  static let regionEdge = "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"0.8\" stroke-opacity=\"0.7\""
  static let contourLine = "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"1.1\" stroke-linecap=\"round\" stroke-opacity=\"0.9\""
  static let barWidth = 16.0
  static let barGap = 18.0

  func render() -> String {
    let (x, y, r, scale) = layout()
    var svg = SVGWriter(width: width, height: height)
    svg.define(Self.hatch)
    svg.define(gradient())
    drawCells(&svg, x, y, scale)
    if let region = plot.region {
      if plot.regionCells { drawRegionCells(&svg, region, x, y) } else { drawRegion(&svg, region, x, y) }
    }
    drawContours(&svg, x, y)
    let overlays = plot.overlays.enumerated().map { i, s in
      PixelSeries(s, color: overlayColors[i % overlayColors.count], x: x, y: y)
    }
    for s in overlays { svg.draw(s, in: r) }
    svg.frame(x, y, r)
    drawColorBar(&svg, scale, r)
    drawLegend(&svg, r)
    if !plot.values.joined().contains(where: { !$0.isNaN }) {
      svg.text("no finite values", x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2, size: PlotMetrics.labelSize, anchor: "middle")
    }
    svg.labels(title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel, r)
    return svg.document(title: plot.title)
  }

  /// Overlay colours: dark and saturated first, to stand out on light and dark cells alike.
  private var overlayColors: [String] { ["#d62728", "#ff7f0e", "#e377c2", "#17becf", "#ffffff"] }

  /// Axes over the grid's extent (ticks inside it) and the colour bar's scale; the right margin
  /// holds the colour bar and its labels, the bottom one the x label and the legend.
  private func layout() -> (Axis, Axis, PixelRect, ValueScale) {
    let lines = Double(legendLines.count)
    let top = plot.title.isEmpty ? 14.0 : 40.0
    let bottom = (plot.xLabel.isEmpty ? 30.0 : 50.0) + (lines > 0 ? lines * Legend.rowHeight + 6 : 0)
    let target = max(3, Int((Double(height) - top - bottom) / 45))
    let scale = ValueScale(plot.values, scale: plot.valueScale, target: target)
    let yTicks = SVG.ticks([plot.ys[0], plot.ys[plot.ys.count - 1]], log: false, target: target, loose: false)
    let tickWidth = { (t: TickSet) in t.labels.map { SVGWriter.textWidth($0, size: PlotMetrics.tickSize) }.max() ?? 0 }
    let left = (plot.yLabel.isEmpty ? 6 : 28) + tickWidth(yTicks) + 14
    let right = Self.barGap + Self.barWidth + 8 + tickWidth(scale.ticks) + (plot.valueLabel.isEmpty ? 10 : 30)
    let r = PixelRect(x0: left, y0: top, x1: Double(width) - right, y1: Double(height) - bottom)
    let xTicks = SVG.fittedXTicks([plot.xs[0], plot.xs[plot.xs.count - 1]], log: false, width: r.width, loose: false)
    return (Axis(ticks: xTicks, log: false, p0: r.x0, p1: r.x1),
            Axis(ticks: yTicks, log: false, p0: r.y1, p1: r.y0), r, scale)
  }

  /// Pixel edges of the cells along one axis: the grid's ends and the midpoints between nodes.
  private func edges(_ g: [Double], _ axis: Axis) -> [Double] {
    let mids = (1..<g.count).map { g[$0 - 1] * 0.5 + g[$0] * 0.5 }
    // Grid values are finite and inside the axis range (validated), so every pixel exists.
    return ([g[0]] + mids + [g[g.count - 1]]).map { axis.pixel($0) ?? axis.p0 }
  }

  /// Rectangles over the runs of equal colour in each row (fewer elements, same picture).
  private func drawCells(_ svg: inout SVGWriter, _ x: Axis, _ y: Axis, _ scale: ValueScale) {
    let bx = edges(plot.xs, x), by = edges(plot.ys, y)
    var rects: [String] = []
    for (j, row) in plot.values.enumerated() {
      let colors = row.map { v in scale.fraction(v).map { plot.colorMap.hex($0) } }
      for run in runs(colors) {
        guard let color = run.value else { continue }
        let cell = PixelRect(x0: bx[run.start], y0: by[j + 1], x1: bx[run.end], y1: by[j])
        rects.append(cellRect(cell, "fill=\"\(color)\""))
      }
    }
    // crispEdges: no anti-aliased seams between neighbouring cells.
    svg.add("<g shape-rendering=\"crispEdges\">\n" + rects.joined(separator: "\n") + "\n</g>")
  }

  private func cellRect(_ r: PixelRect, _ attributes: String) -> String {
    "<rect x=\"\(SVGWriter.num(r.x0))\" y=\"\(SVGWriter.num(r.y0))\" width=\"\(SVGWriter.num(r.width))\" height=\"\(SVGWriter.num(r.height))\" \(attributes)/>"
  }

  /// Maximal runs of equal entries: value and the half-open index range [start, end).
  private func runs<T: Equatable>(_ row: [T]) -> [(value: T, start: Int, end: Int)] {
    var out: [(value: T, start: Int, end: Int)] = []
    for (i, v) in row.enumerated() {
      if let last = out.last, last.value == v { out[out.count - 1].end = i + 1 } else { out.append((v, i, i + 1)) }
    }
    return out
  }

  /// The shaded region as one path: in each grid cell the part nearer its shaded corners, cut at
  /// the edge midpoints, so the boundary runs half-way between shaded and unshaded nodes; runs of
  /// fully shaded cells become one rectangle. The boundary is stroked as a thin line.
  private func drawRegion(_ svg: inout SVGWriter, _ region: [[Bool]], _ x: Axis, _ y: Axis) {
    let px = plot.xs.map { x.pixel($0) ?? x.p0 }, py = plot.ys.map { y.pixel($0) ?? y.p0 }
    var d = ""
    for j in 0..<(plot.ys.count - 1) {
      var runStart: Int? = nil
      // The extra last step (no cell) flushes a run that reaches the right edge.
      for i in 0..<plot.xs.count {
        let inside = i + 1 < plot.xs.count ? [region[j][i], region[j][i + 1], region[j + 1][i + 1], region[j + 1][i]] : []
        if !inside.isEmpty, !inside.contains(false) {
          runStart = runStart ?? i
          continue
        }
        if let s = runStart {
          d += Self.polygon([PlotPoint(x: px[s], y: py[j]), PlotPoint(x: px[i], y: py[j]),
                             PlotPoint(x: px[i], y: py[j + 1]), PlotPoint(x: px[s], y: py[j + 1])])
          runStart = nil
        }
        if !inside.isEmpty { d += cellPath(i, j, inside, px, py) }
      }
    }
    guard !d.isEmpty else { return }
    svg.add("<path d=\"\(d)\" \(Self.regionFill)/>")
    let indicator = region.map { row in row.map { $0 ? 1.0 : 0.0 } }
    strokeContour(&svg, level: 0.5, values: indicator, x, y, attributes: Self.regionEdge)
  }

  /// The shaded region as one hatched rectangle per shaded grid point, grouped in
  /// `<g class="pcx-region-cells">` (one `<rect>` per point, so the picture can be counted).
  private func drawRegionCells(_ svg: inout SVGWriter, _ region: [[Bool]], _ x: Axis, _ y: Axis) {
    let bx = edges(plot.xs, x), by = edges(plot.ys, y)
    var rects: [String] = []
    for (j, row) in region.enumerated() {
      for (i, shaded) in row.enumerated() where shaded {
        rects.append(cellRect(PixelRect(x0: bx[i], y0: by[j + 1], x1: bx[i + 1], y1: by[j]), ""))
      }
    }
    guard !rects.isEmpty else { return }
    svg.add("<g class=\"pcx-region-cells\" \(Self.regionFill) shape-rendering=\"crispEdges\">\n" + rects.joined(separator: "\n") + "\n</g>")
  }

  /// The shaded part of cell (i, j) as path data, from its corners' pixels.
  private func cellPath(_ i: Int, _ j: Int, _ inside: [Bool], _ px: [Double], _ py: [Double]) -> String {
    let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)].map { PlotPoint(x: px[$0.0], y: py[$0.1]) }
    return Self.cellPolygons(inside).map { polygon in
      Self.polygon(polygon.map { v in
        switch v {
        case .corner(let k): return corners[k]
        case .midpoint(let k):
          let a = corners[k], b = corners[(k + 1) % 4]
          return PlotPoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
        }
      })
    }.joined()
  }

  /// A closed polygon as path data.
  private static func polygon(_ points: [PlotPoint]) -> String {
    "M" + points.map { "\(SVGWriter.num($0.x)) \(SVGWriter.num($0.y))" }.joined(separator: "L") + "Z"
  }

  /// A vertex of a shaded cell polygon: corner k, or the midpoint of edge k (corner k to k + 1),
  /// in the corner order of `MarchingSquares` (bottom-left, bottom-right, top-right, top-left).
  enum CellVertex: Equatable {
    case corner(Int)
    case midpoint(Int)
  }

  /// The shaded part of a cell with these corners shaded: marching squares on the 0/1 indicator
  /// at level 1/2. A saddle (opposite corners shaded) gives two triangles, as the centre's value
  /// 1/2 is not above the level, the rule `MarchingSquares` uses.
  static func cellPolygons(_ inside: [Bool]) -> [[CellVertex]] {
    if inside == [true, false, true, false] || inside == [false, true, false, true] {
      return (0..<4).filter { inside[$0] }.map { k in [.midpoint((k + 3) % 4), .corner(k), .midpoint(k)] }
    }
    var polygon: [CellVertex] = []
    for k in 0..<4 {
      if inside[k] { polygon.append(.corner(k)) }
      if inside[k] != inside[(k + 1) % 4] { polygon.append(.midpoint(k)) }
    }
    return polygon.isEmpty ? [] : [polygon]
  }

  private func drawContours(_ svg: inout SVGWriter, _ x: Axis, _ y: Axis) {
    for level in plot.contours {
      strokeContour(&svg, level: level, values: plot.values, x, y, attributes: Self.contourLine)
    }
  }

  /// One path along the level set of `values`, in pixels.
  private func strokeContour(_ svg: inout SVGWriter, level: Double, values: [[Double]], _ x: Axis, _ y: Axis, attributes: String) {
    var d = ""
    for s in MarchingSquares.segments(xs: plot.xs, ys: plot.ys, values: values, level: level) {
      // Grid points are inside the axes' ranges (validated), so every pixel exists.
      guard let ax = x.pixel(s.a.x), let ay = y.pixel(s.a.y), let bx = x.pixel(s.b.x), let by = y.pixel(s.b.y) else { continue }
      d += "M\(SVGWriter.num(ax)) \(SVGWriter.num(ay))L\(SVGWriter.num(bx)) \(SVGWriter.num(by))"
    }
    if !d.isEmpty { svg.add("<path d=\"\(d)\" \(attributes)/>") }
  }

  /// The colour map as a vertical gradient, low at the bottom.
  private func gradient() -> String {
    let stops = (0...16).map { k in
      "<stop offset=\"\(SVGWriter.num(Double(k) / 16))\" stop-color=\"\(plot.colorMap.hex(Double(k) / 16))\"/>"
    }
    return "<linearGradient id=\"pcx-colorbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">" + stops.joined() + "</linearGradient>"
  }

  private func drawColorBar(_ svg: inout SVGWriter, _ scale: ValueScale, _ r: PixelRect) {
    let bar = PixelRect(x0: r.x1 + Self.barGap, y0: r.y0, x1: r.x1 + Self.barGap + Self.barWidth, y1: r.y1)
    svg.rect(bar, "fill=\"url(#pcx-colorbar)\" stroke=\"\(PlotMetrics.frameColor)\" stroke-width=\"1\"")
    let axis = Axis(ticks: scale.ticks, log: scale.log, p0: bar.y1, p1: bar.y0)
    for t in scale.ticks.ticks {
      guard let py = axis.pixel(t.value) else { continue }
      let len = t.label == nil ? PlotMetrics.minorTick : PlotMetrics.majorTick
      svg.line(PlotPoint(x: bar.x1, y: py), PlotPoint(x: bar.x1 + len, y: py), stroke: PlotMetrics.frameColor)
      if let label = t.label { svg.text(label, x: bar.x1 + 8, y: py + 4, size: PlotMetrics.tickSize) }
    }
    for level in plot.contours {
      guard let t = scale.fraction(level), level >= scale.ticks.lo, level <= scale.ticks.hi else { continue }
      let py = bar.y1 - t * bar.height
      svg.line(PlotPoint(x: bar.x0, y: py), PlotPoint(x: bar.x1, y: py), stroke: "#ffffff", width: 1.5)
    }
    if !plot.valueLabel.isEmpty {
      svg.text(plot.valueLabel, x: Double(width) - 12, y: (r.y0 + r.y1) / 2, size: PlotMetrics.labelSize, anchor: "middle", rotated: true)
    }
  }

  /// The legend: the region (its label given) and the named overlays.
  private var legendEntries: [LegendEntry] {
    var entries: [LegendEntry] = []
    if plot.region != nil, !plot.regionLabel.isEmpty {
      let swatch = LegendSwatch.area(["fill=\"\(plot.colorMap.hex(0.35))\"", Self.regionFill + " stroke=\"#666666\" stroke-width=\"0.5\""])
      entries.append(LegendEntry(text: plot.regionLabel, color: "", swatch: swatch))
    }
    for (i, s) in plot.overlays.enumerated() where !s.name.isEmpty {
      entries.append(LegendEntry(text: s.name, color: overlayColors[i % overlayColors.count], swatch: .series(s.style)))
    }
    return entries
  }

  /// The legend in lines as wide as the canvas allows.
  private var legendLines: [[LegendEntry]] { Legend.flow(legendEntries, width: Double(width) - 40) }

  /// The legend under the x label, centred on the plot area.
  private func drawLegend(_ svg: inout SVGWriter, _ r: PixelRect) {
    svg.legendFlow(legendLines, centreX: (r.x0 + r.x1) / 2, top: r.y1 + (plot.xLabel.isEmpty ? 28 : 48))
  }
}
