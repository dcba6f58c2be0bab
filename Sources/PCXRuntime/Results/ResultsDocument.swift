import Foundation

/// One value a `report` statement printed, keyed by its expression text (SPEC §6 `values`).
public struct ReportedValue: Codable, Sendable, Equatable {
  /// The expression as written in the script.
  public var expression: String
  /// The sweep values, by sweep variable; empty outside sweeps.
  public var key: [String: JSONValue]
  /// The value (a number, a list, a record of named numbers...).
  public var value: JSONValue

  /// A reported value.
  public init(expression: String, key: [String: JSONValue] = [:], value: JSONValue) {
    self.expression = expression
    self.key = key
    self.value = value
  }

  /// `{"expression": ..., "key": {...}, "value": ...}`.
  public var json: JSONValue { .object(["expression": .string(expression), "key": .object(key), "value": value]) }

  init(fields f: JSONFields) throws {
    expression = try f.string("expression")
    key = try f.object("key")
    value = try f.value("value")
  }

  /// Equal when the JSON is equal.
  public static func == (a: ReportedValue, b: ReportedValue) -> Bool { a.json == b.json }
  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: "value"))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}

/// The results of running a script: what `--json` writes (SPEC §6, schema in
/// docs/results-schema.json). Wall-clock figures live only under `timing` keys, so two runs of
/// the same script and seed give equal documents after `withoutTiming()`.
public struct ResultsDocument: Codable, Sendable, Equatable {
  /// The schema identifier this code writes.
  public static let currentSchema = "pcx.results/1"

  /// The schema identifier (`pcx.results/1`).
  public var schema: String
  /// The pcx version that produced the document.
  public var pcxVersion: String
  /// SHA-256 of the script's bytes, lowercase hex.
  public var scriptSHA256: String
  /// The root seed (SPEC §2.3).
  public var seed: Int
  /// The command line as given (`["pcx", "run", "fit.pcx", "--seed", "3"]`).
  public var commandLine: [String]
  /// Every run, in execution order (sweeps expanded).
  public var runs: [RunRecord]
  /// Every certificate result, in execution order.
  public var certificates: [CertificateRecord]
  /// What `report` statements printed.
  public var values: [ReportedValue]
  /// Total wall-clock time.
  public var timing: Timing

  /// A document with the current schema identifier.
  public init(
    pcxVersion: String, scriptSHA256: String, seed: Int, commandLine: [String],
    runs: [RunRecord] = [], certificates: [CertificateRecord] = [], values: [ReportedValue] = [],
    timing: Timing = Timing()
  ) {
    schema = Self.currentSchema
    self.pcxVersion = pcxVersion
    self.scriptSHA256 = scriptSHA256
    self.seed = seed
    self.commandLine = commandLine
    self.runs = runs
    self.certificates = certificates
    self.values = values
    self.timing = timing
  }

  /// The document as a JSON tree with the SPEC §6 key names.
  public var json: JSONValue {
    .object([
      "schema": .string(schema), "pcx_version": .string(pcxVersion),
      "script_sha256": .string(scriptSHA256), "seed": .number(Double(seed)),
      "command_line": .array(commandLine.map(JSONValue.string)),
      "runs": .array(runs.map(\.json)), "certificates": .array(certificates.map(\.json)),
      "values": .array(values.map(\.json)), "timing": timing.json,
    ])
  }

  /// Deterministic UTF-8 bytes: sorted keys, pretty-printed, NaN/Inf as `null`, numbers in
  /// shortest round-trip form (see `JSONValue.serialized()`).
  public func encoded() throws -> Data {
    // Seeds are integers; beyond 2^53 a float64 JSON number could not hold them exactly.
    guard abs(seed) <= 1 << 53 else {
      throw RuntimeError(.argument, "the seed \(seed) is too large to write exactly in JSON (at most 2^53)")
    }
    return Data(json.serialized().utf8)
  }

  /// Reads a document written by `encoded()` (or any JSON with the same shape).
  public static func decode(_ data: Data) throws -> ResultsDocument {
    try ResultsDocument(fields: JSONFields(JSONValue.parse(data), path: ""))
  }

  /// The document with every `timing` zeroed: what must be identical between two runs of the
  /// same script and seed.
  public func withoutTiming() -> ResultsDocument {
    var d = self
    d.timing = Timing()
    for i in d.runs.indices { d.runs[i].timing = Timing() }
    for i in d.certificates.indices { d.certificates[i].timing = Timing() }
    return d
  }

  init(fields f: JSONFields) throws {
    schema = try f.string("schema")
    guard schema == Self.currentSchema else {
      throw RuntimeError(.data, "the results document has schema \"\(schema)\"; this pcx reads \"\(Self.currentSchema)\"")
    }
    pcxVersion = try f.string("pcx_version")
    scriptSHA256 = try f.string("script_sha256")
    seed = try f.int("seed")
    commandLine = try f.strings("command_line")
    runs = try Self.list(f, "runs", RunRecord.init(fields:))
    certificates = try Self.list(f, "certificates", CertificateRecord.init(fields:))
    values = try Self.list(f, "values", ReportedValue.init(fields:))
    timing = try Timing(fields: f.nested("timing"))
  }

  private static func list<T>(_ f: JSONFields, _ key: String, _ make: (JSONFields) throws -> T) throws -> [T] {
    try f.array(key).enumerated().map { i, v in try make(JSONFields(v, path: "\(key)[\(i)]")) }
  }

  /// Equal when the JSON is equal (NaN numbers compare equal, as both are written `null`).
  public static func == (a: ResultsDocument, b: ResultsDocument) -> Bool { a.json == b.json }
  public init(from decoder: Decoder) throws {
    try self.init(fields: JSONFields(JSONValue(from: decoder), path: ""))
  }
  public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}
