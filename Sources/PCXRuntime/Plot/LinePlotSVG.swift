import Foundation

/// Renders plots as standalone, deterministic SVG 1.1 documents (SPEC §6 "Plots").
public enum SVG {
  /// The smallest canvas drawn, in pixels: below it frame, labels and legend would overlap.
  static let minWidth = 240, minHeight = 180

  /// A line plot: ticked axes (log where asked or where `.auto` finds decades), one path per
  /// series broken at values the axes cannot show, and a legend when there are several series
  /// or a series has nothing to draw.
  public static func render(_ p: LinePlot, width: Int = 640, height: Int = 400) -> String {
    LineRenderer(plot: p, width: max(width, minWidth), height: max(height, minHeight)).render()
  }

  /// Whether an axis with this scale over these values is logarithmic.
  static func isLog(_ scale: AxisScale, _ values: [Double]) -> Bool {
    switch scale {
    case .linear: return false
    case .log: return true
    case .auto: return NiceTicks.prefersLog(values)
    }
  }

  /// Loose ticks around the values (which the axis accepts), or a default range when empty.
  static func ticks(_ values: [Double], log: Bool, target: Int, loose: Bool = true) -> TickSet {
    guard let lo = values.min(), let hi = values.max() else {
      return log ? NiceTicks.log(lo: 1, hi: 10, target: target, loose: true)
                 : NiceTicks.linear(lo: 0, hi: 1, target: target, loose: true)
    }
    return log ? NiceTicks.log(lo: lo, hi: hi, target: target, loose: loose)
               : NiceTicks.linear(lo: lo, hi: hi, target: target, loose: loose)
  }

  /// Horizontal-axis ticks whose labels do not overlap at this width: fewer ticks until they fit.
  static func fittedXTicks(_ values: [Double], log: Bool, width: Double, loose: Bool = true) -> TickSet {
    var target = max(2, Int(width / 60))
    while true {
      let set = ticks(values, log: log, target: target, loose: loose)
      if target == 2 || labelsFit(set, log: log, width: width) { return set }
      target -= 1
    }
  }

  private static func labelsFit(_ set: TickSet, log: Bool, width: Double) -> Bool {
    let axis = Axis(ticks: set, log: log, p0: 0, p1: width)
    let placed = set.ticks.compactMap { t -> (Double, Double)? in
      guard let label = t.label, let p = axis.pixel(t.value) else { return nil }
      return (p, SVGWriter.textWidth(label, size: PlotMetrics.tickSize))
    }
    guard placed.count > 1 else { return true }
    return (1..<placed.count).allSatisfy { i in
      placed[i].0 - placed[i - 1].0 >= (placed[i].1 + placed[i - 1].1) / 2 + 10
    }
  }
}

/// Lays out and draws one line plot.
private struct LineRenderer {
  let plot: LinePlot
  let width: Int
  let height: Int

  func render() -> String {
    let xLog = SVG.isLog(plot.xScale, plot.series.flatMap(\.x))
    let yLog = SVG.isLog(plot.yScale, plot.series.flatMap(\.y))
    let (x, y, r) = axes(xLog: xLog, yLog: yLog)
    var svg = SVGWriter(width: width, height: height)
    svg.grid(x, y, r)
    let drawn = plot.series.enumerated().map { i, s in
      PixelSeries(s, color: seriesColors[i % seriesColors.count], x: x, y: y).decimated(columns: r.width)
    }
    for s in drawn { svg.draw(s, in: r) }
    svg.frame(x, y, r)
    drawLegend(&svg, drawn, r, xLog: xLog, yLog: yLog)
    svg.labels(title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel, r)
    return svg.document(title: plot.title)
  }

  /// The two axes and the plot area: the left margin makes room for the widest y tick label.
  private func axes(xLog: Bool, yLog: Bool) -> (Axis, Axis, PixelRect) {
    var xs: [Double] = [], ys: [Double] = []
    for s in plot.series {
      for i in 0..<min(s.x.count, s.y.count) where accepts(s.x[i], xLog) && accepts(s.y[i], yLog) {
        xs.append(s.x[i])
        ys.append(s.y[i])
      }
    }
    let top = plot.title.isEmpty ? 14.0 : 40.0
    let bottom = plot.xLabel.isEmpty ? 30.0 : 50.0
    let yTicks = SVG.ticks(ys, log: yLog, target: max(3, Int((Double(height) - top - bottom) / 45)))
    let widest = yTicks.labels.map { SVGWriter.textWidth($0, size: PlotMetrics.tickSize) }.max() ?? 0
    let left = (plot.yLabel.isEmpty ? 6 : 28) + widest + 14
    var r = PixelRect(x0: left, y0: top, x1: Double(width) - 24, y1: Double(height) - bottom)
    var xTicks = SVG.fittedXTicks(xs, log: xLog, width: r.width)
    // A long last label (1.0000000005e+06) is centred on the frame's edge: make room for its half.
    let lastHalf = SVGWriter.textWidth(xTicks.ticks.last?.label ?? "", size: PlotMetrics.tickSize) / 2
    if lastHalf + 4 > 24 {
      r.x1 = Double(width) - lastHalf - 4
      xTicks = SVG.fittedXTicks(xs, log: xLog, width: r.width)
    }
    return (Axis(ticks: xTicks, log: xLog, p0: r.x0, p1: r.x1),
            Axis(ticks: yTicks, log: yLog, p0: r.y1, p1: r.y0), r)
  }

  private func accepts(_ v: Double, _ log: Bool) -> Bool { v.isFinite && (!log || v > 0) }

  /// The legend, when there are several series or one of them has nothing to draw.
  private func drawLegend(_ svg: inout SVGWriter, _ drawn: [PixelSeries], _ r: PixelRect, xLog: Bool, yLog: Bool) {
    let notes = plot.series.map { note($0, xLog: xLog, yLog: yLog) }
    guard plot.series.count > 1 || notes.contains(where: { $0 != nil }) else { return }
    let entries = plot.series.enumerated().map { i, s in
      let name = s.name.isEmpty ? "series \(i + 1)" : s.name
      return LegendEntry(text: notes[i].map { "\(name) (\($0))" } ?? name,
                         color: drawn[i].color, swatch: .series(s.style))
    }
    let rows = Legend(entries: entries).fitting(height: r.height)
    let size = Legend.size(rows)
    let box = Legend.place(width: size.width, height: size.height, in: r,
                           segments: drawn.flatMap { $0.segments(in: r) },
                           points: drawn.flatMap { $0.points.compactMap { $0 } })
    svg.legend(rows, at: box)
  }

  /// What the legend says about a series that cannot be drawn as given.
  private func note(_ s: Series, xLog: Bool, yLog: Bool) -> String? {
    var notes: [String] = []
    if s.x.count != s.y.count { notes.append("\(s.x.count) x but \(s.y.count) y values") }
    let pairs = 0..<min(s.x.count, s.y.count)
    if pairs.isEmpty {
      notes.append("no values")
    } else if !pairs.contains(where: { s.x[$0].isFinite && s.y[$0].isFinite }) {
      notes.append("no finite values")
    } else if !pairs.contains(where: { accepts(s.x[$0], xLog) && accepts(s.y[$0], yLog) }) {
      notes.append("no positive values for the log axis")
    }
    return notes.isEmpty ? nil : notes.joined(separator: "; ")
  }
}
