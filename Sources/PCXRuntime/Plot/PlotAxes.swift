import Foundation

// The parts line plots and field plots share: an axis mapping values to pixels, the frame with its
// ticks and labels, series drawn with clipping, and a legend placed where it hides least.

/// One axis: a value range, its scale and the pixels it spans.
struct Axis {
  /// The ticked range shown.
  var ticks: TickSet
  /// Whether values map through log10.
  var log: Bool
  /// The pixel of `ticks.lo`.
  var p0: Double
  /// The pixel of `ticks.hi`.
  var p1: Double

  /// The pixel of v, nil when v cannot be shown on this axis (non-finite, or not positive on a log
  /// axis) or maps beyond the representable (a value 1e300 times the range away).
  func pixel(_ v: Double) -> Double? {
    guard v.isFinite, !log || v > 0 else { return nil }
    let t: Double
    if log {
      t = (log10(v) - log10(ticks.lo)) / (log10(ticks.hi) - log10(ticks.lo))
    } else {
      // Halves keep the differences finite for ranges near the largest doubles.
      t = (v * 0.5 - ticks.lo * 0.5) / (ticks.hi * 0.5 - ticks.lo * 0.5)
    }
    let p = p0 + t * (p1 - p0)
    return p.isFinite ? p : nil
  }

  /// Whether v can be shown on this axis.
  func accepts(_ v: Double) -> Bool { v.isFinite && (!log || v > 0) }
}

/// The qualitative colours of series, in order (the Tableau 10 palette, as matplotlib's default).
let seriesColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

/// Font sizes and lengths of the frame, in pixels.
enum PlotMetrics {
  static let titleSize = 14.0
  static let labelSize = 12.0
  static let tickSize = 11.0
  static let legendSize = 11.0
  static let majorTick = 5.0
  static let minorTick = 3.0
  static let markerRadius = 3.0
  static let frameColor = "#333333"
  static let gridColor = "#e6e6e6"
}

extension SVGWriter {
  /// Grid lines at the major ticks of both axes, drawn under the data.
  mutating func grid(_ x: Axis, _ y: Axis, _ r: PixelRect) {
    var d = ""
    for t in x.ticks.ticks where t.label != nil {
      if let px = x.pixel(t.value) { d += "M\(Self.num(px)) \(Self.num(r.y0))V\(Self.num(r.y1))" }
    }
    for t in y.ticks.ticks where t.label != nil {
      if let py = y.pixel(t.value) { d += "M\(Self.num(r.x0)) \(Self.num(py))H\(Self.num(r.x1))" }
    }
    if !d.isEmpty { add("<path d=\"\(d)\" fill=\"none\" stroke=\"\(PlotMetrics.gridColor)\" stroke-width=\"1\"/>") }
  }

  /// The frame of the plot area, tick marks pointing outwards and tick labels.
  mutating func frame(_ x: Axis, _ y: Axis, _ r: PixelRect) {
    rect(r, "fill=\"none\" stroke=\"\(PlotMetrics.frameColor)\" stroke-width=\"1\"")
    var d = ""
    for t in x.ticks.ticks {
      guard let px = x.pixel(t.value) else { continue }
      let len = t.label == nil ? PlotMetrics.minorTick : PlotMetrics.majorTick
      d += "M\(Self.num(px)) \(Self.num(r.y1))v\(Self.num(len))"
    }
    for t in y.ticks.ticks {
      guard let py = y.pixel(t.value) else { continue }
      let len = t.label == nil ? PlotMetrics.minorTick : PlotMetrics.majorTick
      d += "M\(Self.num(r.x0)) \(Self.num(py))h\(Self.num(-len))"
    }
    if !d.isEmpty { add("<path d=\"\(d)\" fill=\"none\" stroke=\"\(PlotMetrics.frameColor)\" stroke-width=\"1\"/>") }
    for t in x.ticks.ticks {
      guard let label = t.label, let px = x.pixel(t.value) else { continue }
      text(label, x: px, y: r.y1 + 17, size: PlotMetrics.tickSize, anchor: "middle")
    }
    for t in y.ticks.ticks {
      guard let label = t.label, let py = y.pixel(t.value) else { continue }
      text(label, x: r.x0 - 8, y: py + 4, size: PlotMetrics.tickSize, anchor: "end")
    }
  }

  /// Title above, x label below and y label left of the plot area.
  mutating func labels(title: String, xLabel: String, yLabel: String, _ r: PixelRect) {
    if !title.isEmpty {
      text(title, x: (r.x0 + r.x1) / 2, y: 24, size: PlotMetrics.titleSize, anchor: "middle", bold: true)
    }
    if !xLabel.isEmpty {
      text(xLabel, x: (r.x0 + r.x1) / 2, y: r.y1 + 38, size: PlotMetrics.labelSize, anchor: "middle")
    }
    if !yLabel.isEmpty {
      text(yLabel, x: 18, y: (r.y0 + r.y1) / 2, size: PlotMetrics.labelSize, anchor: "middle", rotated: true)
    }
  }
}

/// A series mapped to pixels: nil entries break the line.
struct PixelSeries {
  var points: [PlotPoint?]
  var style: SeriesStyle
  var color: String

  /// Maps the first min(x.count, y.count) pairs of s through the axes.
  init(_ s: Series, color: String, x: Axis, y: Axis) {
    let n = min(s.x.count, s.y.count)
    points = (0..<n).map { i in
      guard let px = x.pixel(s.x[i]), let py = y.pixel(s.y[i]) else { return nil }
      return PlotPoint(x: px, y: py)
    }
    style = s.style
    self.color = color
  }

  /// The series with at most four points per pixel column (first, lowest, highest, last: the M4
  /// aggregation of Jugel et al., "M4: a visualization-oriented time series data aggregation",
  /// VLDB 2014), which draws the same pixels as the full line. Applies to lines with more than
  /// `decimationFactor` points per column whose x never decreases; markers are never dropped.
  func decimated(columns: Double) -> PixelSeries {
    guard style == .line || style == .dashed, Double(points.count) > Self.decimationFactor * columns else { return self }
    let xs = points.compactMap { $0?.x }
    guard zip(xs, xs.dropFirst()).allSatisfy({ $0 <= $1 }) else { return self }
    var out = self
    out.points = []
    var group: [PlotPoint] = [], column = Int.min
    func flush() {
      guard !group.isEmpty else { return }
      var lo = 0, hi = 0
      for i in group.indices {
        if group[i].y < group[lo].y { lo = i }
        if group[i].y > group[hi].y { hi = i }
      }
      for i in Set([0, lo, hi, group.count - 1]).sorted() { out.points.append(group[i]) }
      group = []
    }
    for p in points {
      guard let p else { flush(); out.points.append(nil); continue }
      let c = Int(min(max(p.x, -1e9), 1e9).rounded(.down))
      if c != column { flush(); column = c }
      group.append(p)
    }
    flush()
    return out
  }

  /// Points per pixel column beyond which a line is aggregated: 4 keep the picture exact.
  static let decimationFactor = 4.0

  /// The visible pieces of the polyline, clipped to r.
  func segments(in r: PixelRect) -> [(PlotPoint, PlotPoint)] {
    guard points.count > 1 else { return [] }
    return (1..<points.count).compactMap { i in
      guard let a = points[i - 1], let b = points[i] else { return nil }
      return r.clip(a, b)
    }
  }

  /// Points with no valid neighbour: a line through them would draw nothing, so they get a dot.
  var isolated: [PlotPoint] {
    points.indices.compactMap { i in
      guard let p = points[i] else { return nil }
      let before = i > 0 ? points[i - 1] : nil, after = i + 1 < points.count ? points[i + 1] : nil
      return before == nil && after == nil ? p : nil
    }
  }
}

extension SVGWriter {
  /// Draws a series clipped to r: a path for lines (broken at missing points), circles for markers.
  mutating func draw(_ s: PixelSeries, in r: PixelRect) {
    let lined = s.style != .points
    if lined {
      var d = "", last: PlotPoint? = nil
      for (a, b) in s.segments(in: r) {
        if last != a { d += "M\(Self.num(a.x)) \(Self.num(a.y))" }
        d += "L\(Self.num(b.x)) \(Self.num(b.y))"
        last = b
      }
      let dash = s.style == .dashed ? " stroke-dasharray=\"7 4\"" : ""
      if !d.isEmpty {
        add("<path d=\"\(d)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>")
      }
    }
    let markers = s.style == .points || s.style == .linePoints
    let dots = markers ? s.points.compactMap { $0 } : (lined ? s.isolated : [])
    let radius = markers ? PlotMetrics.markerRadius : 1.5
    let circles = dots.filter(r.contains).map {
      "<circle cx=\"\(Self.num($0.x))\" cy=\"\(Self.num($0.y))\" r=\"\(Self.num(radius))\"/>"
    }
    if !circles.isEmpty { add("<g fill=\"\(s.color)\">" + circles.joined() + "</g>") }
  }
}
