import Foundation
import PCXRuntime

/// The results document of SPEC §6 (schema `pcx.results/1`, docs/results-schema.json).
public typealias ResultsDocument = PCXRuntime.ResultsDocument
/// One run (training) in a results document.
public typealias RunRecord = PCXRuntime.RunRecord
/// One certificate result in a results document.
public typealias CertificateRecord = PCXRuntime.CertificateRecord
/// A certificate's verdict: holds, violated, not refuted or inconclusive.
public typealias Verdict = PCXRuntime.Verdict
/// How a run ended (completed, converged, time limit, diverged, cancelled).
public typealias RunStatus = PCXRuntime.RecordStatus
/// A JSON value (numbers, strings, arrays, objects) as stored in a results document.
public typealias JSONValue = PCXRuntime.JSONValue

/// What running a script produced: the results document, whether it ran to the end, and the
/// plots, which are written only when the host asks (`write(to:including:)`).
///
/// Encodes to exactly the results document's JSON; decoding restores the document and the
/// status (cancelled when a run was cancelled) but not the plots.
public struct RunResult: Codable, Sendable {
  /// Whether the script ran to its end.
  public typealias Status = ScriptStatus

  /// Which files `write(to:including:)` writes.
  public struct OutputKinds: OptionSet, Sendable {
    /// The raw value.
    public let rawValue: Int
    /// Creates a set from its raw value.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// An SVG per `plot`, at its path.
    public static let plots = OutputKinds(rawValue: 1)
    /// A CSV per run with its traces.
    public static let traces = OutputKinds(rawValue: 2)
    /// `results.json`.
    public static let json = OutputKinds(rawValue: 4)
    /// Everything (`pcx run --out DIR`).
    public static let all: OutputKinds = [.plots, .traces, .json]
  }

  /// The results document (runs with traces, certificates, reported values).
  public let document: ResultsDocument
  /// Completed or cancelled.
  public let status: Status
  /// Warnings of the check (the script ran despite them).
  public let warnings: [Diagnostic]
  let experiment: Experiment
  let policy: WritePolicy

  init(document: ResultsDocument, status: Status, experiment: Experiment, warnings: [Diagnostic], policy: WritePolicy) {
    self.document = document
    self.status = status
    self.experiment = experiment
    self.warnings = warnings
    self.policy = policy
  }

  /// The runs, in execution order.
  public var runs: [RunRecord] { document.runs }
  /// The certificate results, in execution order.
  public var certificates: [CertificateRecord] { document.certificates }

  /// The path of every `plot` statement's SVG, relative to the output directory.
  public var plotPaths: [String] { experiment.plots.map(\.path) }

  /// The first certificate bound to `name` (`certify c = ...`), or else the first of that kind
  /// (`chatterjee`).
  public func certificate(named name: String) -> CertificateRecord? {
    document.certificates.first { $0.binding == name } ?? document.certificates.first { $0.name == name }
  }

  /// The value a `report` printed for the expression text `expression`, outside sweeps.
  public func reportedValue(_ expression: String) -> JSONValue? {
    document.values.first { $0.expression == expression && $0.key.isEmpty }?.value
  }

  /// The document as deterministic JSON (what `pcx run --json` writes).
  public func jsonData() throws -> Data {
    do { return try document.encoded() } catch { throw PCXError(.writeFailed, message: "\(error)") }
  }

  /// The terminal report `pcx run` prints (a section per run and certificate, the values).
  public func report(scriptName: String, color: Bool = false, width: Int = 100) -> String {
    RunCommand.report(document, experiment, script: scriptName, style: ReportStyle(color: color, width: width))
  }

  /// Writes the chosen files into `directory` (default: the configuration's output directory)
  /// and returns their paths. Refused (`PCXError.Kind.accessDenied`) when the configuration
  /// forbids writes or a plot path would leave the directory.
  @discardableResult
  public func write(to directory: String? = nil, including kinds: OutputKinds = .all) throws -> [String] {
    let dir = directory ?? policy.directory
    guard policy.allowsWrites else {
      throw PCXError(.accessDenied, message: "writing results to '\(dir)' is refused: the host does not allow file writes")
    }
    for plot in experiment.plots where !policy.allowsOutside && !WritePolicy.isInside(plot.path, dir) {
      throw PCXError(.accessDenied, message: "writing '\(plot.path)' is refused: it is outside the output directory '\(dir)'")
    }
    do {
      return try writeFiles(dir, kinds)
    } catch {
      throw PCXError(.writeFailed, message: "\(error)")
    }
  }

  private func writeFiles(_ dir: String, _ kinds: OutputKinds) throws -> [String] {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let plotNames = Set(experiment.plots.map(\.path))
    var written: [String] = []
    for (name, bytes) in try RunCommand.outputs(document, experiment) {
      guard kinds.contains(plotNames.contains(name) ? .plots : .traces) else { continue }
      let path = (dir as NSString).appendingPathComponent(name)
      try bytes.write(to: URL(fileURLWithPath: path))
      written.append(path)
    }
    if kinds.contains(.json) {
      let path = (dir as NSString).appendingPathComponent("results.json")
      try document.encoded().write(to: URL(fileURLWithPath: path))
      written.append(path)
    }
    return written
  }

  /// Reads a results document; the status is `cancelled` when one of its runs was.
  public init(from decoder: any Decoder) throws {
    document = try ResultsDocument(from: decoder)
    status = document.runs.contains { $0.status == .cancelled } ? .cancelled : .completed
    warnings = []
    experiment = Experiment()
    policy = WritePolicy()
  }

  /// Writes the results document (and nothing else).
  public func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

  /// Checks a JSON document against a JSON Schema (such as docs/results-schema.json): the
  /// violations, each `path: what is wrong`; empty when valid.
  public static func schemaViolations(of json: Data, schema: Data) throws -> [String] {
    try SchemaValidator.violations(of: json, schema: schema)
  }
}
