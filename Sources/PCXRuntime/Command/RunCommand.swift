import Foundation
import PCXFrontEnd
import PCXNumerics
import PCXSema
import PCXSource

/// `pcx run FILE` as a library function: check, run, and produce the report, the JSON and the
/// files of `--out`. The CLI prints what it returns and exits with its code.
public enum RunCommand {
  /// The options of `pcx run` (SPEC §6).
  public struct Options: Sendable {
    public var run = RunOptions()
    /// `--json FILE`.
    public var jsonPath: String?
    /// `--out DIR`: a CSV per trace, an SVG per plot, results.json.
    public var outDirectory: String?
    public var quiet = false
    public var color = false
    /// `--strict`: a violated certificate or contradicted guarantee exits 1.
    public var strict = false
    public var commandLine: [String] = []
    public init() {}
  }

  /// What the command produced.
  public struct Output: Sendable {
    public var code: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs the script at `path`.
  public static func run(path: String, options: Options,
                         progress: (@Sendable (String, Int, Int) -> Void)? = nil) -> Output {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
      return Output(code: CheckCommand.Exit.noInput, stdout: "", stderr: "error: '\(path)' \(reason)\n")
    }
    let file = SourceFile(name: path, bytes: [UInt8](data))
    let directory = (path as NSString).deletingLastPathComponent
    let base = directory.isEmpty ? "." : directory
    let checked = FrontEnd.check(file, probe: DiskFileProbe(directory: base))
    let renderer = DiagnosticRenderer(files: [file], color: options.color)
    if checked.diagnostics.containsError {
      return Output(code: CheckCommand.Exit.dataError, stdout: "", stderr: renderer.render(checked.diagnostics))
    }
    var runOptions = options.run
    runOptions.baseDirectory = base
    let start = Date()
    var interpreter = Interpreter(program: checked.typed, source: file, options: runOptions, progress: progress)
    let experiment: Experiment
    do {
      experiment = try interpreter.run()
    } catch let e as ScriptError {
      var set = DiagnosticSet()
      set.insert(e.diagnostic)
      return Output(code: CheckCommand.Exit.dataError, stdout: "", stderr: renderer.render(set))
    } catch {
      return Output(code: 70, stdout: "", stderr: "internal error: \(error)\n")
    }
    let document = experiment.document(
      version: PCXVersion.current, scriptSHA256: SHA256.hex(file.bytes), commandLine: options.commandLine,
      totalSeconds: Date().timeIntervalSince(start))
    var out = options.quiet ? "" : report(document, experiment, script: path, style: ReportStyle(color: options.color, width: 100))
    do {
      let files = try outputs(document, experiment)
      if let json = options.jsonPath { try write(document.encoded(), to: json) }
      if let dir = options.outDirectory {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in files { try write(bytes, to: (dir as NSString).appendingPathComponent(name)) }
        try write(document.encoded(), to: (dir as NSString).appendingPathComponent("results.json"))
      } else {
        for plot in experiment.plots { if let svg = files.first(where: { $0.name == plot.path }) { try write(svg.bytes, to: plot.path) } }
      }
      if !options.quiet, !experiment.plots.isEmpty {
        let paths = experiment.plots.map { plot in
          options.outDirectory.map { ($0 as NSString).appendingPathComponent(plot.path) } ?? plot.path
        }
        out += "plots: " + paths.joined(separator: ", ") + "\n"
      }
    } catch {
      return Output(code: 73, stdout: out, stderr: "error: cannot write the results: \(error)\n")
    }
    let failed = document.certificates.contains { $0.verdict == .violated || $0.guarantee?.check == .contradicted }
    return Output(code: options.strict && failed ? 1 : 0, stdout: out, stderr: "")
  }

  static func write(_ data: Data, to path: String) throws {
    try data.write(to: URL(fileURLWithPath: path))
  }

  /// The files of `--out`: a CSV per run (its traces), an SVG per plot.
  public static func outputs(_ document: ResultsDocument, _ experiment: Experiment) throws -> [(name: String, bytes: Data)] {
    var files: [(String, Data)] = []
    for run in document.runs {
      for (name, text) in TraceCSV.files(for: run) { files.append((name, Data(text.utf8))) }
    }
    for plot in experiment.plots {
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
