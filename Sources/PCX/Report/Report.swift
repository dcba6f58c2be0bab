import Foundation
import PCXRuntime

/// How the terminal report is drawn: colour (only on a TTY, decided by the caller) and the
/// terminal width in columns.
public struct ReportStyle: Sendable, Equatable {
  /// Whether to use ANSI colours.
  public var color: Bool
  /// The terminal width in columns.
  public var width: Int

  /// A style; the defaults suit a pipe or a file (no colour, 80 columns).
  public init(color: Bool = false, width: Int = 80) {
    self.color = color
    self.width = width
  }
}

/// The terminal report (SPEC §6): pure functions returning text; the CLI prints it.
public enum Report {
  /// Sparkline glyphs from lowest to highest.
  static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  /// Positive data whose max/min ratio reaches this (two decades) is drawn on a log scale, so a
  /// loss falling from 1 to 1e-6 does not look like a step down to zero.
  static let logScaleRatio = 100.0

  // MARK: Numbers

  /// A compact number: 4 significant digits, fixed notation for 1e-3 <= |x| < 1e4 (`0.001235`,
  /// `123.5`, `2`), else exponent notation (`1.234e-05`, `1e+06`); `nan`, `inf`, `-inf`.
  public static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return "0" }
    // The exponent after rounding to 4 digits, so 9999.7 becomes 1e+04, not 10000.
    let scientific = String(format: "%.3e", x)
    guard let ePos = scientific.firstIndex(of: "e"), let exponent = Int(scientific[scientific.index(after: ePos)...]) else {
      return scientific  // unreachable: %e always writes an exponent
    }
    if exponent >= -3 && exponent < 4 {
      return trimmingZeros(String(format: "%.\(3 - exponent)f", x))
    }
    return trimmingZeros(String(scientific[..<ePos])) + String(scientific[ePos...])
  }

  /// `1.500` -> `1.5`, `2.000` -> `2`; strings without a decimal point are unchanged.
  private static func trimmingZeros(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var t = Substring(s)
    while t.last == "0" { t = t.dropLast() }
    if t.last == "." { t = t.dropLast() }
    return String(t)
  }

  // MARK: Sparklines

  /// A sparkline of at most `width` glyphs ▁▂▃▄▅▆▇█. Longer series are resampled into `width`
  /// equal buckets, each drawn by its LAST value (the state at the end of the bucket, so the
  /// final glyph is always the final value; a min would hide SGD noise and divergence). The
  /// scale is log10 when every drawn value is positive and max/min >= 100, else linear; a
  /// constant series is drawn at ▄. NaN and ±Inf are drawn as a blank.
  public static func sparkline(_ values: [Double], width: Int) -> String {
    guard width > 0, !values.isEmpty else { return "" }
    let drawn = resample(values, width)
    let finite = drawn.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return String(repeating: " ", count: drawn.count) }
    let log = lo > 0 && hi / lo >= logScaleRatio
    let scale: (Double) -> Double = log ? { Foundation.log10($0) } : { $0 }
    let (a, b) = (scale(lo), scale(hi))
    return String(drawn.map { v -> Character in
      guard v.isFinite else { return " " }
      guard b > a else { return bars[3] }
      let level = Int(((scale(v) - a) / (b - a) * Double(bars.count)).rounded(.down))
      return bars[min(max(level, 0), bars.count - 1)]
    })
  }

  /// The last value of each of `width` equal buckets (the series itself when it is short).
  static func resample(_ values: [Double], _ width: Int) -> [Double] {
    let n = values.count
    guard n > width else { return values }
    return (0..<width).map { j in values[(j + 1) * n / width - 1] }
  }

  // MARK: Tables

  /// An aligned table: cells that read as numbers are right-aligned (and so is a header over
  /// only numbers). Drawn with Unicode box rules when it fits in `style.width`, else as plain
  /// ASCII columns separated by two spaces under a dashed rule. Rows shorter than the headers
  /// are padded with empty cells; cells are never truncated.
  public static func table(headers: [String], rows: [[String]], style: ReportStyle) -> String {
    let columns = max(headers.count, rows.map(\.count).max() ?? 0)
    guard columns > 0 else { return "" }
    let pad: ([String]) -> [String] = { $0 + Array(repeating: "", count: columns - $0.count) }
    let head = pad(headers), body = rows.map(pad)
    let widths = (0..<columns).map { c in ([head[c]] + body.map { $0[c] }).map(visibleWidth).max() ?? 0 }
    let numeric = (0..<columns).map { c in
      let cells = body.map { $0[c] }.filter { !$0.isEmpty }
      return !cells.isEmpty && cells.allSatisfy(isNumeric)
    }
    let align: ([String], Bool) -> [String] = { cells, isHeader in
      (0..<columns).map { c in
        let right = isHeader ? numeric[c] : isNumeric(cells[c])
        return padded(cells[c], widths[c], right: right)
      }
    }
    let boxWidth = widths.reduce(0, +) + 3 * columns + 1
    let headCells = align(head, true).map { style.color ? bold($0) : $0 }
    if boxWidth <= style.width {
      let rule: (String, String, String) -> String = { l, m, r in
        l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r + "\n"
      }
      let line: ([String]) -> String = { "│ " + $0.joined(separator: " │ ") + " │\n" }
      return rule("┌", "┬", "┐") + line(headCells) + rule("├", "┼", "┤")
        + body.map { line(align($0, false)) }.joined() + rule("└", "┴", "┘")
    }
    let line: ([String]) -> String = { trailingSpacesTrimmed($0.joined(separator: "  ")) + "\n" }
    return line(headCells) + line(widths.map { String(repeating: "-", count: $0) })
      + body.map { line(align($0, false)) }.joined()
  }

  /// Whether a cell reads as a number (`-1.5e-05`, `42`, `nan`, `inf`), ignoring colour codes.
  static func isNumeric(_ cell: String) -> Bool {
    let plain = strippingEscapes(cell).trimmingCharacters(in: .whitespaces)
    return ["nan", "inf", "-inf"].contains(plain) || (!plain.isEmpty && Double(plain) != nil)
  }

  /// Columns a string occupies: characters outside ANSI escape sequences (wide East Asian
  /// characters are counted as one).
  static func visibleWidth(_ s: String) -> Int { strippingEscapes(s).count }

  /// The string without ANSI CSI sequences (`ESC [ ... letter`).
  static func strippingEscapes(_ s: String) -> String {
    guard s.contains("\u{1B}") else { return s }
    var out = "", inEscape = false
    for ch in s {
      if inEscape {
        if ch.isLetter { inEscape = false }
      } else if ch == "\u{1B}" {
        inEscape = true
      } else {
        out.append(ch)
      }
    }
    return out
  }

  static func padded(_ s: String, _ width: Int, right: Bool) -> String {
    let fill = String(repeating: " ", count: max(0, width - visibleWidth(s)))
    return right ? fill + s : s + fill
  }

  static func trailingSpacesTrimmed(_ s: String) -> String {
    var t = Substring(s)
    while t.last == " " { t = t.dropLast() }
    return String(t)
  }

  // MARK: Colour

  /// ANSI colours used by the report.
  enum Color: String {
    case green = "32", red = "31", yellow = "33"
  }

  static func paint(_ s: String, _ color: Color, _ style: ReportStyle) -> String {
    style.color ? "\u{1B}[\(color.rawValue)m\(s)\u{1B}[0m" : s
  }

  static func bold(_ s: String) -> String { "\u{1B}[1m\(s)\u{1B}[0m" }
}
