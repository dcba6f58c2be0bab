import Foundation
import PCX
import PCXSema
import PCXSource

/// `pcx.runScript`: the one place the server runs a script (training, certificates). Verdicts
/// come back as diagnostics of severity information at their `certify` lines; a runtime error
/// as an error at its line.
enum RunScript {
  /// The command's name in `workspace/executeCommand`.
  static let command = "pcx.runScript"

  /// What a finished run publishes.
  struct Outcome: Sendable {
    let uri: String
    let version: Int
    let diagnostics: [LSPDiagnostic]
    let summary: Summary
  }

  /// The answer to the command.
  struct Summary: Encodable, Sendable {
    /// `completed`, `cancelled` or `failed`.
    let status: String
    let certificates: Int
    let message: String
  }

  /// Runs the analysed document in a task; `done` gets the outcome (on another thread).
  static func start(_ analysis: Analysis, text: String, done: @escaping @Sendable (Outcome) -> Void) {
    var configuration = InterpreterConfiguration()
    configuration.baseDirectory = DocumentPaths.directory(analysis.uri) ?? FileManager.default.currentDirectoryPath
    configuration.allowsReadsOutsideBaseDirectory = true
    configuration.allowsFileWrites = false  // the editor shows verdicts; plots are `pcx run`'s job
    let interpreter = PCXInterpreter(configuration: configuration)
    let sites = certifySites(analysis.typed.statements, key: "")
    let (uri, version, lines) = (analysis.uri, analysis.version, analysis.lines)
    Task.detached {
      do {
        let result = try await interpreter.run(source: text, fileName: lines.file.name)
        let diagnostics = verdicts(result.certificates, sites, lines)
        let summary = Summary(status: result.status.rawValue, certificates: result.certificates.count,
                              message: "\(result.certificates.count) certificate(s): " + result.certificates.map { "\($0.name) \($0.verdict.rawValue)" }.joined(separator: ", "))
        done(Outcome(uri: uri, version: version, diagnostics: diagnostics, summary: summary))
      } catch let error as PCXError {
        let diagnostics = error.diagnostics.map { failure($0, lines) }
        done(Outcome(uri: uri, version: version, diagnostics: diagnostics,
                     summary: Summary(status: "failed", certificates: 0, message: error.message)))
      } catch {
        done(Outcome(uri: uri, version: version, diagnostics: [],
                     summary: Summary(status: "failed", certificates: 0, message: "\(error)")))
      }
    }
  }

  /// A `certify` statement as it runs: its catalog name, span, and the sweep values around it.
  struct Site: Sendable {
    let name: String
    let span: SourceSpan
    let key: String
  }

  /// The certify statements in execution order (a sweep body once per value).
  static func certifySites(_ statements: [TStmt], key: String) -> [Site] {
    statements.flatMap { statement -> [Site] in
      switch statement.kind {
      case .certify(_, let value):
        guard case .call(let name, _, _) = value.kind else { return [] }
        return [Site(name: name, span: statement.span, key: key)]
      case .sweep(let variable, let values, let bodies):
        return zip(values, bodies).flatMap { value, body in
          certifySites(body, key: (key.isEmpty ? "" : key + ", ") + "\(variable) = \(value)")
        }
      default: return []
      }
    }
  }

  /// One information diagnostic per certificate record, at the statement that made it.
  static func verdicts(_ records: [CertificateRecord], _ sites: [Site], _ lines: LineIndex) -> [LSPDiagnostic] {
    var next = 0
    return records.compactMap { record in
      guard let found = sites[next...].firstIndex(where: { $0.name == record.name }) else { return nil }
      next = found + 1
      let site = sites[found]
      var message = "\(record.name): \(record.verdict.rawValue.replacingOccurrences(of: "_", with: " "))"
      let estimates = record.estimate.keys.sorted().prefix(3).compactMap { key -> String? in
        guard let value = record.estimate[key], value.isFinite else { return nil }
        return "\(key) = \(String(format: "%.4g", value))"
      }
      if !estimates.isEmpty { message += " (" + estimates.joined(separator: ", ") + ")" }
      if let guarantee = record.guarantee { message += "; guarantee \(guarantee.check.rawValue)" }
      if let reason = record.reason { message += "; \(reason)" }
      if !site.key.isEmpty { message += " [\(site.key)]" }
      let range = lines.range(of: site.span)
      return LSPDiagnostic(range: LSPRange(start: range.start, end: range.start.line == range.end.line ? range.end : range.start),
                           severity: 3, source: "pcx run", message: message)
    }
  }

  /// A runtime error at its line and column.
  private static func failure(_ diagnostic: PCX.Diagnostic, _ lines: LineIndex) -> LSPDiagnostic {
    let line = max(0, diagnostic.line - 1)
    let range = lines.file.byteRange(ofLine: line + 1)
    let severity = diagnostic.severity == .error ? 1 : diagnostic.severity == .warning ? 2 : 3
    return LSPDiagnostic(range: lines.range(range), severity: severity, source: "pcx run", message: diagnostic.message)
  }
}
