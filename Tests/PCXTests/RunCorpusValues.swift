import Foundation
import PCX

// What a run-corpus case observed (its results document or its error, as a tree of values) and
// the evaluation of expectation expressions against it.

/// A value of the results tree or of an expectation.
indirect enum CorpusValue: Equatable {
  case number(Double)
  case text(String)
  case bool(Bool)
  case none
  case list([CorpusValue])
  case record([String: CorpusValue])

  init(_ json: JSONValue) {
    switch json {
    case .null: self = .none
    case .bool(let b): self = .bool(b)
    case .number(let x): self = .number(x)
    case .string(let s): self = .text(s)
    case .array(let a): self = .list(a.map(CorpusValue.init))
    case .object(let o): self = .record(o.mapValues(CorpusValue.init))
    }
  }

  /// A guarantee's hypothesis (`{statement, met}`) compares as `met`, `not_met` or `unchecked`.
  var projected: CorpusValue {
    guard case .record(let r) = self, r.count == 2, let statement = r["statement"], case .text = statement,
          let met = r["met"] else { return self }
    switch met {
    case .bool(true): return .text("met")
    case .bool(false): return .text("not_met")
    default: return .text("unchecked")
    }
  }

  /// The value as an expectation literal (what re-recording writes).
  var literal: String? {
    switch self {
    case .number(let x): return corpusNumberText(x)
    case .text(let s):
      let word = s.first.map { $0.isLetter || $0 == "_" } == true && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      return word && !["true", "false", "none", "value", "or", "contains", "starts"].contains(s) ? s : quoted(s)
    case .bool(let b): return b ? "true" : "false"
    case .none: return "none"
    case .list(let items):
      let parts = items.map(\.literal)
      return parts.contains { $0 == nil } ? nil : "[" + parts.compactMap { $0 }.joined(separator: ", ") + "]"
    case .record: return nil
    }
  }

  /// A short description for failure messages.
  var shown: String {
    if case .record(let r) = self { return "{" + r.keys.sorted().joined(separator: ", ") + "}" }
    return literal ?? "?"
  }
}

/// A number as the results document writes it: integers without a fraction, otherwise the
/// shortest text that reads back to the same double.
func corpusNumberText(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
  let text = x.description
  return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

/// A string literal with `"` and `\` escaped.
func quoted(_ s: String) -> String {
  "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// A diagnostic of a case, its message with the data folder's absolute path written `<data>`
/// (so the expectation is the same in every checkout).
struct CorpusDiagnostic {
  let line: Int
  let column: Int
  let message: String

  init(_ d: Diagnostic, dataDirectory: String) {
    line = d.line
    column = d.column
    message = d.message.replacingOccurrences(of: dataDirectory, with: "<data>")
  }
}

/// Why a case's script stopped: the error's kind (`PCXError.Kind`) and its error diagnostics.
struct CorpusFailure {
  let kind: String
  let message: String
  let errors: [CorpusDiagnostic]

  init(_ error: any Error, dataDirectory: String) {
    let e = error as? PCXError
    kind = e?.kind.rawValue ?? "\(type(of: error))"
    message = (e?.message ?? "\(error)").replacingOccurrences(of: dataDirectory, with: "<data>")
    errors = (e?.diagnostics ?? []).filter { $0.severity == .error }.map { CorpusDiagnostic($0, dataDirectory: dataDirectory) }
  }
}

/// What running a case gave: the results tree, or the error.
struct CorpusObservation {
  let certificates: [CorpusValue]
  let runs: [CorpusValue]
  /// Reported values outside sweeps, by expression text.
  let values: [(String, CorpusValue)]
  /// Warnings of the check (a failed script: those among its diagnostics).
  let warnings: [CorpusDiagnostic]
  let error: CorpusFailure?

  /// The observation of `outcome`; `dataDirectory` is the folder the case's data paths resolve in.
  init(_ outcome: Result<RunResult, any Error>, dataDirectory: String) {
    func warningsOf(_ ds: [Diagnostic]) -> [CorpusDiagnostic] {
      ds.filter { $0.severity == .warning }.map { CorpusDiagnostic($0, dataDirectory: dataDirectory) }
    }
    switch outcome {
    case .success(let result):
      let document = CorpusValue(result.document.json)
      func list(_ key: String) -> [CorpusValue] {
        if case .record(let r) = document, case .list(let l)? = r[key] { return l }
        return []
      }
      certificates = list("certificates")
      runs = list("runs")
      values = result.document.values.filter { $0.key.isEmpty }.map { ($0.expression, CorpusValue($0.value)) }
      warnings = warningsOf(result.warnings)
      error = nil
    case .failure(let e):
      certificates = []
      runs = []
      values = []
      error = CorpusFailure(e, dataDirectory: dataDirectory)
      warnings = warningsOf((e as? PCXError)?.diagnostics ?? [])
    }
  }

  /// Records of `list` whose `key` field is `name`.
  private func named(_ list: [CorpusValue], _ key: String, _ name: String) -> [CorpusValue] {
    list.filter { if case .record(let r) = $0, r[key] == .text(name) { true } else { false } }
  }

  /// A path's root: `certificates`, `runs`, `error`, or the one certificate bound to / run
  /// named `name`.
  func root(_ name: String) throws -> CorpusValue {
    switch name {
    case "certificates": return .list(certificates)
    case "runs": return .list(runs)
    case "error":
      guard let e = error else { throw ExpectationError(message: "the script ran without an error") }
      let d = e.errors.first
      return .record(["kind": .text(e.kind), "line": d.map { .number(Double($0.line)) } ?? .none,
                      "column": d.map { .number(Double($0.column)) } ?? .none, "message": .text(d?.message ?? e.message)])
    default: break
    }
    if let e = error { throw ExpectationError(message: "the script stopped with an error: \(e.message)") }
    let matches = named(certificates, "binding", name) + named(runs, "name", name)
    guard matches.count == 1, let only = matches.first else {
      if matches.isEmpty { throw ExpectationError(message: "no certificate bound to or run named '\(name)'") }
      throw ExpectationError(message: "'\(name)' names \(matches.count) records (a sweep?): use certificates[i] or runs[i]")
    }
    return only
  }

  /// What `report expression` printed.
  func reported(_ expression: String) throws -> CorpusValue {
    if let e = error { throw ExpectationError(message: "the script stopped with an error: \(e.message)") }
    guard let v = values.first(where: { $0.0 == expression })?.1 else {
      throw ExpectationError(message: "nothing reported for \(quoted(expression)) (reported: \(values.map { quoted($0.0) }.joined(separator: ", ")))")
    }
    return v
  }
}
