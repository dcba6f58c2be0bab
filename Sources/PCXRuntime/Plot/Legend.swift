// Legends. Line plots: one row per entry in a box, in the corner of the plot area that hides the
// least (counted in drawn segments and markers; ties go top-right, top-left, bottom-right,
// bottom-left). Field plots: entries in lines under the plot, since every corner is picture.

/// What a legend entry shows left of its text.
enum LegendSwatch: Equatable {
  /// A short piece of a series in its style.
  case series(SeriesStyle)
  /// A small box filled in layers, each given by its SVG fill attributes (a shaded region).
  case area([String])
}

/// One row of a legend.
struct LegendEntry: Equatable {
  var text: String
  var color: String
  var swatch: LegendSwatch
}

/// A legend's entries and geometry.
struct Legend {
  static let rowHeight = 17.0
  static let swatchWidth = 26.0
  static let padding = 7.0
  /// Distance between the legend box and the frame of the plot area.
  static let inset = 8.0

  var entries: [LegendEntry]

  /// The entries that fit in `height` pixels; the last row says how many were left out.
  func fitting(height: Double) -> [LegendEntry] {
    let rows = max(1, Int((height - 2 * Self.inset - 2 * Self.padding) / Self.rowHeight))
    guard entries.count > rows else { return entries }
    let shown = Array(entries.prefix(rows - 1))
    let more = LegendEntry(text: "… and \(entries.count - shown.count) more", color: "#ffffff", swatch: .area([]))
    return shown + [more]
  }

  /// The width and height of a box holding `rows`.
  static func size(_ rows: [LegendEntry]) -> (width: Double, height: Double) {
    let text = rows.map { SVGWriter.textWidth($0.text, size: PlotMetrics.legendSize) }.max() ?? 0
    return (2 * padding + swatchWidth + 6 + text, 2 * padding + Double(rows.count) * rowHeight - 4)
  }

  /// The corner box of r of the given size that meets the fewest segments and points.
  static func place(
    width: Double, height: Double, in r: PixelRect,
    segments: [(PlotPoint, PlotPoint)], points: [PlotPoint]
  ) -> PixelRect {
    let left = r.x0 + inset, right = r.x1 - inset - width
    let top = r.y0 + inset, bottom = r.y1 - inset - height
    let corners = [(right, top), (left, top), (right, bottom), (left, bottom)]
    var best = PixelRect(x0: right, y0: top, x1: right + width, y1: top + height), bestHits = Int.max
    for (x, y) in corners {
      let box = PixelRect(x0: x, y0: y, x1: x + width, y1: y + height)
      let hits = segments.filter { box.clip($0.0, $0.1) != nil }.count + points.filter(box.contains).count
      if hits < bestHits { (best, bestHits) = (box, hits) }
    }
    return best
  }

  // MARK: A legend in lines under the plot (field plots, where any corner would hide the picture)

  /// Horizontal space between two entries on one line.
  static let flowGap = 18.0

  /// The width of one entry laid out in a line.
  static func entryWidth(_ e: LegendEntry) -> Double {
    swatchWidth + 6 + SVGWriter.textWidth(e.text, size: PlotMetrics.legendSize)
  }

  /// The entries broken into lines no wider than `width` (an entry wider than that gets its own).
  static func flow(_ entries: [LegendEntry], width: Double) -> [[LegendEntry]] {
    var lines: [[LegendEntry]] = [], used = 0.0
    for e in entries {
      let w = entryWidth(e)
      if let last = lines.last, !last.isEmpty, used + flowGap + w <= width {
        lines[lines.count - 1].append(e)
        used += flowGap + w
      } else {
        lines.append([e])
        used = w
      }
    }
    return lines
  }
}

extension SVGWriter {
  /// Draws the rows in a white box at `box`.
  mutating func legend(_ rows: [LegendEntry], at box: PixelRect) {
    rect(box, "fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#bbbbbb\" stroke-width=\"1\" rx=\"3\"")
    for (i, e) in rows.enumerated() {
      let cy = box.y0 + Legend.padding + Double(i) * Legend.rowHeight + 6
      legendEntry(e, x: box.x0 + Legend.padding, cy: cy)
    }
  }

  /// Draws lines of entries centred on `centreX`, the first line's middle at `top` + 6.
  mutating func legendFlow(_ lines: [[LegendEntry]], centreX: Double, top: Double) {
    for (i, line) in lines.enumerated() {
      let total = line.map(Legend.entryWidth).reduce(0, +) + Double(line.count - 1) * Legend.flowGap
      var x = centreX - total / 2
      for e in line {
        legendEntry(e, x: x, cy: top + Double(i) * Legend.rowHeight + 6)
        x += Legend.entryWidth(e) + Legend.flowGap
      }
    }
  }

  /// One swatch with its text, the swatch starting at x and centred vertically on cy.
  private mutating func legendEntry(_ e: LegendEntry, x x0: Double, cy: Double) {
    let x1 = x0 + Legend.swatchWidth
    switch e.swatch {
    case .series(let style):
      if style != .points {
        let dash = style == .dashed ? " stroke-dasharray=\"7 4\"" : ""
        add("<path d=\"M\(Self.num(x0)) \(Self.num(cy))H\(Self.num(x1))\" stroke=\"\(e.color)\" stroke-width=\"1.8\"\(dash)/>")
      }
      if style == .points || style == .linePoints {
        add("<circle cx=\"\(Self.num((x0 + x1) / 2))\" cy=\"\(Self.num(cy))\" r=\"\(Self.num(PlotMetrics.markerRadius))\" fill=\"\(e.color)\"/>")
      }
    case .area(let layers):
      for fill in layers { rect(PixelRect(x0: x0, y0: cy - 6, x1: x1, y1: cy + 6), fill) }
    }
    text(e.text, x: x1 + 6, y: cy + 4, size: PlotMetrics.legendSize)
  }
}
