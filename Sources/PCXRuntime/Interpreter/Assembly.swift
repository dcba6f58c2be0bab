import Foundation
import PCXNumerics

/// Turns what a script produced into the results document of SPEC §6.
extension Experiment {
  /// The document: runs with their traces, certificate requests, reported values. `timing`
  /// holds every wall-clock figure.
  public func document(
    version: String, scriptSHA256: String, commandLine: [String], totalSeconds: Double
  ) -> ResultsDocument {
    ResultsDocument(
      pcxVersion: version, scriptSHA256: scriptSHA256, seed: seed, commandLine: commandLine,
      runs: runs.map(\.record), certificates: certificates.map(\.record),
      values: reports.map(\.record), timing: Timing(seconds: totalSeconds))
  }
}

/// A sweep key as a JSON object.
func keyObject(_ key: [(String, Double)]) -> [String: JSONValue] {
  var out: [String: JSONValue] = [:]
  for (k, v) in key { out[k] = .finite(v) }
  return out
}

extension RunValue {
  /// The run as a results record: every trace, with its steps where it is not every step.
  var record: RunRecord {
    var traces: [String: [Double]] = [:], steps: [String: [Int]] = [:]
    for (name, t) in result.traces {
      traces[name] = t.values
      if !t.isEveryStep { steps[name] = t.steps }
    }
    let status: RecordStatus
    switch result.status {
    case .completed: status = .completed
    case .stopped(let reason): status = reason.hasPrefix("time") ? .timeLimit : .converged
    case .cancelled: status = .cancelled
    }
    return RunRecord(
      name: name, key: keyObject(key), optimizer: optimizer, steps: result.steps, finalLoss: result.finalLoss,
      status: status, lossConvention: convention ?? "objective \(objective) (an expression; no sample convention)",
      traces: traces, traceSteps: steps, timing: Timing(seconds: result.elapsed))
  }
}

extension CertificateRequest {
  /// A certificate that was not evaluated: `inconclusive`, saying why (never a made-up verdict).
  var record: CertificateRecord {
    if let outcome { return outcome }
    return CertificateRecord(
      name: name, binding: binding, key: keyObject(key), verdict: .inconclusive, estimate: [:], witness: nil,
      method: "not evaluated", evaluations: 0, source: "SPEC 5",
      guarantee: nil, reason: "not evaluated: this version of pcx has no certificate engine yet (issue 5)",
      timing: Timing())
  }
}

extension ReportItem {
  var record: ReportedValue {
    ReportedValue(expression: expression, key: keyObject(key), value: value.json)
  }
}

extension Value {
  /// The value as JSON: numbers, lists, traces as {steps, values}, others as their description.
  var json: JSONValue {
    switch self {
    case .number(let x): return .finite(x)
    case .int(let i): return .number(Double(i))
    case .bool(let b): return .bool(b)
    case .string(let s), .choice(let s): return .string(s)
    case .tensor(let t): return t.rank == 0 ? .finite(t.scalars[0]) : .numbers(t.scalars)
    case .tuple(let items): return .array(items.map(\.json))
    case .trace(let steps, let values):
      return .object(["steps": .array(steps.map { .number(Double($0)) }), "values": .numbers(values)])
    case .dataset(let d): return .string("dataset \(d.source) [\(d.n) x \(d.d) -> \(d.k)]")
    case .model(let m): return .string(m.description)
    case .objective(let o): return .string("objective \(o.name)")
    case .run(let r): return .string("run \(r.name)")
    case .certificate(let c): return .string("certificate \(c.name): not evaluated")
    case .labels: return .string("labels")
    }
  }
}
