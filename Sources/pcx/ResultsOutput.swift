import ArgumentParser
import Foundation
import PCX

/// What `pcx run` and `pcx gather` do with finished results: the report on stdout, `--json`,
/// `--out` (or the plots next to you), and `--strict`'s exit status. One place, so that a
/// gathered sweep prints and writes exactly what the serial run does.
struct ResultsOutput {
  /// The script as named on the command line (the report's header).
  let script: String
  let out: String?
  let json: String?
  let quiet: Bool
  let strict: Bool
  let color: Bool

  /// Prints and writes `result`; exits 73 when a file cannot be written, 1 under `--strict`
  /// when a certificate is violated or a guarantee contradicted.
  func emit(_ result: RunResult) throws {
    var report = quiet ? "" : result.report(scriptName: script, color: color)
    do {
      if let json { try result.jsonData().write(to: URL(fileURLWithPath: json)) }
      try result.write(to: out ?? ".", including: out == nil ? .plots : .all)
      if !quiet, !result.plotPaths.isEmpty {
        let paths = result.plotPaths.map { path in out.map { ($0 as NSString).appendingPathComponent(path) } ?? path }
        report += "plots: " + paths.joined(separator: ", ") + "\n"
      }
    } catch {
      FileHandle.standardOutput.write(Data(report.utf8))
      printError("error: cannot write the results: \(error)\n")
      throw ExitCode(73)
    }
    FileHandle.standardOutput.write(Data(report.utf8))
    let failed = result.certificates.contains { $0.verdict == .violated || $0.guarantee?.check == .contradicted }
    if strict && failed { throw ExitCode(1) }
  }
}

/// Prints a failed check or run as `pcx run` does and returns its exit status: 70 for an internal
/// error, else 65.
func failure(_ error: PCXError, color: Bool) -> ExitCode {
  printError(error.kind == .internalError ? "internal error: \(error.message)\n" : error.rendered(color: color))
  return ExitCode(error.kind == .internalError ? 70 : 65)
}
