/// A certificate's verdict (SPEC §5, the honesty rule: never report more than was shown).
public enum Verdict: String, Codable, Sendable, CaseIterable {
  /// Every point of a finite set satisfies the inequality.
  case holds
  /// A point violates the inequality; the witness shows it.
  case violated
  /// A continuous set was sampled and searched adversarially without finding a violation.
  case notRefuted = "not_refuted"
  /// The numerics failed (NaN, a solver that did not converge); `reason` says why.
  case inconclusive

  /// The verdict in words for the terminal (`not refuted`).
  public var text: String { rawValue.split(separator: "_").joined(separator: " ") }
}

/// The worst point a certificate found: where the slack of its inequality is smallest.
public struct Witness: Codable, Sendable, Equatable {
  /// The point (flat parameter vector or input), as numbers.
  public var point: [Double]
  /// The inequality's left-hand side at the point.
  public var lhs: Double
  /// The inequality's right-hand side at the point.
  public var rhs: Double

  /// A witness at `point` with both sides of the inequality.
  public init(point: [Double], lhs: Double, rhs: Double) {
    self.point = point
    self.lhs = lhs
    self.rhs = rhs
  }

  /// `{"point": [...], "lhs": ..., "rhs": ...}`.
  public var json: JSONValue { .object(["point": .numbers(point), "lhs": .finite(lhs), "rhs": .finite(rhs)]) }

  init(fields f: JSONFields) throws {
    point = try f.numbers("point")
    lhs = try f.number("lhs")
    rhs = try f.number("rhs")
  }

  /// Equal when the JSON is equal (NaN sides compare equal).
  public static func == (a: Witness, b: Witness) -> Bool { a.json == b.json }
  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "witness"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}

/// Whether a run obeyed the bound a theorem derives from a certificate.
public enum GuaranteeCheck: String, Codable, Sendable, CaseIterable {
  /// The run obeys the predicted bound at every step.
  case consistent
  /// The run breaks the bound; `firstFailureStep` says where.
  case contradicted
}

/// The guarantee a theorem turns a certificate into, set against the run (SPEC §5).
public struct Guarantee: Codable, Sendable, Equatable {
  /// The statement with its source and constants (`L(w_t) <= (1 - eta mu)^t L(w_0), 003 Thm 6`).
  public var statement: String
  /// Consistent or contradicted.
  public var check: GuaranteeCheck
  /// The first step where the run breaks the bound, when contradicted.
  public var firstFailureStep: Int?
  /// The predicted bound per step, when the theorem gives a series.
  public var predicted: [Double]?
  /// What the run did per step, next to `predicted`.
  public var observed: [Double]?
  /// The theorem's hypotheses, each as stated with whether pcx found it met (`eta <= 1/beta`:
  /// true). A contradicted check with an unmet hypothesis is no evidence against the theorem.
  public var hypotheses: [Hypothesis]

  /// One hypothesis of a theorem and whether it was met.
  public struct Hypothesis: Sendable, Equatable {
    /// The hypothesis with its numbers (`eta = 0.1 <= 1/beta_hat = 0.25`).
    public var statement: String
    /// Whether pcx found it met; nil when it could not be checked.
    public var met: Bool?
    /// A hypothesis.
    public init(_ statement: String, met: Bool?) {
      self.statement = statement
      self.met = met
    }
  }

  /// A guarantee check; the series are optional.
  public init(
    statement: String, check: GuaranteeCheck, firstFailureStep: Int? = nil,
    predicted: [Double]? = nil, observed: [Double]? = nil, hypotheses: [Hypothesis] = []
  ) {
    self.hypotheses = hypotheses
    self.statement = statement
    self.check = check
    self.firstFailureStep = firstFailureStep
    self.predicted = predicted
    self.observed = observed
  }

  /// The guarantee as JSON; `predicted` and `observed` are left out when absent.
  public var json: JSONValue {
    var o: [String: JSONValue] = [
      "statement": .string(statement), "check": .string(check.rawValue),
      "first_failure_step": firstFailureStep.map { .number(Double($0)) } ?? .null,
    ]
    if let predicted { o["predicted"] = .numbers(predicted) }
    if let observed { o["observed"] = .numbers(observed) }
    if !hypotheses.isEmpty {
      o["hypotheses"] = .array(hypotheses.map { h in
        .object(["statement": .string(h.statement), "met": h.met.map { .bool($0) } ?? .null])
      })
    }
    return .object(o)
  }

  init(fields f: JSONFields) throws {
    statement = try f.string("statement")
    check = try f.enumeration("check", GuaranteeCheck.self)
    firstFailureStep = try f.optionalInt("first_failure_step")
    predicted = try f.optionalNumbers("predicted")
    observed = try f.optionalNumbers("observed")
    hypotheses = try f.optionalObjects("hypotheses").map { h in
      Hypothesis(try h.string("statement"), met: try h.optionalBool("met"))
    }
  }

  /// Equal when the JSON is equal (NaN entries compare equal).
  public static func == (a: Guarantee, b: Guarantee) -> Bool { a.json == b.json }
  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "guarantee"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}

/// One certificate result in the results document (SPEC §5, §6 `certificates`).
public struct CertificateRecord: Codable, Sendable, Equatable {
  /// The certificate's catalog name (`pl_star`).
  public var name: String
  /// The name it is bound to in the script (`let c = certify ...`), or nil.
  public var binding: String?
  /// The sweep values, by sweep variable; empty outside sweeps.
  public var key: [String: JSONValue]
  /// The verdict.
  public var verdict: Verdict
  /// Named estimated constants (`mu`, `alpha`, `lambda_min`); NaN is written as `null`.
  public var estimate: [String: Double]
  /// The worst point found, or nil.
  public var witness: Witness?
  /// How the set was examined (`every iterate of run fit`, `512 samples + PGD from 8 starts`).
  public var method: String
  /// Evaluations of the inequality.
  public var evaluations: Int
  /// The paper reference (`003 Def 3, Thm 6`).
  public var source: String
  /// The derived guarantee set against the run, or nil.
  public var guarantee: Guarantee?
  /// Why the verdict is inconclusive; nil otherwise.
  public var reason: String?
  /// Wall-clock time of the check.
  public var timing: Timing
  /// Per-point results over `on: grid(...)` (drawn by `plot`), or nil; in JSON only when present.
  public var grid: GridResult? = nil

  /// A certificate record; optional parts default to nil or empty.
  public init(
    name: String, binding: String? = nil, key: [String: JSONValue] = [:], verdict: Verdict,
    estimate: [String: Double], witness: Witness? = nil, method: String, evaluations: Int,
    source: String, guarantee: Guarantee? = nil, reason: String? = nil, timing: Timing = Timing()
  ) {
    self.name = name
    self.binding = binding
    self.key = key
    self.verdict = verdict
    self.estimate = estimate
    self.witness = witness
    self.method = method
    self.evaluations = evaluations
    self.source = source
    self.guarantee = guarantee
    self.reason = reason
    self.timing = timing
  }

  /// The record as JSON, with the SPEC §6 key names; absent optionals are `null`.
  public var json: JSONValue {
    var o: [String: JSONValue] = [
      "name": .string(name), "binding": binding.map(JSONValue.string) ?? .null, "key": .object(key),
      "verdict": .string(verdict.rawValue), "estimate": .object(estimate.mapValues(JSONValue.finite)),
      "witness": witness?.json ?? .null, "method": .string(method),
      "evaluations": .number(Double(evaluations)), "source": .string(source),
      "guarantee": guarantee?.json ?? .null, "reason": reason.map(JSONValue.string) ?? .null,
      "timing": timing.json,
    ]
    if let grid { o["grid"] = grid.json }
    return .object(o)
  }

  init(fields f: JSONFields) throws {
    name = try f.string("name")
    binding = try f.optionalString("binding")
    key = try f.object("key")
    verdict = try f.enumeration("verdict", Verdict.self)
    estimate = try f.numberMap("estimate")
    witness = try Self.optional(f, "witness", Witness.init(fields:))
    method = try f.string("method")
    evaluations = try f.int("evaluations")
    source = try f.string("source")
    guarantee = try Self.optional(f, "guarantee", Guarantee.init(fields:))
    reason = try f.optionalString("reason")
    timing = try Timing(fields: f.nested("timing"))
    grid = try Self.optional(f, "grid", GridResult.init(fields:))
  }

  private static func optional<T>(_ f: JSONFields, _ key: String, _ make: (JSONFields) throws -> T) throws -> T? {
    if case .null = f.fields[key] ?? .null { return nil }
    return try make(f.nested(key))
  }

  /// Equal when the JSON is equal (NaN estimates compare equal).
  public static func == (a: CertificateRecord, b: CertificateRecord) -> Bool { a.json == b.json }
  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "certificate"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}
