// The values a `plot` statement becomes (SPEC §6 "Plots"): line plots of traces and sweeps, and
// 2-D field pictures with contours and a shaded region (001 Figure 1). `SVG.render` draws them.

/// How a series is drawn.
public enum SeriesStyle: String, Sendable, Equatable, CaseIterable {
  /// A solid line through the points.
  case line
  /// A dashed line (e.g. a predicted guarantee overlaid on a loss curve).
  case dashed
  /// Markers only (a scatter plot).
  case points
  /// A solid line with a marker at every point (sweep plots).
  case linePoints
}

/// How an axis maps values to positions.
public enum AxisScale: String, Sendable, Equatable, CaseIterable {
  /// Evenly spaced values.
  case linear
  /// Evenly spaced decades; non-positive values are skipped.
  case log
  /// Log when every finite value is positive and they span more than two decades, else linear.
  case auto
}

/// The colour maps of field plots: perceptually ordered sequential maps held as fixed tables.
public enum ColorMap: String, Sendable, Equatable, CaseIterable {
  /// Matplotlib's viridis (van der Walt & Smith, 2015): dark purple (low) to yellow (high).
  case viridis
}

/// One named sequence of (x, y) points.
public struct Series: Sendable, Equatable {
  /// The name shown in the legend.
  public var name: String
  /// The abscissae; pairs with `y` index by index (extra values of the longer one are ignored).
  public var x: [Double]
  /// The ordinates; a non-finite value (or a non-positive one on a log axis) breaks the line.
  public var y: [Double]
  /// How the series is drawn.
  public var style: SeriesStyle

  /// A series of (x[i], y[i]) points.
  public init(name: String, x: [Double], y: [Double], style: SeriesStyle = .line) {
    self.name = name
    self.x = x
    self.y = y
    self.style = style
  }

  /// A series against the indices 0, 1, 2, ... (a trace over optimizer steps).
  public init(name: String, y: [Double], style: SeriesStyle = .line) {
    self.init(name: name, x: y.indices.map(Double.init), y: y, style: style)
  }
}

/// A plot of one or more series against a common x axis.
public struct LinePlot: Sendable, Equatable {
  /// The title above the plot (empty: none).
  public var title: String
  /// The label under the x axis (empty: none).
  public var xLabel: String
  /// The label left of the y axis (empty: none).
  public var yLabel: String
  /// The series, drawn in order (later ones on top) with colours in a fixed order.
  public var series: [Series]
  /// The scale of the x axis.
  public var xScale: AxisScale
  /// The scale of the y axis.
  public var yScale: AxisScale

  /// A line plot; the y axis is log by default when the data spans decades (loss curves).
  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", series: [Series],
    xScale: AxisScale = .linear, yScale: AxisScale = .auto
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.xScale = xScale
    self.yScale = yScale
  }
}

/// A 2-D picture of values on a grid, with optional contours, a shaded region and overlaid curves.
public struct FieldPlot: Sendable, Equatable {
  /// The title above the plot (empty: none).
  public var title: String
  /// The label under the x axis.
  public var xLabel: String
  /// The label left of the y axis.
  public var yLabel: String
  /// The label of the colour bar (empty: none).
  public var valueLabel: String
  /// The grid abscissae, strictly increasing and finite (at least 2).
  public var xs: [Double]
  /// The grid ordinates, strictly increasing and finite (at least 2).
  public var ys: [Double]
  /// `values[j][i]` is the value at (xs[i], ys[j]): ys.count rows of xs.count; NaN cells stay blank.
  public var values: [[Double]]
  /// The colour map of the cells.
  public var colorMap: ColorMap
  /// The scale of the colours; `.auto` picks log when the values are non-negative and the positive
  /// ones span more than two decades (a loss landscape), with zeros at the bottom of the map.
  public var valueScale: AxisScale
  /// Levels at which contour lines are drawn (marching squares on the grid).
  public var contours: [Double]
  /// Grid points to shade, same shape as `values` (e.g. where 4 f(x0) < r^2 alpha holds).
  public var region: [[Bool]]?
  /// The legend text of the shaded region (empty: no legend entry).
  public var regionLabel: String
  /// Curves drawn over the picture (e.g. xy = 1), clipped to the grid's extent.
  public var overlays: [Series]
  /// Draw the region as one hatched rectangle per shaded grid point (its cell, edges half-way to
  /// the neighbours) instead of interpolating between nodes: for verdicts made point by point.
  public var regionCells: Bool

  /// A field plot.
  public init(
    title: String = "", xLabel: String = "x", yLabel: String = "y", valueLabel: String = "",
    xs: [Double], ys: [Double], values: [[Double]], colorMap: ColorMap = .viridis,
    valueScale: AxisScale = .auto, contours: [Double] = [], region: [[Bool]]? = nil,
    regionLabel: String = "", overlays: [Series] = [], regionCells: Bool = false
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.valueLabel = valueLabel
    self.xs = xs
    self.ys = ys
    self.values = values
    self.colorMap = colorMap
    self.valueScale = valueScale
    self.contours = contours
    self.region = region
    self.regionLabel = regionLabel
    self.overlays = overlays
    self.regionCells = regionCells
  }

  /// Throws an `.argument` error naming the first inconsistency of the grid, values or region.
  /// `SVG.render` draws the message instead of the picture when this throws.
  public func validate() throws {
    try Self.checkGrid(xs, "xs")
    try Self.checkGrid(ys, "ys")
    try checkShape(values.map(\.count), "values")
    if let region { try checkShape(region.map(\.count), "region") }
  }

  private static func checkGrid(_ g: [Double], _ what: String) throws {
    guard g.count >= 2 else {
      throw RuntimeError(.argument, "field plot \(what) has \(g.count) values, at least 2 are needed")
    }
    for i in g.indices where !g[i].isFinite || (i > 0 && !(g[i] > g[i - 1])) {
      throw RuntimeError(.argument,
        "field plot \(what)[\(i)] = \(g[i]) breaks the strictly increasing finite grid")
    }
  }

  private func checkShape(_ rows: [Int], _ what: String) throws {
    guard rows.count == ys.count else {
      throw RuntimeError(.argument,
        "field plot \(what) has \(rows.count) row\(rows.count == 1 ? "" : "s"), expected \(ys.count) (one per ys value)")
    }
    if let j = rows.firstIndex(where: { $0 != xs.count }) {
      throw RuntimeError(.argument,
        "field plot \(what) row \(j) has \(rows[j]) values, expected \(xs.count) (one per xs value)")
    }
  }
}
