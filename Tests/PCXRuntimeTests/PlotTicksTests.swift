import Foundation
import Testing
@testable import PCXRuntime

/// Checks the properties every tick set must have: increasing values inside [lo, hi], labels
/// that parse back to their values, equal 1-2-5 × 10^k steps between linear ticks.
private func checkLinear(_ set: TickSet, covering lo: Double, _ hi: Double, loose: Bool,
                         sourceLocation: SourceLocation = #_sourceLocation) {
  let v = set.ticks.map(\.value)
  #expect(v.count >= 2, "ticks \(v)", sourceLocation: sourceLocation)
  #expect(zip(v, v.dropFirst()).allSatisfy { $0 < $1 }, "not increasing: \(v)", sourceLocation: sourceLocation)
  #expect(set.lo <= lo && set.hi >= hi, "range [\(set.lo), \(set.hi)] misses [\(lo), \(hi)]", sourceLocation: sourceLocation)
  #expect(v.allSatisfy { $0 >= set.lo && $0 <= set.hi }, "ticks \(v) outside [\(set.lo), \(set.hi)]", sourceLocation: sourceLocation)
  if loose { #expect(v.first == set.lo && v.last == set.hi, sourceLocation: sourceLocation) }
  for t in set.ticks {
    let parsed = Double(t.label ?? "") ?? .nan
    #expect(parsed == t.value, "label \(t.label ?? "nil") of \(t.value)", sourceLocation: sourceLocation)
  }
  guard v.count >= 2 else { return }
  let step = v[1] - v[0]
  let e = NiceTicks.floorLog10(step)
  let mantissa = step / NiceTicks.decimalValue(1, e)
  #expect([1.0, 2, 5].contains { abs(mantissa - $0) < 1e-6 }, "step \(step) is not 1, 2 or 5 × 10^k",
          sourceLocation: sourceLocation)
  for (a, b) in zip(v, v.dropFirst()) {
    #expect(abs((b - a) - step) <= 1e-9 * max(step, abs(a)), "uneven step \(a) -> \(b)", sourceLocation: sourceLocation)
  }
}

@Suite("Plot ticks")
struct PlotTicksTests {
  @Test func linearRangesGetOneTwoFiveSteps() {
    let set = NiceTicks.linear(lo: 0, hi: 1, target: 5, loose: true)
    #expect(set.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    let steps = NiceTicks.linear(lo: 3, hi: 997, target: 6, loose: true)
    #expect(steps.labels == ["0", "200", "400", "600", "800", "1000"])
    // A tight set stays inside the range.
    let tight = NiceTicks.linear(lo: 0.3, hi: 1.7, target: 7, loose: false)
    #expect(tight.labels == ["0.4", "0.6", "0.8", "1", "1.2", "1.4", "1.6"])
    checkLinear(tight, covering: 0.4, 1.6, loose: false)
    // 0.3 lies on a tick although 0.3 / 0.1 = 2.9999999999999996.
    let onTick = NiceTicks.linear(lo: 0.3, hi: 0.9, target: 6, loose: false)
    #expect(onTick.labels == ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
    for (lo, hi) in [(0.0, 1.0), (-7.3, 12.1), (1e-9, 3e-9), (2e5, 9e7), (0.123, 0.1239)] {
      for target in [2, 5, 9] {
        checkLinear(NiceTicks.linear(lo: lo, hi: hi, target: target, loose: true), covering: lo, hi, loose: true)
      }
    }
  }

  @Test func negativeRangesAreTickedSymmetrically() {
    let set = NiceTicks.linear(lo: -4.2, hi: -0.5, target: 4, loose: true)
    #expect(set.labels == ["-5", "-4", "-3", "-2", "-1", "0"])
    checkLinear(NiceTicks.linear(lo: -1e-3, hi: 2e-3, target: 6, loose: true), covering: -1e-3, 2e-3, loose: true)
    let across = NiceTicks.linear(lo: -1, hi: 1, target: 4, loose: false)
    #expect(across.labels == ["-1", "-0.5", "0", "0.5", "1"])
  }

  @Test func tinySpansKeepDistinctExactLabels() {
    let lo = 1.0, hi = 1.0 + 1e-9
    let set = NiceTicks.linear(lo: lo, hi: hi, target: 5, loose: true)
    checkLinear(set, covering: lo, hi, loose: true)
    #expect(Set(set.labels).count == set.labels.count, "labels \(set.labels)")
    #expect(set.labels.first == "1" && set.labels.contains("1.0000000005"), "labels \(set.labels)")
    // Far from zero, a span of a few ulps is treated as a single value.
    let ulps = NiceTicks.linear(lo: 1e6, hi: 1e6.nextUp, target: 5, loose: true)
    checkLinear(ulps, covering: 1e6, 1e6.nextUp, loose: true)
  }

  @Test func aSingleValueIsWidenedAroundIt() {
    let set = NiceTicks.linear(lo: 5, hi: 5, target: 5, loose: true)
    checkLinear(set, covering: 4.5, 5.5, loose: true)
    #expect(set.lo < 5 && set.hi > 5)
    let zero = NiceTicks.linear(lo: 0, hi: 0, target: 4, loose: true)
    #expect(zero.labels == ["-1", "-0.5", "0", "0.5", "1"])
    let negative = NiceTicks.linear(lo: -2e-7, hi: -2e-7, target: 4, loose: true)
    checkLinear(negative, covering: -2.1e-7, -1.9e-7, loose: true)
    let log = NiceTicks.log(lo: 3, hi: 3, target: 5, loose: true)
    #expect(log.lo < 3 && log.hi > 3 && log.labels.count >= 2, "log ticks \(log)")
  }

  @Test func logRangesGetDecadesAndMinorTicks() {
    let set = NiceTicks.log(lo: 2e-4, hi: 3.5, target: 8, loose: true)
    #expect(set.labels == ["0.001", "0.01", "0.1", "1"])
    #expect(set.lo == 2e-4 && set.hi == 4)
    // Minor ticks 2..9 × 10^k between the decades, 2e-4 .. 9e-4 included.
    let minor = set.ticks.filter { $0.label == nil }.map(\.value)
    #expect(minor.count == 8 + 8 + 8 + 8 + 3, "minor ticks \(minor)")
    #expect(minor.contains(5e-3) && minor.contains(2e-4) && minor.contains(3))
    let wide = NiceTicks.log(lo: 1e-30, hi: 10, target: 6, loose: true)
    // 32 decades at most 6 labels: every tenth decade, the others as minor ticks.
    #expect(wide.labels == ["1e-30", "1e-20", "1e-10", "1"], "labels \(wide.labels)")
    #expect(wide.ticks.count == 32, "one tick per decade 1e-30 ... 10")
    #expect(wide.ticks.contains { abs($0.value / 1e-29 - 1) < 1e-12 && $0.label == nil })
  }

  @Test func shortLogRangesLabelMoreTicks() {
    let set = NiceTicks.log(lo: 0.3, hi: 8, target: 6, loose: true)
    #expect(set.labels == ["0.5", "1", "2", "5"])
    let inside = NiceTicks.log(lo: 2.1, hi: 4.9, target: 6, loose: false)
    #expect(inside.labels == ["3", "4"])
    let narrow = NiceTicks.log(lo: 2.11, hi: 2.19, target: 5, loose: false)
    checkLinear(narrow, covering: 2.12, 2.18, loose: false)
  }

  @Test func extremeRangesNeverTrapAndStayFinite() {
    let magnitudes = [0, 5e-324, 2.3e-308, 1e-300, 3e-17, 1e-10, 0.7, 1, 1e10, 4e200, 1e300, 1.7e308, .greatestFiniteMagnitude]
    let values = magnitudes + magnitudes.map { -$0 }
    for lo in values {
      for hi in values {
        for loose in [false, true] {
          let set = NiceTicks.linear(lo: lo, hi: hi, target: 5, loose: loose)
          #expect(set.lo.isFinite && set.hi.isFinite && set.lo < set.hi, "linear [\(lo), \(hi)]: [\(set.lo), \(set.hi)]")
          #expect(set.ticks.allSatisfy { $0.value.isFinite && $0.value >= set.lo && $0.value <= set.hi }, "linear [\(lo), \(hi)] \(loose): [\(set.lo), \(set.hi)] \(set.ticks.map(\.value))")
          guard lo > 0, hi > 0 else { continue }
          let log = NiceTicks.log(lo: lo, hi: hi, target: 5, loose: loose)
          #expect(log.lo > 0 && log.hi.isFinite && log.lo < log.hi, "log [\(lo), \(hi)]: [\(log.lo), \(log.hi)]")
          #expect(log.ticks.allSatisfy { $0.value.isFinite && $0.value > 0 })
        }
      }
    }
  }

  @Test func labelsAreCompact() {
    #expect(NiceTicks.decimalLabel(1, -3) == "0.001")
    #expect(NiceTicks.decimalLabel(1, -6) == "1e-06")
    #expect(NiceTicks.decimalLabel(25, -1) == "2.5")
    #expect(NiceTicks.decimalLabel(1, 3) == "1000")
    #expect(NiceTicks.decimalLabel(1000, 0) == "1000")
    #expect(NiceTicks.decimalLabel(15, 6) == "1.5e+07")
    #expect(NiceTicks.decimalLabel(-25, -6) == "-2.5e-05")
    #expect(NiceTicks.decimalLabel(1, -4) == "0.0001")
    #expect(NiceTicks.decimalLabel(0, -9) == "0")
    #expect(NiceTicks.decimalLabel(1, 200) == "1e+200")
  }

  @Test func autoChoosesLogForPositiveDataOverTwoDecades() {
    #expect(NiceTicks.prefersLog([1, 0.5, 1e-3]))
    #expect(!NiceTicks.prefersLog([1, 0.5, 0.011]), "under two decades")
    #expect(!NiceTicks.prefersLog([1, 1e-3, 0]), "a zero")
    #expect(!NiceTicks.prefersLog([1, 1e-3, -1]), "a negative value")
    #expect(NiceTicks.prefersLog([1, .nan, 1e-3, .infinity]), "non-finite values are ignored")
    #expect(!NiceTicks.prefersLog([.nan]) && !NiceTicks.prefersLog([]))
    #expect(SVG.isLog(.auto, [16, 64, 4096]) && !SVG.isLog(.linear, [1, 1e-9]) && SVG.isLog(.log, [1, 2]))
  }

  @Test func coordinatesHaveAtMostTwoDecimals() {
    #expect(SVGWriter.num(12.5) == "12.5")
    #expect(SVGWriter.num(-3) == "-3")
    #expect(SVGWriter.num(0.07) == "0.07")
    #expect(SVGWriter.num(0.1 + 0.2) == "0.3")
    #expect(SVGWriter.num(-0.001) == "0")
    #expect(SVGWriter.num(99.999) == "100")
    #expect(SVGWriter.num(.nan) == "0")
  }
}
