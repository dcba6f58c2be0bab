import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import PCXNumerics
import PCXFrontEnd
import PCXSource
@testable import PCXRuntime

/// 001 (3.2): with radius: auto the criterion 4 f(x0) < r^2 alpha(x0, r) can be met for
/// f = (xy - 1)^2 exactly when |x0 y0 - 1| < (x0^2 + y0^2) / 4.
private func insideRegion(_ x: Double, _ y: Double) -> Bool { abs(x * y - 1) < (x * x + y * y) / 4 }

/// True when the closed-form region's indicator changes within distance `delta` of (x, y),
/// checked on circles of radius delta and delta / 2 at 64 angles each (the boundary band).
private func nearBoundary(_ x: Double, _ y: Double, _ delta: Double) -> Bool {
  let here = insideRegion(x, y)
  for k in 0..<64 {
    let t = 2 * Double.pi * Double(k) / 64
    for r in [delta, delta / 2] where insideRegion(x + r * cos(t), y + r * sin(t)) != here { return true }
  }
  return false
}

/// Counts elements by name, and the `<rect>`s inside `<g class="pcx-region-cells">`.
private final class RegionProbe: NSObject, XMLParserDelegate {
  var elements: [String: Int] = [:]
  var regionCells = 0
  var zeroSetPaths = 0
  private var groups: [String] = []

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
              attributes: [String: String] = [:]) {
    elements[name, default: 0] += 1
    if name == "rect", groups.contains("pcx-region-cells") { regionCells += 1 }
    // the first overlay colour (FieldRenderer.overlayColors) draws the zero set
    if name == "path", attributes["stroke"] == "#d62728", attributes["fill"] == "none" { zeroSetPaths += 1 }
    if name == "g" { groups.append(attributes["class"] ?? "") }
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "g" { _ = groups.popLast() }
  }
}

@Suite("Certificates on grids (001 Figure 1)")
struct CertifyGridTests {
  static let toy = """
    param x: real = 2.0
    param y: real = 0.2
    objective f = (x * y - 1)^2
    certify region = chatterjee(f, on: grid(x: [-3, 3], y: [-3, 3], n: 15), radius: auto)
    plot region to "region.svg"
    """

  /// The grid verdicts follow (3.2) point by point outside a band of width 0.1 around its
  /// boundary; the record's count, verdict and witness agree with the points; the picture has one
  /// hatched cell per point where the criterion was met, and the curve xy = 1.
  @Test func chatterjeeGridFollowsTheRegionOf001AndIsDrawn() throws {
    let e = try runScript(Self.toy)
    let c = try #require(e.certificates.first?.outcome)
    let grid = try #require(c.grid)
    let axis = (0..<15).map { -3 + 6 * Double($0) / 14 }
    for (a, b) in zip(grid.xs + grid.ys, axis + axis) { expectClose(a, b, rel: 0, abs: 1e-12, "grid coordinate") }
    #expect(grid.met.count == 225 && grid.labels == ["x", "y"] && grid.objective == "f")
    var disagree = 0, outsideBand: [(Double, Double)] = []
    for (j, y) in grid.ys.enumerated() {
      for (i, x) in grid.xs.enumerated() where grid.met[j * 15 + i] != insideRegion(x, y) {
        disagree += 1
        if !nearBoundary(x, y, 0.1) { outsideBand.append((x, y)) }
      }
    }
    #expect(outsideBand.isEmpty, "\(disagree) disagreements, outside the 0.1 band at \(outsideBand)")
    #expect(disagree <= 4, "\(disagree) of 225 grid points disagree with (3.2)")
    let k = grid.met.filter { $0 }.count
    #expect(c.estimate["met"] == Double(k) && c.estimate["points"] == 225)
    // (-3, -3) is outside the region: the first failing point in row-major order
    #expect(c.verdict == .violated)
    let w = try #require(c.witness)
    #expect(w.point == [-3, -3] && w.lhs <= w.rhs && w.rhs == 4 * 64)
    #expect(c.method.contains("finite set of the 15 x 15 = 225 grid points"))

    let plot = try #require(e.plots.first { $0.path == "region.svg" })
    let field = try #require(plot.field)
    let probe = RegionProbe()
    let parser = XMLParser(data: Data(SVG.render(field).utf8))
    parser.delegate = probe
    #expect(parser.parse())
    #expect(probe.regionCells == k, "hatched cells \(probe.regionCells), criterion met at \(k)")
    #expect(probe.zeroSetPaths == 1)
    #expect(field.overlays.first?.name == "f = 0")
    // every point of the drawn curve lies on xy = 1 (r = xy - 1 is linear along grid edges)
    let curve = try #require(field.overlays.first)
    let onCurve = zip(curve.x, curve.y).filter { $0.0.isFinite }
    #expect(onCurve.count > 100 && onCurve.allSatisfy { abs($0.0 * $0.1 - 1) < 1e-9 })
    #expect(onCurve.contains { $0.0 > 0 } && onCurve.contains { $0.0 < 0 })  // both branches
  }

  /// The same script and seed give byte-identical SVG (and records); a fixed radius uses one
  /// radius per point.
  @Test func regionPictureIsDeterministic() throws {
    let text = """
      param x: real = 2.0
      param y: real = 0.2
      objective f = (x * y - 1)^2
      certify c = chatterjee(f, on: grid(x: [0.5, 2.5], y: [0.5, 2.5], n: 5), radius: 0.5)
      plot c to "c.svg"
      """
    let a = try runScript(text), b = try runScript(text)
    let svgA = SVG.render(try #require(a.plots.first?.field))
    let svgB = SVG.render(try #require(b.plots.first?.field))
    #expect(svgA == svgB && svgA.contains("pcx-region-cells"))
    #expect(a.certificates.first?.outcome?.grid == b.certificates.first?.outcome?.grid)
    let radii = try #require(a.certificates.first?.outcome?.grid?.quantities["radius"])
    #expect(radii.count == 25 && radii.allSatisfy { $0 == 0.5 })
  }

  /// A grid is a set of 2-D points: an objective of three scalars is an error at the statement.
  @Test func gridOnThreeParametersIsAnError() throws {
    let text = """
      param x: real = 1.0
      param y: real = 1.0
      param z: real = 1.0
      objective f = (x * y * z - 1)^2
      certify c = chatterjee(f, on: grid(x: [-1, 1], y: [-1, 1], n: 4), radius: auto)
      """
    do {
      _ = try runScript(text, name: "three.pcx")
      Issue.record("a grid on three parameters ran")
    } catch let error as ScriptError {
      let message = error.description
      #expect(message.hasPrefix("three.pcx:5:31: error:"), "\(message)")  // at the on: argument
      #expect(message.contains("grid(...) is a set of 2-D points, but f has 3 coordinates (x, y, z)"), "\(message)")
    }
  }

  /// Exactly one of at: and on:; plotting a certificate not measured on a grid is an error.
  @Test func atOrOnAndPlotsNeedAGrid() throws {
    let base = "param x: real = 2.0\nparam y: real = 0.2\nobjective f = (x * y - 1)^2\n"
    #expect(throws: ScriptError.self) { try runScript(base + "certify c = chatterjee(f, radius: 0.5)\n") }
    #expect(throws: ScriptError.self) {
      try runScript(base + "certify c = chatterjee(f, at: (x, y), on: grid(x: [0, 1], y: [0, 1], n: 2), radius: 0.5)\n")
    }
    do {
      _ = try runScript(base + "certify c = chatterjee(f, at: (x, y), radius: 0.5)\nplot c to \"c.svg\"\n")
      Issue.record("a certificate at one point was plotted")
    } catch let error as ScriptError {
      #expect(error.description.contains("was not measured on: grid(...)"), "\(error.description)")
    }
  }

  /// The checker accepts `plot c to ...` for a certificate, and rejects `plot c vs ...`.
  @Test func checkerPlotRule() {
    let base = "param x: real = 2.0\nparam y: real = 0.2\nobjective f = (x * y - 1)^2\n"
      + "certify c = chatterjee(f, on: grid(x: [0, 1], y: [0, 1], n: 2), radius: 0.5)\n"
    func errors(_ text: String) -> [String] {
      FrontEnd.check(SourceFile(name: "p.pcx", bytes: Array(text.utf8)), catalog: Registry.catalog).diagnostics.sorted
        .filter { $0.severity == .error }.map(\.message)
    }
    #expect(errors(base + "plot c to \"c.svg\"\n").isEmpty)
    #expect(errors(base + "plot c vs x to \"c.svg\"\n").contains { $0.contains("a certificate is plotted alone") })
  }

  /// Finite-set certificates take grids through pointSet: pl for f = (xy - 1)^2, where
  /// ||grad f||^2 / f = 4 (x^2 + y^2) (001 Sec 3). On [1, 2]^2 with n = 4 the point (1, 1) has
  /// f = 0 and is skipped; the smallest ratio is at (1, 4/3): 4 (1 + 16/9) = 100/9, and the
  /// verdict is `holds` about the 16 points. On [-1, 1]^2 with n = 5 the saddle (0, 0) is a grid
  /// point with a zero gradient and f = 1: `violated` there.
  @Test func plOnAGrid() throws {
    let base = "param x: real = 2.0\nparam y: real = 0.2\nobjective f = (x * y - 1)^2\n"
    let e = try runScript(base + "certify a = pl(f, on: grid(x: [1, 2], y: [1, 2], n: 4))\n"
      + "certify b = pl(f, on: grid(x: [-1, 1], y: [-1, 1], n: 5))\n")
    let a = try #require(e.certificates.first?.outcome), b = try #require(e.certificates.last?.outcome)
    #expect(a.verdict == .holds && b.verdict == .violated)
    expectClose(try #require(a.estimate["mu"]), 100.0 / 9, rel: 1e-12, "mu on the grid")
    let w = try #require(b.witness)
    #expect(w.point == [0, 0] && w.lhs == 0 && w.rhs == 1)
  }

  /// ZeroSet: for f = (xy - 1)^2 the curve is xy = 1 to rounding (|xy - 1| is linear along each
  /// grid edge, so the signed root interpolates exactly); a signed f = xy - 1 takes marching
  /// squares directly; f = x^2 + y^2 + 1 has no zero set.
  @Test func zeroSetOfSquaredAndSignedFunctions() {
    let n = 21
    let xs = GridSpec.axis(-2, 2, n), ys = GridSpec.axis(-2.5, 2, n)
    let hx = GridSpec.axis(-2, 2, 2 * n - 1), hy = GridSpec.axis(-2.5, 2, 2 * n - 1)
    func half(_ f: (Double, Double) -> Double) -> [[Double]] { hy.map { y in hx.map { x in f(x, y) } } }
    for f in [{ (x: Double, y: Double) in (x * y - 1) * (x * y - 1) }, { (x: Double, y: Double) in x * y - 1 }] {
      let segments = ZeroSet.segments(xs: xs, ys: ys, half: half(f))
      let ends = segments.flatMap { [$0.a, $0.b] }
      #expect(segments.count > 20 && ends.allSatisfy { abs($0.x * $0.y - 1) < 1e-9 }, "\(ends.filter { abs($0.x * $0.y - 1) >= 1e-9 })")
      #expect(ends.contains { $0.x > 0 } && ends.contains { $0.x < 0 })
    }
    #expect(ZeroSet.segments(xs: xs, ys: ys, half: half { x, y in x * x + y * y + 1 }).isEmpty)
  }

  /// A record with a grid survives JSON and matches the published schema's certificate.
  @Test func gridRecordRoundTripsAndMatchesTheSchema() throws {
    var record = CertificateRecord(name: "chatterjee", verdict: .violated, estimate: ["met": 1, "points": 4],
                                   witness: Witness(point: [0, 0], lhs: 0, rhs: 4), method: "m", evaluations: 9, source: "001")
    record.grid = GridResult(objective: "f", labels: ["x", "y"], xs: [0, 1], ys: [0, 1], met: [false, true, true, false],
                             values: [1, 0, 0, .nan], quantities: ["alpha": [0, 4, 4, .infinity]])
    let data = try JSONEncoder().encode(record)
    let back = try JSONDecoder().decode(CertificateRecord.self, from: data)
    #expect(back == record && back.grid?.met == [false, true, true, false])
    guard case .object(let root) = try publishedSchema(), let defs = root["$defs"] else {
      Issue.record("the schema has no $defs")
      return
    }
    let schema = JSONValue.object(["$defs": defs, "$ref": .string("#/$defs/certificate")])
    #expect(try SchemaValidator(schema: schema).errors(in: record.json).isEmpty)
  }
}
