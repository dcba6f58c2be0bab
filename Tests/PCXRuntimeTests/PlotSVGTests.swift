import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import PCXRuntime

/// What an XML parse of a rendered document found.
private final class SVGProbe: NSObject, XMLParserDelegate {
  var root: String?
  var rootAttributes: [String: String] = [:]
  var elements: [String: Int] = [:]
  var title = ""
  private var inTitle = false

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
              qualifiedName: String?, attributes: [String: String] = [:]) {
    if root == nil { (root, rootAttributes) = (name, attributes) }
    elements[name, default: 0] += 1
    inTitle = name == "title"
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    inTitle = false
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inTitle { title += string }
  }
}

/// Parses svg with XMLParser, expecting a well-formed standalone SVG root; returns the probe.
@discardableResult
private func expectWellFormed(_ svg: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> SVGProbe {
  let parser = XMLParser(data: Data(svg.utf8))
  let probe = SVGProbe()
  parser.delegate = probe
  let ok = parser.parse()
  #expect(ok, "\(what): \(parser.parserError.map { "\($0)" } ?? "parse failed") at line \(parser.lineNumber)",
          sourceLocation: sourceLocation)
  #expect(probe.root == "svg", "\(what): root \(probe.root ?? "none")", sourceLocation: sourceLocation)
  #expect(probe.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg" && probe.rootAttributes["version"] == "1.1"
          && probe.rootAttributes["viewBox"] != nil, "\(what): root attributes \(probe.rootAttributes)",
          sourceLocation: sourceLocation)
  return probe
}

/// Compares svg with the snapshot file `Snapshots/<name>.svg` next to this file, or writes the
/// snapshot when PCX_RECORD=1.
private func expectSnapshot(_ svg: String, named name: String, filePath: String = #filePath,
                            sourceLocation: SourceLocation = #_sourceLocation) {
  let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let url = dir.appendingPathComponent("\(name).svg")
  if ProcessInfo.processInfo.environment["PCX_RECORD"] == "1" {
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try Data(svg.utf8).write(to: url)
    } catch { Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation) }
    return
  }
  guard let data = FileManager.default.contents(atPath: url.path), let expected = String(data: data, encoding: .utf8) else {
    Issue.record("no snapshot \(url.path); record it with PCX_RECORD=1", sourceLocation: sourceLocation)
    return
  }
  guard expected != svg else { return }
  let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let b = svg.split(separator: "\n", omittingEmptySubsequences: false)
  let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
  Issue.record("""
    \(name).svg differs at line \(line + 1) (\(a.count) lines recorded, \(b.count) rendered)
    recorded: \(line < a.count ? String(a[line]) : "<end>")
    rendered: \(line < b.count ? String(b[line]) : "<end>")
    re-record with PCX_RECORD=1 if the change is intended
    """, sourceLocation: sourceLocation)
}

/// The four plots pinned by snapshots.
enum SnapshotPlots {
  /// A loss curve over four decades and the predicted guarantee f(x0)(1 - rate)^t, dashed.
  static var lossWithGuarantee: LinePlot {
    let steps = (0..<200).map(Double.init)
    let loss = steps.map { t in 2.5 * exp(-0.045 * t) * (1 + 0.25 * pow(sin(0.3 * t), 2)) }
    let bound = steps.map { t in 3.125 * pow(0.97, t) }
    return LinePlot(title: "gd on mlp net: loss", xLabel: "step", yLabel: "loss",
                    series: [Series(name: "loss", x: steps, y: loss),
                             Series(name: "guarantee f(x0) (1 - eta alpha / 2)^t", x: steps, y: bound, style: .dashed)])
  }

  /// Two accuracy curves on linear axes, one with missing evaluations (NaN) breaking its line.
  static var twoSeries: LinePlot {
    let t = (0...60).map(Double.init)
    let train = t.map { 1 - 0.9 * exp(-$0 / 12) }
    let test = t.map { $0 >= 30 && $0 <= 33 ? .nan : 0.97 - 0.87 * exp(-$0 / 15) - 0.05 * $0 / 60 }
    return LinePlot(title: "accuracy", xLabel: "epoch", yLabel: "accuracy",
                    series: [Series(name: "train", x: t, y: train), Series(name: "test", x: t, y: test)])
  }

  /// A width sweep (004 Figure 1): observed points against widths on a log axis, and a 1/sqrt(m) guide.
  static var sweep: LinePlot {
    let widths = (4...12).map { pow(2, Double($0)) }
    let observed = widths.map { 1.7 / $0.squareRoot() * (1 + 0.12 * sin($0)) }
    let guide = widths.map { 1.7 / $0.squareRoot() }
    return LinePlot(title: "min over t of ||gbar_t|| against width", xLabel: "width m", yLabel: "min ||gbar_t||",
                    series: [Series(name: "observed", x: widths, y: observed, style: .points),
                             Series(name: "1.7 / sqrt(m)", x: widths, y: guide, style: .dashed)],
                    xScale: .auto, yScale: .auto)
  }

  /// f(x, y) = (xy - 1)^2 with Chatterjee's region |xy - 1| < (x^2 + y^2) / 4 (001 eq 3.2, the
  /// condition 4 f(x0) < r^2 alpha) shaded, contours and the curve xy = 1 (001 Figure 1).
  static var chatterjeeField: FieldPlot {
    let grid: [Double] = (0...30).map { (k: Int) -> Double in -3 + Double(k) * 0.2 }
    let values = grid.map { y in grid.map { x in (x * y - 1) * (x * y - 1) } }
    let region = grid.map { y in grid.map { x in abs(x * y - 1) < (x * x + y * y) / 4 } }
    let span = 3 - 1.0 / 3
    let left: [Double] = (0..<24).map { (k: Int) -> Double in -3 + Double(k) * span / 23 }
    let right: [Double] = left.reversed().map { -$0 }
    let xs: [Double] = left + [Double.nan] + right
    let curve = Series(name: "xy = 1", x: xs, y: xs.map { 1 / $0 }, style: .dashed)
    return FieldPlot(title: "f(x, y) = (xy − 1)²", xLabel: "x", yLabel: "y", valueLabel: "f(x, y)",
                     xs: grid, ys: grid, values: values, contours: [0.1, 1, 10], region: region,
                     regionLabel: "4 f(x0) < r² α (001 eq 3.2)", overlays: [curve])
  }
}

@Suite("Plot SVG")
struct PlotSVGTests {
  @Test func snapshots() {
    expectSnapshot(SVG.render(SnapshotPlots.lossWithGuarantee), named: "loss-log-guarantee")
    expectSnapshot(SVG.render(SnapshotPlots.twoSeries), named: "two-series-legend")
    expectSnapshot(SVG.render(SnapshotPlots.sweep), named: "sweep-points")
    expectSnapshot(SVG.render(SnapshotPlots.chatterjeeField), named: "field-chatterjee")
  }

  @Test func everyPlotIsWellFormedStandaloneSVG() {
    let lines: [(String, LinePlot)] = [
      ("loss", SnapshotPlots.lossWithGuarantee), ("two", SnapshotPlots.twoSeries), ("sweep", SnapshotPlots.sweep),
      ("empty", LinePlot(series: [])),
      ("empty series", LinePlot(series: [Series(name: "a", y: [])])),
      ("all NaN", LinePlot(series: [Series(name: "a", y: [.nan, .nan]), Series(name: "b", y: [1, 2])])),
      ("log of negatives", LinePlot(series: [Series(name: "a", y: [-1, -2])], yScale: .log)),
      ("single point", LinePlot(series: [Series(name: "a", x: [3], y: [7])])),
      ("huge", LinePlot(series: [Series(name: "a", x: [0, 1], y: [-1.7e308, 1.7e308])])),
      ("huge single", LinePlot(series: [Series(name: "a", x: [0, 1], y: [1.7e308, 1.7e308])])),
      ("huge log", LinePlot(series: [Series(name: "a", x: [0, 1], y: [4.9e-324, 1.7e308])], yScale: .log)),
      ("huge log single", LinePlot(series: [Series(name: "a", x: [1e308, 1.7e308], y: [1.7e308, 1.7e308])],
                                   xScale: .log, yScale: .log)),
      ("tiny canvas", LinePlot(title: "t", series: [Series(name: "a", y: [1, 2])])),
    ]
    for (what, plot) in lines { expectWellFormed(SVG.render(plot), what) }
    expectWellFormed(SVG.render(lines[lines.count - 1].1, width: 10, height: 10), "tiny canvas")
    let nanField = FieldPlot(xs: [0, 1], ys: [0, 1], values: [[.nan, .nan], [.nan, .nan]], contours: [1])
    let badField = FieldPlot(xs: [0, 1], ys: [0, 1], values: [[1, 2]])
    let field = expectWellFormed(SVG.render(SnapshotPlots.chatterjeeField), "field")
    #expect(field.elements["linearGradient"] == 1 && field.elements["pattern"] == 1)
    expectWellFormed(SVG.render(nanField), "NaN field")
    expectWellFormed(SVG.render(badField), "bad field")
  }

  @Test func textIsEscapedForXML() {
    let title = "a<b & \"c\" 'd'\u{1}>"
    let svg = SVG.render(LinePlot(title: title, xLabel: "<x>", yLabel: "&y", series: [Series(name: "s<1>", y: [1, 2])]))
    #expect(svg.contains("a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;"))
    #expect(svg.contains("&lt;x&gt;") && svg.contains("&amp;y"))
    #expect(!svg.contains("<b") && !svg.contains("\u{1}"))
    let probe = expectWellFormed(svg, "escaped title")
    #expect(probe.title == "a<b & \"c\" 'd' >", "parsed title \(probe.title)")
    #expect(SVGWriter.escape("x\ny\u{7f}") == "x y ")
  }

  @Test func renderingIsDeterministic() {
    #expect(SVG.render(SnapshotPlots.twoSeries) == SVG.render(SnapshotPlots.twoSeries))
    #expect(SVG.render(SnapshotPlots.chatterjeeField) == SVG.render(SnapshotPlots.chatterjeeField))
  }

  /// The `d` attributes of the series paths (stroke-width 1.8) in svg.
  private func seriesPaths(_ svg: String) -> [Substring] {
    svg.split(separator: "\n").filter { $0.hasPrefix("<path d=") && $0.contains("stroke-width=\"1.8\" stroke-linejoin") }
  }

  @Test func missingValuesBreakTheLine() {
    let broken = SVG.render(LinePlot(series: [Series(name: "a", y: [1, 2, .nan, 4, 5])]))
    let paths = seriesPaths(broken)
    #expect(paths.count == 1 && paths.first.map { $0.filter { $0 == "M" }.count } == 2, "paths \(paths)")
    // On a log axis the zero and the negative value are skipped the same way.
    let log = SVG.render(LinePlot(series: [Series(name: "a", y: [1, 0.1, 0, 0.01, 0.001, -1, 1e-4, 1e-5])], yScale: .log))
    let logPaths = seriesPaths(log)
    #expect(logPaths.count == 1 && logPaths.first.map { $0.filter { $0 == "M" }.count } == 3, "paths \(logPaths)")
    #expect(log.contains(">0.001</text>") && log.contains(">1e-05</text>"), "decade labels")
    // An isolated valid point is still shown, as a dot.
    let isolated = SVG.render(LinePlot(series: [Series(name: "a", y: [1, .nan, 2, .nan, 3])]))
    #expect(seriesPaths(isolated).isEmpty && isolated.components(separatedBy: "<circle").count - 1 == 3)
  }

  @Test func longLinesKeepFourPointsPerColumnWithTheirExtremes() {
    let n = 20_000
    let xAxis = Axis(ticks: TickSet(lo: 0, hi: Double(n - 1), ticks: []), log: false, p0: 0, p1: 100)
    let yAxis = Axis(ticks: TickSet(lo: -2, hi: 2, ticks: []), log: false, p0: 100, p1: 0)
    var y = (0..<n).map { sin(Double($0) * 0.37) + 0.5 * sin(Double($0) * 0.011) }
    y[5000] = .nan
    let full = PixelSeries(Series(name: "a", y: y), color: "#000000", x: xAxis, y: yAxis)
    let kept = full.decimated(columns: 100)
    #expect(kept.points.count <= 4 * 101 + 1, "\(kept.points.count) points")
    /// The lowest and highest y of each pixel column.
    func extremes(_ points: [PlotPoint?]) -> [Int: [Double]] {
      var out: [Int: [Double]] = [:]
      for p in points.compactMap({ $0 }) {
        let c = Int(p.x.rounded(.down)), e = out[c] ?? [p.y, p.y]
        out[c] = [min(e[0], p.y), max(e[1], p.y)]
      }
      return out
    }
    #expect(extremes(kept.points) == extremes(full.points))
    #expect(kept.points.filter { $0 == nil }.count == 1, "the break survives")
    #expect(kept.points.first == full.points.first && kept.points.last == full.points.last)
    let markers = PixelSeries(Series(name: "m", y: y, style: .points), color: "#000000", x: xAxis, y: yAxis)
    #expect(markers.decimated(columns: 100).points.count == n, "markers are never dropped")
  }

  @Test func legendAppearsForSeveralSeriesAndNotesEmptyOnes() {
    let legendBox = "fill-opacity=\"0.88\""
    #expect(!SVG.render(LinePlot(series: [Series(name: "only", y: [1, 2])])).contains(legendBox))
    let two = SVG.render(SnapshotPlots.twoSeries)
    #expect(two.contains(legendBox) && two.contains(">train</text>") && two.contains(">test</text>"))
    let empty = SVG.render(LinePlot(series: [Series(name: "e", y: [])]))
    #expect(empty.contains(legendBox) && empty.contains(">e (no values)</text>"))
    let nan = SVG.render(LinePlot(series: [Series(name: "n", y: [.nan, .infinity]), Series(name: "", y: [1, 2])]))
    #expect(nan.contains(">n (no finite values)</text>") && nan.contains(">series 2</text>"))
    let negative = SVG.render(LinePlot(series: [Series(name: "g", y: [-1, -2])], yScale: .log))
    #expect(negative.contains(">g (no positive values for the log axis)</text>"))
    let ragged = SVG.render(LinePlot(series: [Series(name: "r", x: [0, 1, 2], y: [1, 2])]))
    #expect(ragged.contains(">r (3 x but 2 y values)</text>"))
  }

  @Test func legendAvoidsTheData() {
    // Falling curves leave the top-right corner free; rising ones fill it, so the legend goes
    // top-left.
    let x = (0...20).map(Double.init)
    let falling = LinePlot(series: [Series(name: "a", x: x, y: x.map { 20 - $0 }), Series(name: "b", x: x, y: x.map { 19 - $0 })])
    let rising = LinePlot(series: [Series(name: "a", x: x, y: x), Series(name: "b", x: x, y: x.map { $0 - 1 })])
    func legendX(_ svg: String) -> Double? {
      guard let line = svg.split(separator: "\n").first(where: { $0.contains("fill-opacity=\"0.88\"") }),
            let r = line.range(of: "x=\""), let end = line[r.upperBound...].firstIndex(of: "\"") else { return nil }
      return Double(line[r.upperBound..<end])
    }
    let f = legendX(SVG.render(falling)) ?? -1, r = legendX(SVG.render(rising)) ?? -1
    #expect(f > 320 && r > 0 && r < 200, "legend at x = \(f) (falling), \(r) (rising)")
  }

  @Test func fieldPlotsValidateTheirGrid() {
    let bad = FieldPlot(xs: [0, 1, 2], ys: [0, 1], values: [[1, 2, 3], [1, 2]])
    #expect(throws: RuntimeError.self) { try bad.validate() }
    #expect(SVG.render(bad).contains("field plot values row 1 has 2 values, expected 3"))
    let unsorted = FieldPlot(xs: [0, 2, 1], ys: [0, 1], values: [[1, 2, 3], [1, 2, 3]])
    #expect(SVG.render(unsorted).contains("xs[2] = 1.0 breaks the strictly increasing finite grid"))
    let region = FieldPlot(xs: [0, 1], ys: [0, 1], values: [[1, 2], [3, 4]], region: [[true, false]])
    #expect(SVG.render(region).contains("field plot region has 1 row, expected 2"))
    #expect((try? FieldPlot(xs: [0, 1], ys: [0, 1], values: [[1, 2], [3, 4]]).validate()) != nil)
  }

  @Test func fieldCellsFollowTheColourMapAndNaNStaysBlank() {
    let p = FieldPlot(xs: [0, 1, 2], ys: [0, 1], values: [[0, .nan, 1], [1, 1, 0.5]], valueScale: .linear)
    let svg = SVG.render(p)
    let cells = svg.split(separator: "\n").filter { $0.hasPrefix("<rect") && $0.contains("fill=\"#") && !$0.contains("width=\"\(560)\"") }
    // Row 0: 0, blank, 1; row 1: one run of 1 over two cells, then 0.5.
    #expect(cells.count == 4, "cells \(cells)")
    #expect(cells.filter { $0.contains("fill=\"#440154\"") }.count == 1, "value 0 is viridis' first colour")
    #expect(cells.filter { $0.contains("fill=\"#fde725\"") }.count == 2, "value 1 is viridis' last colour")
    #expect(cells.filter { $0.contains("fill=\"\(ColorMap.viridis.hex(0.5))\"") }.count == 1)
    // t = 0.5 is entry round(127.5) = 128 of matplotlib's table, (0.127568, 0.566949, 0.550556).
    #expect(ColorMap.viridis.hex(0.5) == "#21918c")
  }

  @Test func shadedCellsAreCutAtEdgeMidpoints() {
    typealias V = FieldRenderer.CellVertex
    #expect(FieldRenderer.cellPolygons([false, false, false, false]).isEmpty)
    #expect(FieldRenderer.cellPolygons([true, true, true, true]) == [[.corner(0), .corner(1), .corner(2), .corner(3)]])
    // Bottom-left only: the triangle cut at the midpoints of the bottom and left edges.
    #expect(FieldRenderer.cellPolygons([true, false, false, false]) == [[.corner(0), .midpoint(0), .midpoint(3)]])
    // The bottom row: a rectangle to the side midpoints.
    #expect(FieldRenderer.cellPolygons([true, true, false, false])
            == [[.corner(0), .corner(1), .midpoint(1), .midpoint(3)]])
    // Three corners: a pentagon missing the top-left corner.
    #expect(FieldRenderer.cellPolygons([true, true, true, false])
            == [[.corner(0), .corner(1), .corner(2), .midpoint(2), .midpoint(3)]])
    // Saddles: two separate triangles, as MarchingSquares separates them at level 1/2.
    let saddle: [[V]] = [[.midpoint(3), .corner(0), .midpoint(0)], [.midpoint(1), .corner(2), .midpoint(2)]]
    #expect(FieldRenderer.cellPolygons([true, false, true, false]) == saddle)
    #expect(FieldRenderer.cellPolygons([false, true, false, true]).count == 2)
    let contour = MarchingSquares.segments(xs: [0, 1], ys: [0, 1], values: [[1, 0], [0, 1]], level: 0.5)
    #expect(contour.count == 2, "the contour of the same saddle also separates the shaded corners")
  }

  @Test func overlaysAreClippedToTheGrid() {
    let p = FieldPlot(xs: [0, 1], ys: [0, 1], values: [[0, 1], [1, 2]],
                      overlays: [Series(name: "", x: [-10, 0.5, 10], y: [0.5, 0.5, 30])])
    let svg = SVG.render(p)
    guard let frame = svg.split(separator: "\n").first(where: { $0.contains("fill=\"none\" stroke=\"#333333\"") && $0.hasPrefix("<rect") }),
          let path = svg.split(separator: "\n").first(where: { $0.contains("stroke-width=\"1.8\" stroke-linejoin") }) else {
      Issue.record("no frame or overlay path in \(svg)")
      return
    }
    func attribute(_ line: Substring, _ name: String) -> Double {
      guard let r = line.range(of: " \(name)=\""), let end = line[r.upperBound...].firstIndex(of: "\"") else { return .nan }
      return Double(line[r.upperBound..<end]) ?? .nan
    }
    let x0 = attribute(frame, "x"), y0 = attribute(frame, "y")
    let x1 = x0 + attribute(frame, "width"), y1 = y0 + attribute(frame, "height")
    let numbers = path.split(separator: "\"")[1].split { "ML ".contains($0) }.compactMap { Double($0) }
    #expect(numbers.count == 6, "two clipped segments: \(path)")
    for k in stride(from: 0, to: numbers.count - 1, by: 2) {
      #expect(numbers[k] >= x0 && numbers[k] <= x1 && numbers[k + 1] >= y0 && numbers[k + 1] <= y1,
              "(\(numbers[k]), \(numbers[k + 1])) outside [\(x0), \(x1)] × [\(y0), \(y1)]")
    }
    // The first piece starts on the left edge at mid-height.
    #expect(numbers.first == x0 && abs(numbers[1] - (y0 + y1) / 2) <= 0.01)
  }

  @Test func fieldLegendWrapsUnderThePlot() {
    let entries = (0..<3).map { LegendEntry(text: "entry number \($0)", color: "#000000", swatch: .series(.line)) }
    #expect(Legend.flow(entries, width: 1000).map(\.count) == [3])
    #expect(Legend.flow(entries, width: 250).map(\.count) == [1, 1, 1])
    let wide = Legend.entryWidth(entries[0]) * 2 + Legend.flowGap
    #expect(Legend.flow(entries, width: wide).map(\.count) == [2, 1])
  }

  @Test func logColourScalePutsZerosAtTheBottom() {
    let values: [[Double]] = [[0, 1e-3], [1, 100]]
    let scale = ValueScale(values, scale: .auto, target: 5)
    #expect(scale.log && scale.ticks.lo == 1e-3 && scale.ticks.hi == 100)
    #expect(scale.fraction(0) == 0 && scale.fraction(100) == 1 && scale.fraction(.nan) == nil)
    #expect(abs((scale.fraction(1) ?? -1) - 0.6) < 1e-12, "1 is 3 of 5 decades up")
    let wide = ValueScale([[1e-30, 1]], scale: .log, target: 5)
    #expect(abs(wide.ticks.lo - 1e-6) < 1e-18, "at most six decades of colour")
    #expect(!ValueScale([[-1, 100, 0.001]], scale: .auto, target: 5).log, "negative values: linear")
  }
}
