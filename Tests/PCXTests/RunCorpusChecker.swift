import Foundation
import PCX

/// Checks one case's expectations against what it observed, and (when recording) works out the
/// rewritten expectation lines.
struct CaseChecker {
  let name: String
  let observation: CorpusObservation
  let recording: Bool
  /// One message per expectation that failed (`case.pcx:12: ...`).
  private(set) var failures: [String] = []
  /// Re-recorded condition lines, by line index.
  private(set) var recorded: [Int: String] = [:]

  init(name: String, observation: CorpusObservation, recording: Bool) {
    self.name = name
    self.observation = observation
    self.recording = recording
  }

  mutating func fail(_ line: Int?, _ message: String) {
    failures.append("\(name):\(line.map { "\($0 + 1):" } ?? "") \(message)")
  }

  /// Checks every expectation. When recording, a failing `path = literal` line is re-recorded
  /// instead (lines that pass keep their text, so closed forms written as literals survive).
  mutating func check(_ expectations: [Expectation]) {
    checkOutcome(expectations)
    for e in expectations {
      guard case .conditions(let conditions) = e.kind else { continue }
      let reasons = conditions.map { failure(of: $0) }
      if reasons.contains(where: { $0 == nil }) { continue }
      if recording, let line = rerecord(conditions) {
        recorded[e.lineIndex] = line
        continue
      }
      fail(e.lineIndex, "`\(e.text)`: " + reasons.compactMap { $0 }.joined(separator: "; or "))
    }
  }

  /// Why condition `c` fails, or nil when it holds.
  func failure(of c: Condition) -> String? {
    do {
      let observed = try observation.evaluate(c.lhs)
      let expected = try observation.evaluate(c.rhs)
      return compare(observed, c.op, expected, c.tolerance)
    } catch {
      return "\(error)"
    }
  }

  /// The rewritten line of a `path = literal [± tol]` expectation, or nil when it is not one or
  /// its path does not resolve (then it fails as usual).
  func rerecord(_ conditions: [Condition]) -> String? {
    guard conditions.count == 1, let c = conditions.first, c.op == .equal, c.lhs.isPath, c.rhs.isLiteral,
          let observed = try? observation.evaluate(c.lhs), let literal = observed.literal else { return nil }
    return Expectation.marker + " \(c.lhsText) = \(literal)" + (c.toleranceText.map { " " + $0 } ?? "")
  }

  /// The outcome lines the case should have now: `no error` or its errors, then its warnings.
  var observedOutcome: [String] {
    let warnings = observation.warnings.map { "warning \($0.line):\($0.column): \($0.message)" }
    guard let e = observation.error else { return ["no error"] + warnings }
    let errors = e.errors
    let kind = e.kind == "scriptFailed" ? "" : " \(e.kind)"
    if errors.isEmpty { return ["error\(kind) 0:0: \(e.message)"] + warnings }
    return errors.map { "error\(kind) \($0.line):\($0.column): \($0.message)" } + warnings
  }

  /// The case's outcome lines as written.
  static func writtenOutcome(_ expectations: [Expectation]) -> [Expectation] {
    expectations.filter {
      switch $0.kind {
      case .noError, .error, .warning: return true
      case .conditions: return false
      }
    }
  }

  /// Whether the outcome lines as written differ from what the case gave.
  func outcomeDiffers(_ expectations: [Expectation]) -> Bool {
    Self.writtenOutcome(expectations).map(\.text).sorted() != observedOutcome.sorted()
  }

  private mutating func checkOutcome(_ expectations: [Expectation]) {
    guard !recording else { return }
    let written = Self.writtenOutcome(expectations)
    let stated = written.filter { if case .warning = $0.kind { false } else { true } }
    let noError = stated.contains { if case .noError = $0.kind { true } else { false } }
    if stated.isEmpty || (noError && stated.count > 1) {
      fail(nil, "a case states either `#! no error` or its `#! error LINE:COL: message` lines")
    }
    if outcomeDiffers(expectations) {
      fail(written.first?.lineIndex, "outcome: expected \(written.map(\.text).sorted()), observed \(observedOutcome.sorted())")
    }
  }

  /// Applies the recorded lines to the case's lines: condition lines in place, the outcome block
  /// where the first outcome line was (or at the end).
  func rewrite(_ lines: inout [String], _ expectations: [Expectation]) {
    for (i, line) in recorded { lines[i] = line }
    guard outcomeDiffers(expectations) else { return }
    let old = Set(Self.writtenOutcome(expectations).map(\.lineIndex))
    var at = old.min() ?? lines.count
    if old.isEmpty { while at > 0, lines[at - 1].isEmpty { at -= 1 } }
    let fresh = observedOutcome.map { Expectation.marker + " " + $0 }
    var out: [String] = []
    for (i, line) in lines.enumerated() {
      if i == at { out += fresh }
      if !old.contains(i) { out.append(line) }
    }
    if at >= lines.count { out += fresh }
    lines = out
  }
}
