import Foundation

// Axis ticks: "nice" 1-2-5 steps on linear axes (Heckbert, "Nice numbers for graph labels",
// Graphics Gems, 1990) and decades with minor ticks on log axes. Every tick value is held as an
// integer times a power of ten, so labels print exactly (0.3, never 0.30000000000000004).

/// One tick of an axis: a position and, for a major tick, its label.
struct Tick: Equatable {
  /// The data value.
  var value: Double
  /// The label; nil for a minor tick.
  var label: String?
}

/// The range an axis shows and its ticks.
struct TickSet: Equatable {
  /// The lowest value shown.
  var lo: Double
  /// The highest value shown.
  var hi: Double
  /// The ticks within [lo, hi], increasing.
  var ticks: [Tick]

  /// The labels of the major ticks, in order.
  var labels: [String] { ticks.compactMap(\.label) }
}

/// Tick generation and tick labels.
enum NiceTicks {
  /// How many decades positive data must span for `.auto` to choose a log axis: beyond two, a
  /// linear axis squeezes everything but the first few loss values onto the bottom line.
  static let autoLogDecades = 2.0
  /// Relative width under which a range counts as a single value (about 4500 ulps): below it
  /// tick steps would not be representable next to the values.
  static let singularWidth = 1e-12

  /// Whether `.auto` means log for these values: all finite ones positive and spanning more than
  /// `autoLogDecades` decades. Non-finite values are ignored.
  static func prefersLog(_ values: [Double]) -> Bool {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
    return log10(hi) - log10(lo) > autoLogDecades
  }

  // MARK: Linear axes

  /// Ticks at 1, 2 or 5 times a power of ten, about `target` intervals over [lo, hi]. `loose`
  /// widens the range out to the nearest ticks (line plots); otherwise ticks stay inside it.
  static func linear(lo: Double, hi: Double, target: Int, loose: Bool) -> TickSet {
    let (a, b) = nonsingular(lo, hi)
    // Halves keep the difference finite for ranges near the largest doubles.
    let raw = (b * 0.5 - a * 0.5) / Double(max(target, 1)) * 2
    let (m, e) = niceStep(raw)
    let step = decimalValue(m, e)
    // A value within a billionth of a step of a tick counts as on it, plus the rounding error
    // of the quotient itself (a few ulps of it) when the values are far from zero.
    let qa = a / step, qb = b / step
    let sa = 1e-9 + abs(qa) * 1e-12, sb = 1e-9 + abs(qb) * 1e-12
    let iLo = loose ? (qa + sa).rounded(.down) : (qa - sa).rounded(.up)
    let iHi = loose ? (qb - sb).rounded(.up) : (qb + sb).rounded(.down)
    guard iLo <= iHi, abs(iLo) < 1e15, abs(iHi) < 1e15 else { return TickSet(lo: a, hi: b, ticks: []) }
    let ticks = (Int(iLo)...Int(iHi)).map { i in
      Tick(value: decimalValue(i * m, e), label: decimalLabel(i * m, e))
    }
    let finite = ticks.filter { $0.value.isFinite }  // a loose tick past the largest double
    guard let first = finite.first, let last = finite.last else { return TickSet(lo: a, hi: b, ticks: []) }
    // Loose: the range is the outer ticks'. Tight: a tick within the slack outside the range
    // widens it by that sliver.
    return TickSet(lo: min(first.value, a), hi: max(last.value, b), ticks: finite)
  }

  /// The range widened around a single value (or a span too small to tick), in order.
  static func nonsingular(_ lo: Double, _ hi: Double) -> (Double, Double) {
    let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
    let scale = max(abs(a), abs(b))
    guard b - a <= scale * singularWidth else { return (a, b) }
    let mid = a * 0.5 + b * 0.5
    let half = mid == 0 ? 1 : abs(mid) * 0.1
    let top = Double.greatestFiniteMagnitude
    return (max(mid - half, -top), min(mid + half, top))
  }

  /// The smallest step m × 10^e ≥ raw with m in {1, 2, 5}.
  static func niceStep(_ raw: Double) -> (mantissa: Int, exponent: Int) {
    guard raw.isFinite, raw > 0 else { return (1, 0) }
    let e = floorLog10(raw)
    let f = raw / decimalValue(1, e)
    let tolerance = 1 + 1e-9  // f is 2.0000000000000004 when raw was meant to be 2
    if f <= tolerance { return (1, e) }
    if f <= 2 * tolerance { return (2, e) }
    if f <= 5 * tolerance { return (5, e) }
    return (1, e + 1)
  }

  // MARK: Log axes

  /// Ticks for a log axis over [lo, hi] (lo > 0): a label on every `stride`-th decade, minor ticks
  /// at 2..9 × 10^k; under two labelled decades 2 and 5 are labelled too, then every minor tick,
  /// and for a range inside one decade linear ticks are used.
  static func log(lo: Double, hi: Double, target: Int, loose: Bool) -> TickSet {
    var (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
    if !(b > 0) { b = 10 }
    if !(a > 0) { a = b / 1000 }  // callers pass positive ranges; keep it safe
    // Below 1e-300 decades cannot be written as doubles n × 10^k (subnormals): such values are
    // drawn below the axis, clipped, rather than ticked.
    (a, b) = (max(a, 1e-300), max(b, 1e-299))
    if b <= a * (1 + singularWidth) { (a, b) = (a / 2, b * 2) }
    if loose { (a, b) = (snapDown(a), snapUp(b)) }
    if !b.isFinite { b = .greatestFiniteMagnitude }  // widened or snapped past the largest double
    let kLo = floorLog10(a), kHi = floorLog10(b) + 1
    let stride = decadeStride(decades: kHi - kLo, target: max(target, 2))
    var ticks: [Tick] = []
    for k in kLo...kHi {
      // With a stride over 1 the skipped decades are the minor ticks.
      let major = k.isMultiple(of: stride)
      for d in stride == 1 ? 1...9 : 1...1 {
        ticks.append(Tick(value: decimalValue(d, k), label: major && d == 1 ? decimalLabel(d, k) : nil))
      }
    }
    ticks = ticks.filter { $0.value >= a * (1 - 1e-12) && $0.value <= b * (1 + 1e-12) && $0.value.isFinite }
    return relabelSparse(TickSet(lo: a, hi: b, ticks: ticks), target: target)
  }

  /// With fewer than two labels, labels 2 and 5 too, then every tick, then falls back to linear.
  private static func relabelSparse(_ set: TickSet, target: Int) -> TickSet {
    guard set.labels.count < 2 else { return set }
    for digits in [[2, 5], Array(2...9)] {
      var more = set
      more.ticks = set.ticks.map { t in
        let (d, k) = leadingDigit(t.value)
        return t.label == nil && digits.contains(d) ? Tick(value: t.value, label: decimalLabel(d, k)) : t
      }
      if more.labels.count >= 2 { return more }
    }
    let lin = linear(lo: set.lo, hi: set.hi, target: target, loose: false)
    return TickSet(lo: set.lo, hi: set.hi, ticks: lin.ticks)
  }

  /// The decade stride from 1, 2, 5, 10, 20, ... giving at most `target` labelled decades.
  private static func decadeStride(decades: Int, target: Int) -> Int {
    var stride = 1, k = 0
    while decades > stride * target {
      k += 1
      stride = [1, 2, 5][k % 3] * Int(decimalValue(1, k / 3))
    }
    return stride
  }

  /// The largest d × 10^k ≤ v with d in 1...9.
  private static func snapDown(_ v: Double) -> Double {
    let (d, k) = leadingDigit(v)
    return decimalValue(d, k)
  }

  /// The smallest d × 10^k ≥ v with d in 1...10.
  private static func snapUp(_ v: Double) -> Double {
    let (d, k) = leadingDigit(v)
    let down = decimalValue(d, k)
    return down >= v ? down : decimalValue(d + 1, k)
  }

  /// The leading decimal digit d and exponent k with d × 10^k ≤ v < (d + 1) × 10^k (v > 0).
  private static func leadingDigit(_ v: Double) -> (Int, Int) {
    let k = floorLog10(v)
    let q = v / decimalValue(1, k)
    var d = q.isFinite ? Int(min(max(q, 1), 9).rounded(.down)) : 1
    if decimalValue(d, k) > v, d > 1 { d -= 1 }
    if d < 9, decimalValue(d + 1, k) <= v { d += 1 }
    return (d, k)
  }

  // MARK: Decimal values and labels

  /// ⌊log10 v⌋ for v > 0, exact at powers of ten.
  static func floorLog10(_ v: Double) -> Int {
    // Callers pass positive finite values; the guards keep Int(_:) away from infinities.
    guard v > 0 else { return -324 }
    guard v.isFinite else { return 308 }
    var k = Int(Foundation.log10(v).rounded(.down))
    if decimalValue(1, k) > v { k -= 1 }
    if decimalValue(1, k + 1) <= v { k += 1 }
    return k
  }

  /// n × 10^e as the double nearest to it (one rounding while |e| ≤ 22).
  static func decimalValue(_ n: Int, _ e: Int) -> Double {
    if e < -300 { return decimalValue(n, e + 300) * 1e-300 }
    return e >= 0 ? Double(n) * pow10(e) : Double(n) / pow10(-e)
  }

  private static func pow10(_ k: Int) -> Double {
    // Powers up to 10^22 are exact doubles.
    k <= 22 ? exactPowers[k] : Foundation.pow(10, Double(k))
  }

  private static let exactPowers: [Double] = (0...22).reduce(into: []) { p, k in
    p.append(k == 0 ? 1 : p[k - 1] * 10)
  }

  /// The compact label of n × 10^e, as C's %g would print it but never rounded: "0.001",
  /// "1e-06", "2.5", "1000", "1.5e+07" (exponent form below 1e-4 and from 1e6 on).
  static func decimalLabel(_ n: Int, _ e: Int) -> String {
    guard n != 0 else { return "0" }
    var digits = String(n.magnitude), exponent = e
    while digits.count > 1, digits.hasSuffix("0") {
      digits.removeLast()
      exponent += 1
    }
    let sign = n < 0 ? "-" : ""
    let scientific = digits.count - 1 + exponent
    if scientific < -4 || scientific >= 6 {
      let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
      let x = scientific.magnitude
      return "\(sign)\(mantissa)e\(scientific < 0 ? "-" : "+")\(x < 10 ? "0" : "")\(x)"
    }
    if exponent >= 0 { return sign + digits + String(repeating: "0", count: exponent) }
    let decimals = -exponent
    if digits.count > decimals {
      return "\(sign)\(digits.dropLast(decimals)).\(digits.suffix(decimals))"
    }
    return sign + "0." + String(repeating: "0", count: decimals - digits.count) + digits
  }
}
