import Foundation
import PCX
import Testing

/// The run corpus's harness itself: wrong expectations fail, unknown forms do not parse, and a
/// re-record writes the observed value with the tolerance kept. (A harness that passed everything
/// would make every case a test that cannot fail.)
@Suite("Run corpus: the expectation harness")
struct RunCorpusHarnessTests {
  /// Scripts.quadratic: d has loss 9 * 0.64^k; c = chatterjee is violated with witness sides 1, 36.
  func checker(recording: Bool = false) async -> CaseChecker {
    let observation = CorpusObservation(await RunCorpus.run(Scripts.quadratic, "q.pcx"), dataDirectory: RunCorpus.data.path)
    return CaseChecker(name: "q.pcx", observation: observation, recording: recording)
  }

  /// The failures of one line, stated with the case's outcome (`no error`) unless it is one.
  func failures(_ line: String) async throws -> [String] {
    let outcome = line == "no error" || line.hasPrefix("error ")
    let lines = outcome ? [line] : [line, "no error"]
    let expectations = try lines.enumerated().map { i, line in try Expectation.parse(line, lineIndex: i) }
    var c = await checker()
    c.check(expectations)
    return c.failures
  }

  @Test(arguments: [
    "d.steps = 10", "d.status = completed", "d.final_loss = 9 * 0.64^10 ± 1e-12 rel",
    "d.loss.first = 9", "d.loss.count = 11", "d.loss[10] = d.final_loss", "value \"d.final_loss\" = d.final_loss",
    "c.verdict = violated", "c.verdict != holds", "c.alpha = 4 ± 1e-12 abs", "c.witness.lhs < c.witness.rhs",
    "c.witness.point = [0]", "c.name starts \"chat\"", "c.method contains \"alpha\"", "c.guarantee = none",
    "c.alpha = 5 or c.alpha > 3", "certificates.count = 1", "runs[0].steps = 10", "c.alpha <= 3.5 ± 0.6 abs",
    "no error",
  ])
  func trueExpectationsPass(_ line: String) async throws {
    #expect(try await failures(line) == [])
  }

  @Test(arguments: [
    "d.steps = 11", "d.final_loss = 9 * 0.64^10 * (1 + 1e-9) ± 1e-12 rel", "c.verdict = holds",
    "c.verdict != violated", "c.witness.lhs > c.witness.rhs", "c.method contains \"zzz\"", "c.nope = 1",
    "c.guarantee.hypotheses[9] = met", "value \"d.nope\" = 1", "e.steps = 1", "error.kind = scriptFailed",
    "c.alpha = 5 or c.alpha < 3", "c.witness.point = [0, 0]", "c.alpha <= 3.9 ± 0.01 abs", "d.status contains 1",
    "error 3:1: the run diverged",
  ])
  func falseExpectationsFail(_ line: String) async throws {
    #expect(try await failures(line).count == 1, "\(line)")
  }

  @Test(arguments: ["", "c.alpha ~ 4", "c.alpha = 4 ± 1e-9", "c.alpha = 4 ± rel", "frob(2) = 1", "c.alpha = ",
                    "c.alpha = 4 extra", "value c = 1", "c.alpha = \"open", "error 3: message", "c[x] = 1"])
  func unknownFormsDoNotParse(_ line: String) {
    #expect(throws: ExpectationError.self, "\(line)") { try Expectation.parse(line, lineIndex: 0) }
  }

  /// Outcome lines parse into their parts; `error.kind` stays a condition.
  @Test func outcomeLinesParse() throws {
    guard case .error(let kind, 3, 1, "the run: diverged")? = try? Expectation.parse("error 3:1: the run: diverged", lineIndex: 0).kind,
          kind == nil else { Issue.record("error line"); return }
    guard case .error("resourceLimit", 4, 2, "over")? = try? Expectation.parse("error resourceLimit 4:2: over", lineIndex: 0).kind
    else { Issue.record("error line with a kind"); return }
    guard case .warning(2, 7, "unused")? = try? Expectation.parse("warning 2:7: unused", lineIndex: 0).kind
    else { Issue.record("warning line"); return }
    guard case .conditions(let c)? = try? Expectation.parse("error.kind = scriptFailed", lineIndex: 0).kind, c.count == 1
    else { Issue.record("error.kind condition"); return }
    guard case .noError? = try? Expectation.parse(" no error ", lineIndex: 0).kind else { Issue.record("no error"); return }
  }

  /// A failing `path = literal` line is rewritten with the observed value and its tolerance; a
  /// passing one and a computed one are not.
  @Test func reRecordingRewritesOnlyFailingLiterals() async throws {
    let lines = ["d.steps = 11", "d.final_loss = 1 ± 1e-9 rel", "d.loss.first = 9", "c.alpha = 2 * 3 ± 1e-12 rel"]
    let expectations = try lines.enumerated().map { i, line in try Expectation.parse(line, lineIndex: i) }
    var c = await checker(recording: true)
    c.check(expectations)
    #expect(c.recorded[0] == "#! d.steps = 10")
    #expect(c.recorded[1]?.hasPrefix("#! d.final_loss = 0.1037") == true && c.recorded[1]?.hasSuffix(" ± 1e-9 rel") == true)
    #expect(c.recorded[2] == nil && c.recorded[3] == nil)
    #expect(c.failures.count == 1, "the computed right side still fails: \(c.failures)")
  }
}
