// A small writer of standalone SVG 1.1 with fixed number formatting (at most two decimals), XML
// escaping and no ids but the few fixed ones of <defs>, so that equal plots give equal bytes.

/// A point in data or pixel coordinates.
public struct PlotPoint: Sendable, Equatable {
  /// The abscissa.
  public var x: Double
  /// The ordinate.
  public var y: Double

  /// The point (x, y).
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A rectangle in pixels (y grows downwards).
struct PixelRect: Equatable {
  var x0: Double, y0: Double, x1: Double, y1: Double
  var width: Double { x1 - x0 }
  var height: Double { y1 - y0 }

  /// Whether p lies inside or on the border.
  func contains(_ p: PlotPoint) -> Bool { p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 }

  /// The part of the segment a-b inside the rectangle, nil when none (Liang & Barsky, "A new
  /// concept and method for line clipping", ACM TOG 3(1), 1984).
  func clip(_ a: PlotPoint, _ b: PlotPoint) -> (PlotPoint, PlotPoint)? {
    let dx = b.x - a.x, dy = b.y - a.y
    var t0 = 0.0, t1 = 1.0
    for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
      if p == 0 {
        if q < 0 { return nil }
        continue
      }
      let t = q / p
      if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
      if t0 > t1 { return nil }
    }
    let c = PlotPoint(x: a.x + t0 * dx, y: a.y + t0 * dy)
    let d = PlotPoint(x: a.x + t1 * dx, y: a.y + t1 * dy)
    guard c.x.isFinite, c.y.isFinite, d.x.isFinite, d.y.isFinite else { return nil }
    return (c, d)
  }
}

/// Accumulates the elements of one SVG document.
struct SVGWriter {
  /// The font stack of every text: DejaVu Sans first, whose widths `textWidth` approximates.
  static let fonts = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
  let width: Int
  let height: Int
  private var defs: [String] = []
  private var body: [String] = []

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// Adds a definition (gradient, pattern) to <defs>.
  mutating func define(_ element: String) { defs.append(element) }

  /// Adds one element (or a group) to the body.
  mutating func add(_ element: String) { body.append(element) }

  /// A text element; `rotated` turns it by -90 degrees about its anchor (y-axis labels).
  mutating func text(
    _ s: String, x: Double, y: Double, size: Double, anchor: String = "start",
    bold: Bool = false, rotated: Bool = false, fill: String = "#222222"
  ) {
    var a = "x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" font-size=\"\(Self.num(size))\""
    if anchor != "start" { a += " text-anchor=\"\(anchor)\"" }
    if bold { a += " font-weight=\"bold\"" }
    if rotated { a += " transform=\"rotate(-90 \(Self.num(x)) \(Self.num(y)))\"" }
    if fill != "#222222" { a += " fill=\"\(fill)\"" }
    add("<text \(a)>\(Self.escape(s))</text>")
  }

  /// A line from a to b.
  mutating func line(_ a: PlotPoint, _ b: PlotPoint, stroke: String, width: Double = 1) {
    add("<line x1=\"\(Self.num(a.x))\" y1=\"\(Self.num(a.y))\" x2=\"\(Self.num(b.x))\" y2=\"\(Self.num(b.y))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.num(width))\"/>")
  }

  /// A rectangle with extra attributes (fill, stroke, ...).
  mutating func rect(_ r: PixelRect, _ attributes: String) {
    add("<rect x=\"\(Self.num(r.x0))\" y=\"\(Self.num(r.y0))\" width=\"\(Self.num(r.width))\" height=\"\(Self.num(r.height))\" \(attributes)/>")
  }

  /// The finished document, with `title` as its <title> for screen readers and file browsers.
  func document(title: String) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"\(Self.fonts)\">\n"
    if !title.isEmpty { out += "<title>\(Self.escape(title))</title>\n" }
    if !defs.isEmpty { out += "<defs>\n" + defs.joined(separator: "\n") + "\n</defs>\n" }
    out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
    for element in body { out += element + "\n" }
    return out + "</svg>\n"
  }

  // MARK: Formatting

  /// A coordinate rounded to two decimals, trailing zeros dropped ("12.5", "-3", "0.07").
  static func num(_ v: Double) -> String {
    // Coordinates are clipped to the canvas; anything else is a bug drawn at 0, not a crash.
    guard v.isFinite, abs(v) < 1e12 else { return "0" }
    let hundredths = Int((v * 100).rounded())
    guard hundredths != 0 else { return "0" }
    let m = hundredths.magnitude, whole = m / 100, frac = m % 100
    var s = (hundredths < 0 ? "-" : "") + String(whole)
    if frac != 0 { s += frac % 10 == 0 ? ".\(frac / 10)" : (frac < 10 ? ".0\(frac)" : ".\(frac)") }
    return s
  }

  /// Text made safe for XML content and attribute values: & < > " ' escaped, control characters
  /// (not allowed in XML 1.0, and meaningless in a one-line label) turned into spaces.
  static func escape(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case _ where u.value < 0x20 || u.value == 0x7f || u.value == 0xfffe || u.value == 0xffff:
        out += " "
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }

  /// The approximate width of s in pixels at the given font size: DejaVu Sans averages about
  /// 0.62 em per character over digits and lowercase letters.
  static func textWidth(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.62 }
}
