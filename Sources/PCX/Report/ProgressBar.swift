import Foundation

/// A one-line progress status for long runs and sweeps (SPEC §6):
/// `fit [########............] 1200/3000 steps 2.4e+03 steps/s ETA 0:00:01`.
/// Pure: `render` builds the text and `update` decides whether it is time to draw; the caller
/// writes the line (with `\r`) and clears it when `hasDrawn`. Nothing is ever drawn when the
/// output is not a terminal.
public struct ProgressBar: Sendable {
  /// Runs expected to finish sooner than this get no bar: it would only flash.
  public static let minimumExpectedSeconds = 1.0
  /// Redraw at most ten times a second: more is invisible and costs terminal writes.
  public static let minimumInterval = 0.1

  /// The run or sweep being tracked.
  public let name: String
  /// The number of units (steps, sweep points) expected.
  public let total: Int
  /// The unit's plural name.
  public let unit: String
  /// Whether the output is a terminal; when false nothing is ever drawn.
  public let isTerminal: Bool
  /// Terminal columns; the name is shortened so the line fits.
  public let width: Int
  /// Characters inside the brackets.
  public var barWidth = 20
  /// When the bar was last drawn (elapsed seconds), nil before the first draw.
  public private(set) var lastDrawn: Double?

  /// A progress bar for `total` units of `name`.
  public init(name: String, total: Int, unit: String = "steps", isTerminal: Bool, width: Int = 80) {
    self.name = name
    self.total = total
    self.unit = unit
    self.isTerminal = isTerminal
    self.width = width
  }

  /// Whether a bar has been drawn, so the caller clears the line at the end.
  public var hasDrawn: Bool { lastDrawn != nil }

  /// Whether to draw at all: only on a terminal, and only when the run is expected (from the
  /// rate so far) to last more than `minimumExpectedSeconds`.
  public static func shouldDraw(isTerminal: Bool, step: Int, total: Int, elapsed: Double) -> Bool {
    guard isTerminal, total > 0, step > 0, elapsed > 0 else { return false }
    return elapsed * Double(total) / Double(step) > minimumExpectedSeconds
  }

  /// The line to draw now, or nil: not a terminal, a short run, or less than
  /// `minimumInterval` since the last draw (the final step is always drawn once a bar is up).
  public mutating func update(step: Int, elapsed: Double) -> String? {
    guard isTerminal else { return nil }
    if let last = lastDrawn {
      guard elapsed - last >= Self.minimumInterval || step >= total else { return nil }
    } else {
      guard Self.shouldDraw(isTerminal: isTerminal, step: step, total: total, elapsed: elapsed) else { return nil }
    }
    lastDrawn = elapsed
    return render(step: step, elapsed: elapsed)
  }

  /// The status line after `step` of `total` units in `elapsed` seconds (no `\r`, no newline).
  public func render(step: Int, elapsed: Double) -> String {
    let done = min(max(step, 0), max(total, 0))
    let inside = max(barWidth, 0)
    let filled = total > 0 ? done * inside / total : 0
    let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: inside - filled) + "]"
    let rate = elapsed > 0 && done > 0 ? Double(done) / elapsed : nil
    let rateText = rate.map { String(format: "%.1e", $0) } ?? "--"
    let eta = rate.map { Self.clock(Double(total - done) / $0) } ?? "-:--:--"
    let rest = " \(bar) \(done)/\(total) \(unit) \(rateText) \(unit)/s ETA \(eta)"
    return fitted(name, room: width - 1 - rest.count) + rest
  }

  /// `H:MM:SS`, rounding up so the ETA reaches 0:00:00 only when done.
  static func clock(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds < 1e8 else { return "-:--:--" }
    let s = Int(seconds.rounded(.up))
    return "\(s / 3600):" + String(format: "%02d:%02d", s / 60 % 60, s % 60)
  }

  /// The name, cut with an ellipsis to fit in `room` columns (at least its first character).
  private func fitted(_ name: String, room: Int) -> String {
    guard name.count > room else { return name }
    return String(name.prefix(max(room - 1, 1))) + "…"
  }
}
