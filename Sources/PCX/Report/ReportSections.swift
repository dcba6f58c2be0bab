import Foundation
import PCXRuntime

/// The sections of the terminal report: a header, one section per run and per certificate.
extension Report {
  /// Longest sparkline in a section; beyond this a trace gains no readable detail.
  static let maxSparkline = 40
  /// Coordinates of a witness point shown before eliding the middle.
  static let maxWitnessCoordinates = 6

  /// The report's first line: version, script and seed (SPEC §2.3: what reproduces the run).
  public static func header(script: String, seed: Int, version: String) -> String {
    "pcx \(version) · \(script) · seed \(seed)\n"
  }

  /// A run: its name and sweep key, optimizer, steps and status, final loss, the loss
  /// convention, and a table with a sparkline, first, last and min value per trace.
  public static func runSection(_ r: RunRecord, style: ReportStyle) -> String {
    var out = "run \(r.name)\(keyText(r.key))\n"
    let status = statusColor(r.status).map { paint(statusText(r.status), $0, style) } ?? statusText(r.status)
    out += field("optimizer", r.optimizer)
    out += field("steps", "\(r.steps) (\(status))")
    out += field("final loss", number(r.finalLoss))
    out += field("loss", r.lossConvention)
    let names = TraceCSV.orderedTraceNames(Array(r.traces.keys))
    guard !names.isEmpty else { return out }
    let spark = sparkWidth(style)
    let rows = names.map { name -> [String] in
      let values = r.traces[name] ?? []
      let finite = values.filter(\.isFinite)
      let every = r.traceSteps[name].map { "\($0.count) of \(r.steps + 1) steps" } ?? ""
      return [name, sparkline(values, width: spark), values.first.map(number) ?? "",
              values.last.map(number) ?? "", finite.min().map(number) ?? "", every]
    }
    let showSteps = rows.contains { !$0[5].isEmpty }
    let headers = ["trace", "", "first", "last", "min"] + (showSteps ? ["recorded"] : [])
    let table = Report.table(headers: headers, rows: rows.map { showSteps ? $0 : Array($0.prefix(5)) },
                             style: ReportStyle(color: style.color, width: style.width - 2))
    return out + indented(table)
  }

  /// A certificate: verdict (green holds / not refuted, red violated, yellow inconclusive,
  /// coloured only when `style.color`), estimate, witness, method, evaluations, source, the
  /// guarantee against what the run did, and the reason of an inconclusive verdict.
  public static func certificateSection(_ c: CertificateRecord, style: ReportStyle) -> String {
    let binding = c.binding.map { " as \($0)" } ?? ""
    var out = "certificate \(c.name)\(binding)\(keyText(c.key))\n"
    out += field("verdict", paint(c.verdict.text, verdictColor(c.verdict), style))
    if !c.estimate.isEmpty {
      out += field("estimate", c.estimate.keys.sorted().map { "\($0) = \(number(c.estimate[$0] ?? .nan))" }.joined(separator: ", "))
    }
    if let w = c.witness {
      out += field("witness", "lhs \(number(w.lhs)), rhs \(number(w.rhs)) at \(pointText(w.point))")
    }
    out += field("method", c.method)
    out += field("evaluations", String(c.evaluations))
    out += field("source", c.source)
    if let g = c.guarantee { out += guaranteeLines(g, style) }
    if let reason = c.reason { out += field("reason", reason) }
    return out
  }

  private static func guaranteeLines(_ g: Guarantee, _ style: ReportStyle) -> String {
    var out = field("guarantee", g.statement)
    let verdict: String
    switch g.check {
    case .consistent:
      verdict = paint("consistent", .green, style)
        + (g.predicted == nil ? ": the conclusion holds wherever it was checked" : ": the run obeys the bound at every step")
    case .contradicted:
      let at = g.firstFailureStep.map { " first at step \($0)" } ?? ""
      verdict = paint("contradicted", .red, style) + "\(at)" + (g.hypotheses.contains { $0.met == false }
        ? ": a hypothesis below is not met, so this is no evidence against the theorem"
        : ": a hypothesis is unmet or there is a bug")
    }
    out += field("", verdict)
    for (i, h) in g.hypotheses.enumerated() {
      let mark = h.met.map { $0 ? paint("met", .green, style) : paint("NOT met", .red, style) } ?? paint("unchecked", .yellow, style)
      out += field(i == 0 ? "hypotheses" : "", "\(mark): \(h.statement)")
    }
    let spark = sparkWidth(style)
    for (label, series) in [("predicted", g.predicted), ("observed", g.observed)] {
      guard let series, let last = series.last else { continue }
      out += field(label, "\(sparkline(series, width: spark))  \(number(series[0])) → \(number(last))")
    }
    return out
  }

  private static func verdictColor(_ v: Verdict) -> Color {
    switch v {
    case .holds, .notRefuted: return .green
    case .violated: return .red
    case .inconclusive: return .yellow
    }
  }

  /// Red for a diverged run, yellow for one cut short, none for a run that finished.
  private static func statusColor(_ s: RecordStatus) -> Color? {
    switch s {
    case .completed, .converged: return nil
    case .diverged: return .red
    case .timeLimit, .cancelled: return .yellow
    }
  }

  private static func statusText(_ s: RecordStatus) -> String { s.rawValue.split(separator: "_").joined(separator: " ") }

  /// ` [width=64, depth=2]`, or nothing outside sweeps.
  static func keyText(_ key: [String: JSONValue]) -> String {
    guard !key.isEmpty else { return "" }
    let parts = key.keys.sorted().map { k -> String in
      switch key[k] ?? .null {
      case .number(let x): return "\(k)=\(number(x))"
      case .string(let s): return "\(k)=\(s)"
      case let other: return "\(k)=\(other.serializedInline)"
      }
    }
    return " [" + parts.joined(separator: ", ") + "]"
  }

  /// `(0.5, -1)`, or the first coordinates, an ellipsis, the last one and the dimension.
  static func pointText(_ p: [Double]) -> String {
    guard p.count > maxWitnessCoordinates else { return "(" + p.map(number).joined(separator: ", ") + ")" }
    let head = p.prefix(maxWitnessCoordinates - 2).map(number)
    return "(" + (head + ["…", number(p[p.count - 1])]).joined(separator: ", ") + ") in \(p.count) dimensions"
  }

  private static func field(_ label: String, _ value: String) -> String {
    "  " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + value + "\n"
  }

  private static func sparkWidth(_ style: ReportStyle) -> Int { min(maxSparkline, max(8, style.width - 50)) }

  private static func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
  }
}
