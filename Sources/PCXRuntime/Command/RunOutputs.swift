import Foundation
import PCXNumerics
import PCXSema
import PCXSource

/// The pieces of `pcx run`'s output that the PCX API and the CLI share: the files of `--out`
/// and the terminal report.
public enum RunCommand {
  /// The files of `--out`: a CSV per run (its traces), an SVG per plot.
  public static func outputs(_ document: ResultsDocument, _ experiment: Experiment) throws -> [(name: String, bytes: Data)] {
    var files: [(String, Data)] = []
    for run in document.runs {
      for (name, text) in TraceCSV.files(for: run) { files.append((name, Data(text.utf8))) }
    }
    for plot in experiment.plots {
      if let field = plot.field {
        files.append((plot.path, Data(SVG.render(field).utf8)))
        continue
      }
      let series = plot.series.map { Series(name: $0.name, x: $0.x, y: $0.y, style: plot.versus ? .linePoints : .line) }
      let svg = SVG.render(LinePlot(title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel, series: series,
                                    xScale: .linear, yScale: .auto))
      files.append((plot.path, Data(svg.utf8)))
    }
    return files
  }

  /// The terminal report: header, a section per run and per certificate, the reported values.
  public static func report(_ d: ResultsDocument, _ e: Experiment, script: String, style: ReportStyle) -> String {
    var out = Report.header(script: script, seed: d.seed, version: d.pcxVersion)
    for r in d.runs { out += Report.runSection(r, style: style) }
    for c in d.certificates { out += Report.certificateSection(c, style: style) }
    if !d.values.isEmpty {
      let rows = d.values.map { v -> [String] in
        let key = v.key.sorted { $0.key < $1.key }
          .map { "\($0.key)=\($0.value.serialized().trimmingCharacters(in: .whitespacesAndNewlines))" }
          .joined(separator: ", ")
        return [v.expression, key, v.value.serialized().trimmingCharacters(in: .whitespacesAndNewlines)]
      }
      out += Report.table(headers: ["report", "key", "value"], rows: rows, style: style)
    }
    return out
  }
}
