import Testing
@testable import PCX
@testable import PCXRuntime

@Suite("Results terminal report")
struct ResultsReportTests {
  let plain = ReportStyle(color: false, width: 80)
  let tty = ReportStyle(color: true, width: 80)

  @Test func compactNumbers() {
    let cases: [(Double, String)] = [
      (0, "0"), (1, "1"), (-2.5, "-2.5"), (0.5, "0.5"), (123.456, "123.5"), (1234.4, "1234"),
      (12345.6, "1.235e+04"), (9999.7, "1e+04"), (0.001234567, "0.001235"), (0.00012345678, "1.235e-04"),
      (1.23456e-5, "1.235e-05"), (1e-5, "1e-05"), (1e100, "1e+100"), (-3e6, "-3e+06"),
      (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
    ]
    for (x, text) in cases { #expect(Report.number(x) == text, "\(x)") }
  }

  @Test func sparklineOnKnownInputs() {
    #expect(Report.sparkline([0, 1, 2, 3, 4, 5, 6, 7], width: 20) == "▁▂▃▄▅▆▇█")
    #expect(Report.sparkline([7, 6, 5, 4, 3, 2, 1, 0], width: 20) == "█▇▆▅▄▃▂▁")
    // Three decades: log scale puts 10 and 100 at 1/3 and 2/3 (linear would give ▁▁▁█).
    #expect(Report.sparkline([1, 10, 100, 1000], width: 10) == "▁▃▆█")
    #expect(Report.sparkline([1, 10, 100], width: 10) == "▁▅█")
    // Under two decades, or with a non-positive value: linear.
    #expect(Report.sparkline([1, 5, 10], width: 10) == "▁▄█")
    #expect(Report.sparkline([-1, 10, 1000], width: 10) == "▁▁█")
    #expect(Report.sparkline([1, .nan, 3, .infinity], width: 10) == "▁ █ ")
    #expect(Report.sparkline([.nan, .nan], width: 10) == "  ")
    #expect(Report.sparkline([2, 2, 2], width: 10) == "▄▄▄")
    #expect(Report.sparkline([], width: 10) == "" && Report.sparkline([1, 2], width: 0) == "")
  }

  @Test func sparklineResamplesByTheLastValueOfEachBucket() {
    #expect(Report.sparkline((0..<16).map(Double.init), width: 8) == "▁▂▃▄▅▆▇█")
    #expect(Report.resample([5, 0, 5, 0, 5, 0, 5, 9], 4) == [0, 0, 0, 9])
    #expect(Report.sparkline([5, 0, 5, 0, 5, 0, 5, 9], width: 4) == "▁▁▁█")
    #expect(Report.sparkline([1, 2, 3, 4, 5, 6, 7, .nan], width: 4) == "▁▅█ ")
    #expect(Report.sparkline((0..<1000).map(Double.init), width: 30).count == 30)
  }

  @Test func tableAlignsWithBoxRules() {
    let text = Report.table(headers: ["name", "value", "note"],
                            rows: [["a", "1.5", "ok"], ["long name", "-20", "nan"], ["b"]], style: plain)
    #expect(text == """
      ┌───────────┬───────┬──────┐
      │ name      │ value │ note │
      ├───────────┼───────┼──────┤
      │ a         │   1.5 │ ok   │
      │ long name │   -20 │  nan │
      │ b         │       │      │
      └───────────┴───────┴──────┘

      """)
  }

  @Test func narrowTableIsPlainASCII() {
    let text = Report.table(headers: ["name", "value"], rows: [["a", "1.5"], ["long name", "-20"]],
                            style: ReportStyle(color: false, width: 20))
    #expect(text == "name       value\n---------  -----\na            1.5\nlong name    -20\n")
  }

  @Test func colourCodesDoNotBreakAlignment() {
    let text = Report.table(headers: ["x"], rows: [["1"], ["\u{1B}[32m22\u{1B}[0m"]], style: tty)
    let lines = text.split(separator: "\n").map { Report.strippingEscapes(String($0)) }
    #expect(lines == ["┌────┐", "│  x │", "├────┤", "│  1 │", "│ 22 │", "└────┘"])
    #expect(text.contains("\u{1B}[1m"))
  }

  @Test func runSection() {
    let run = sampleDocument().runs[0]
    let text = Report.runSection(run, style: plain)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(Array(lines.prefix(5)) == [
      "run fit [width=64]", "  optimizer   gd(lr: 0.1)", "  steps       4 (completed)", "  final loss  0.0125",
      "  loss        0.5 * mean over samples of (f(x) - y)^2",
    ])
    // loss 1, 0.5, 0.1, 0.05, 0.0125 spans under two decades: linear.
    #expect(lines.contains { $0.hasPrefix("  │ loss ") && $0.contains("█▄▁▁▁") && $0.hasSuffix(" 1 │ 0.0125 │ 0.0125 │              │") })
    #expect(lines.contains { $0.contains("lambda_min") && $0.contains("2 of 5 steps") })
    #expect(!text.contains("\u{1B}"))
    let diverged = Report.runSection(sampleDocument().runs[1], style: tty)
    #expect(diverged.contains("\u{1B}[31mdiverged\u{1B}[0m") && diverged.contains("final loss  nan"))
  }

  @Test func certificateSection() {
    let certs = sampleDocument().certificates
    let holds = Report.certificateSection(certs[0], style: plain)
    #expect(holds.hasPrefix("certificate pl_star as c [width=64]\n  verdict     holds\n  estimate    lambda_min = 0.28, mu = 0.25\n"))
    #expect(holds.contains("  witness     lhs 0.3, rhs 0.25 at (0.5, -1)\n"))
    #expect(holds.contains("  evaluations 5\n  source      003 Def 3, Thm 6\n"))
    #expect(holds.contains("consistent: the run obeys the bound at every step"))
    #expect(holds.contains("  predicted   ") && holds.contains("1 → 0.95\n") && holds.contains("1 → 0.1\n"))
    #expect(!holds.contains("\u{1B}"))
    #expect(Report.certificateSection(certs[0], style: tty).contains("\u{1B}[32mholds\u{1B}[0m"))
    let violated = Report.certificateSection(certs[1], style: tty)
    #expect(violated.contains("\u{1B}[31mviolated\u{1B}[0m") && violated.contains("contradicted\u{1B}[0m first at step 3"))
    #expect(Report.certificateSection(certs[2], style: tty).contains("\u{1B}[32mnot refuted\u{1B}[0m"))
    let inconclusive = Report.certificateSection(certs[3], style: tty)
    #expect(inconclusive.contains("\u{1B}[33minconclusive\u{1B}[0m") && inconclusive.contains("lambda_min = nan"))
    #expect(inconclusive.hasSuffix("  reason      Lanczos did not converge in 30 iterations\n"))
  }

  @Test func longWitnessPointsAreElided() {
    #expect(Report.pointText((1...100).map(Double.init)) == "(1, 2, 3, 4, …, 100) in 100 dimensions")
    #expect(Report.pointText([1, 2, 3, 4, 5, 6]) == "(1, 2, 3, 4, 5, 6)")
  }

  @Test func header() {
    #expect(Report.header(script: "fit.pcx", seed: 7, version: "0.1.0") == "pcx 0.1.0 · fit.pcx · seed 7\n")
  }
}

@Suite("Results progress bar")
struct ResultsProgressBarTests {
  @Test func rendersTheStatusLine() {
    let bar = ProgressBar(name: "fit", total: 3000, isTerminal: true)
    #expect(bar.render(step: 1200, elapsed: 0.5) == "fit [########............] 1200/3000 steps 2.4e+03 steps/s ETA 0:00:01")
    #expect(bar.render(step: 0, elapsed: 0) == "fit [....................] 0/3000 steps -- steps/s ETA -:--:--")
    #expect(bar.render(step: 3000, elapsed: 2).hasSuffix("[####################] 3000/3000 steps 1.5e+03 steps/s ETA 0:00:00"))
    #expect(ProgressBar.clock(3725) == "1:02:05" && ProgressBar.clock(0.2) == "0:00:01")
  }

  @Test func longNamesAreCutToTheWidth() {
    let bar = ProgressBar(name: String(repeating: "n", count: 100), total: 10, unit: "runs", isTerminal: true, width: 80)
    let line = bar.render(step: 5, elapsed: 1)
    #expect(line.count == 79 && line == String(repeating: "n", count: 18) + "… [##########..........] 5/10 runs 5.0e+00 runs/s ETA 0:00:01")
  }

  @Test func drawsOnlyOnATerminalForLongRuns() {
    var piped = ProgressBar(name: "fit", total: 3000, isTerminal: false)
    #expect([0.5, 1, 5, 50].allSatisfy { piped.update(step: Int($0 * 10), elapsed: $0) == nil })
    #expect(!piped.hasDrawn)
    // 50 of 100 steps in 0.2 s: expected 0.4 s in all, too short for a bar.
    var short = ProgressBar(name: "fit", total: 100, isTerminal: true)
    #expect(short.update(step: 50, elapsed: 0.2) == nil && short.update(step: 100, elapsed: 0.4) == nil)
    #expect(ProgressBar.shouldDraw(isTerminal: true, step: 100, total: 3000, elapsed: 0.05))
    #expect(!ProgressBar.shouldDraw(isTerminal: false, step: 100, total: 3000, elapsed: 0.05))
    #expect(!ProgressBar.shouldDraw(isTerminal: true, step: 0, total: 3000, elapsed: 0.05))
  }

  @Test func redrawsAtMostTenTimesASecond() {
    var bar = ProgressBar(name: "fit", total: 3000, isTerminal: true)
    #expect(bar.update(step: 100, elapsed: 0.1) != nil)
    #expect(bar.update(step: 150, elapsed: 0.15) == nil)
    #expect(bar.update(step: 199, elapsed: 0.199) == nil)
    #expect(bar.update(step: 200, elapsed: 0.2) != nil)
    #expect(bar.update(step: 3000, elapsed: 0.21) != nil)  // the last step is always shown
    #expect(bar.hasDrawn && bar.lastDrawn == 0.21)
  }
}
