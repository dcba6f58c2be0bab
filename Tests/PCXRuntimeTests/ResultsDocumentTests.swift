import Foundation
import Testing
@testable import PCXRuntime

/// A document that uses every part of the schema: a sweep, sparse traces, each verdict, a
/// guarantee with series, a witness, NaN and Inf, reported values of several shapes.
func sampleDocument(seconds: Double = 1.5) -> ResultsDocument {
  let fit = RunRecord(
    name: "fit", key: ["width": .number(64)], optimizer: "gd(lr: 0.1)", steps: 4, finalLoss: 0.0125,
    status: .completed, lossConvention: "0.5 * mean over samples of (f(x) - y)^2",
    traces: ["loss": [1, 0.5, 0.1, 0.05, 0.0125], "grad_norm": [2, 1, 0.4, 0.2, 0.1], "lambda_min": [0.3, 0.28]],
    traceSteps: ["lambda_min": [0, 2]], timing: Timing(seconds: seconds / 3))
  let blowUp = RunRecord(
    name: "blow_up", optimizer: "gd(lr: 10)", steps: 2, finalLoss: .nan, status: .diverged,
    lossConvention: "mean over samples of (f(x) - y)^2", traces: ["loss": [1, 1e30, .infinity]],
    timing: Timing(seconds: seconds / 4))
  let pl = CertificateRecord(
    name: "pl_star", binding: "c", key: ["width": .number(64)], verdict: .holds,
    estimate: ["mu": 0.25, "lambda_min": 0.28], witness: Witness(point: [0.5, -1], lhs: 0.3, rhs: 0.25),
    method: "every iterate of run fit", evaluations: 5, source: "003 Def 3, Thm 6",
    guarantee: Guarantee(statement: "L(w_t) <= (1 - eta mu)^t L(w_0) (003 Thm 6)", check: .consistent,
                         predicted: [1, 0.975, 0.95], observed: [1, 0.5, 0.1]),
    timing: Timing(seconds: seconds / 5))
  let chatterjee = CertificateRecord(
    name: "chatterjee", verdict: .violated, estimate: ["alpha": 0.1], witness: Witness(point: [2, 0.2], lhs: 1, rhs: 3),
    method: "512 samples + PGD from 8 starts", evaluations: 4096, source: "001 eq (2.1)",
    guarantee: Guarantee(statement: "f(x_k) <= (1 - delta)^k f(x0) (001 Thm 2.2)", check: .contradicted, firstFailureStep: 3))
  let ball = CertificateRecord(
    name: "pl", verdict: .notRefuted, estimate: ["mu": 1.5], method: "256 samples + PGD from 4 starts",
    evaluations: 1280, source: "002 Thm 2.4")
  let failed = CertificateRecord(
    name: "hessian_spectrum", verdict: .inconclusive, estimate: ["lambda_min": .nan], method: "Lanczos on HVPs",
    evaluations: 30, source: "004 Thm 4.1", reason: "Lanczos did not converge in 30 iterations")
  return ResultsDocument(
    pcxVersion: "0.1.0", scriptSHA256: String(repeating: "0123456789abcdef", count: 4), seed: 7,
    commandLine: ["pcx", "run", "fit.pcx", "--json", "out.json"], runs: [fit, blowUp],
    certificates: [pl, chatterjee, ball, failed],
    values: [
      ReportedValue(expression: "c.mu", key: ["width": .number(64)], value: .number(0.25)),
      ReportedValue(expression: "[1, 2]", value: .array([.number(1), .number(2)])),
      ReportedValue(expression: "fit.final_loss", value: .object(["value": .null, "ok": .bool(false)])),
    ],
    timing: Timing(seconds: seconds))
}

/// The schema published in docs/, read from the repository next to this file.
func publishedSchema() throws -> JSONValue {
  try JSONValue.parse(Data(contentsOf: Repository.docs.appendingPathComponent("results-schema.json")))
}

/// `value` with every object key named `timing` removed, recursively.
func removingTiming(_ value: JSONValue) -> JSONValue {
  switch value {
  case .object(let o):
    var out: [String: JSONValue] = [:]
    for (k, v) in o where k != "timing" { out[k] = removingTiming(v) }
    return .object(out)
  case .array(let a): return .array(a.map(removingTiming))
  default: return value
  }
}

@Suite("Results document")
struct ResultsDocumentTests {
  @Test func encodingIsDeterministicWithSortedKeys() throws {
    let a = try sampleDocument().encoded()
    #expect(a == (try sampleDocument().encoded()))
    // Same content, dictionaries built in another order: same bytes.
    var d = sampleDocument()
    d.runs[0].traces = ["lambda_min": [0.3, 0.28], "grad_norm": [2, 1, 0.4, 0.2, 0.1], "loss": [1, 0.5, 0.1, 0.05, 0.0125]]
    #expect(try d.encoded() == a)
    let text = String(decoding: a, as: UTF8.self)
    let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }
      .map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
    #expect(topKeys == ["certificates", "command_line", "pcx_version", "runs", "schema", "script_sha256",
                        "seed", "timing", "values"])
    #expect(text.hasPrefix("{\n  \"certificates\": [\n    {\n      \"binding\": \"c\",\n"))
    #expect(text.hasSuffix("}\n"))
  }

  @Test func nonFiniteNumbersAreNull() throws {
    let text = String(decoding: try sampleDocument().encoded(), as: UTF8.self)
    #expect(text.contains("\"final_loss\": null,"))
    #expect(text.contains("\"loss\": [1, 1e+30, null]"))
    #expect(text.contains("\"lambda_min\": null"))
    #expect(!text.lowercased().contains("nan") && !text.contains("inf"))
    // Foundation's encoder through Codable agrees: no throw on NaN, null in the output.
    let foundation = try JSONEncoder().encode(sampleDocument().runs[1])
    #expect(String(decoding: foundation, as: UTF8.self).contains("\"final_loss\":null"))
  }

  @Test func numbersUseShortestRoundTripForm() throws {
    let cases: [(Double, String)] = [
      (3, "3"), (-0.0, "-0"), (0.1, "0.1"), (1e-5, "1e-05"), (0.1 + 0.2, "0.30000000000000004"),
      (1e300, "1e+300"), (Double.leastNonzeroMagnitude, "5e-324"), (9_007_199_254_740_992, "9007199254740992"), (1e16, "1e+16"),
      (-12345, "-12345"), (.nan, "null"), (-.infinity, "null"),
    ]
    for (x, text) in cases { #expect(JSONValue.numberText(x) == text, "\(x)") }
    // Every finite double parses back exactly: bit patterns from a fixed LCG.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let x = Double(bitPattern: state)
      guard x.isFinite else { continue }
      #expect(Double(JSONValue.numberText(x))?.bitPattern == x.bitPattern, "\(x)")
    }
  }

  @Test func stringsAreEscaped() throws {
    let s = "a\"b\\c\nd\u{01}é€"
    var out = ""
    JSONValue.writeString(s, to: &out)
    #expect(out == "\"a\\\"b\\\\c\\nd\\u0001é€\"")
    #expect(try JSONValue.parse(Data("[\(out)]".utf8)) == .array([.string(s)]))
  }

  @Test func decodingRoundTrips() throws {
    let bytes = try sampleDocument().encoded()
    let back = try ResultsDocument.decode(bytes)
    #expect(back == sampleDocument())
    #expect(back.runs[1].finalLoss.isNaN && back.runs[0].traceSteps["lambda_min"] == [0, 2])
    #expect(try back.encoded() == bytes)
    #expect(try JSONDecoder().decode(ResultsDocument.self, from: bytes) == back)
  }

  @Test func decodingErrorsNameTheField() throws {
    let text = String(decoding: try sampleDocument().encoded(), as: UTF8.self)
    let badLoss = text.replacingOccurrences(of: "\"final_loss\": 0.0125", with: "\"final_loss\": \"low\"")
    #expect(throws: RuntimeError(.data, "`runs[0].final_loss` should be a number, found a string")) {
      try ResultsDocument.decode(Data(badLoss.utf8))
    }
    let badSchema = text.replacingOccurrences(of: "pcx.results/1", with: "pcx.results/9")
    #expect(throws: RuntimeError.self) { try ResultsDocument.decode(Data(badSchema.utf8)) }
  }

  @Test func withoutTimingZeroesOnlyTiming() throws {
    let a = sampleDocument(seconds: 1.5), b = sampleDocument(seconds: 2.25)
    #expect(a != b)
    #expect(a.withoutTiming() == b.withoutTiming())
    #expect(try a.withoutTiming().encoded() == (try b.withoutTiming().encoded()))
    #expect(removingTiming(a.json) == removingTiming(a.withoutTiming().json))
    #expect(a.withoutTiming().timing.seconds == 0 && a.withoutTiming().certificates[0].timing.seconds == 0)
  }

  @Test func oversizedSeedIsRefused() {
    var d = sampleDocument()
    d.seed = 1 << 60
    #expect(throws: RuntimeError.self) { try d.encoded() }
  }
}
