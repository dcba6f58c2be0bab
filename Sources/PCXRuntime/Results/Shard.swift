import Foundation

/// One sweep point's part of a run, as `pcx run --points ... --shard-out DIR` writes it (one
/// file per point, `point-00003.json`): the point's runs, certificates, reported values and plot
/// changes (or its error), with what identifies the run it belongs to — the script's sha256, the
/// seed, the `--set` overrides, the pcx version and the point's index and key — so that `gather`
/// merges only shards of one run and reproduces the serial run's outputs.
///
/// The file is the results document's deterministic JSON whose first key, `_checksum`, holds the
/// sha256 of the file with the checksum written as 64 zeros, so a truncated or altered file is
/// recognised before it is read. (First, so it sits at a fixed byte offset: the file's text is
/// never searched or copied, which for megabytes of traces costs more than the hash.)
public struct Shard: Sendable {
  /// The format identifier this code writes and reads.
  public static let schema = "pcx.shard/1"

  /// The run the point belongs to.
  public var run: ShardRun
  /// What the point produced.
  public var outcome: PointOutcome
  /// False when a record holds an infinite number, which the results document writes as `null`
  /// and reads back as NaN: the gathered report and CSVs would print `nan` where the serial run
  /// prints `inf` (`gather` says so).
  public var exact: Bool

  /// A shard of `outcome`; `exact` is found by reading the records back.
  public init(run: ShardRun, outcome: PointOutcome) {
    self.run = run
    self.outcome = outcome
    exact = Self.readsBackExactly(outcome)
  }

  /// The file name of point `index`'s shard.
  public static func fileName(_ index: Int) -> String {
    let digits = String(index)
    return "point-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".json"
  }

  var json: JSONValue {
    let o = outcome, r = run
    return .object([
      "schema": .string(Self.schema), "pcx_version": .string(r.pcxVersion), "script": .string(r.script),
      "script_path": .string(r.scriptPath), "script_sha256": .string(r.scriptSHA256), "seed": .number(Double(r.seed)),
      "overrides": .object(r.overrides.mapValues(JSONValue.string)), "point_count": .number(Double(r.pointCount)),
      "index": .number(Double(o.index)), "key": orderedKeyJSON(o.key), "label": .string(SweepPlan.label(o.key)),
      "status": .string(o.error == nil ? "done" : "failed"), "error": o.error?.json ?? .null,
      "runs": .array(o.runs.map(\.json)), "certificates": .array(o.certificates.map(\.json)),
      "values": .array(o.values.map(\.json)), "plots": .array(o.plotOps.map(\.json)),
      "exact": .bool(exact), "timing": Timing(seconds: o.seconds).json,
      "_checksum": .string(String(repeating: "0", count: 64)),
    ])
  }

  /// The file's bytes, checksum included.
  public func encoded() -> Data {
    var bytes = Array(json.serialized().utf8)
    let hex = Array(SHA256.hex(bytes).utf8)
    bytes.replaceSubrange(Self.checksumRange, with: hex)
    return Data(bytes)
  }

  /// The file starts `{\n  "_checksum": "` (its first key): the 64 hex digits follow.
  static let checksumPrefix = Array("{\n  \"_checksum\": \"".utf8)
  static let checksumRange = checksumPrefix.count..<checksumPrefix.count + 64

  /// Reads a shard file's bytes; errors say what is wrong with the file, not where it is.
  public static func decode(_ data: Data) throws -> Shard {
    guard !data.isEmpty else { throw RuntimeError(.data, "the file is empty") }
    var bytes = [UInt8](data)
    guard bytes.count > checksumRange.upperBound, bytes.starts(with: checksumPrefix) else {
      throw RuntimeError(.data, "the file has no checksum where a pcx shard has it: it is truncated, or not a shard")
    }
    let written = String(decoding: bytes[checksumRange], as: UTF8.self)
    bytes.replaceSubrange(checksumRange, with: repeatElement(UInt8(ascii: "0"), count: 64))
    guard SHA256.hex(bytes) == written else {
      throw RuntimeError(.data, "the file is truncated or corrupt: its checksum does not match its contents")
    }
    return try Shard(fields: JSONFields(JSONParser.parse(data), path: ""))
  }

  init(fields f: JSONFields) throws {
    let schema = try f.string("schema")
    guard schema == Self.schema else {
      throw RuntimeError(.data, "the file has schema \"\(schema)\"; this pcx reads \"\(Self.schema)\"")
    }
    var overrides: [String: String] = [:]
    for (k, v) in try f.object("overrides") {
      guard case .string(let s) = v else { throw JSONFields.mismatch("overrides.\(k)", "a string", v) }
      overrides[k] = s
    }
    run = ShardRun(script: try f.string("script"), scriptPath: try f.string("script_path"),
                   scriptSHA256: try f.string("script_sha256"), seed: try f.int("seed"), overrides: overrides,
                   pointCount: try f.int("point_count"), pcxVersion: try f.string("pcx_version"))
    var o = PointOutcome(index: try f.int("index"), key: try orderedKey(try f.value("key"), "key"))
    if case .object = try f.value("error") { o.error = try ScriptError(fields: f.nested("error")) }
    o.runs = try f.array("runs").enumerated().map { i, v in try RunRecord(fields: JSONFields(v, path: "runs[\(i)]")) }
    o.certificates = try f.array("certificates").enumerated().map { i, v in
      try CertificateRecord(fields: JSONFields(v, path: "certificates[\(i)]"))
    }
    o.values = try f.array("values").enumerated().map { i, v in try ReportedValue(fields: JSONFields(v, path: "values[\(i)]")) }
    o.plotOps = try f.optionalObjects("plots").map(PlotOp.init(fields:))
    o.seconds = try Timing(fields: f.nested("timing")).seconds
    outcome = o
    exact = try f.bool("exact")
  }

  /// Whether the records read back from JSON print the same report sections and CSVs: runs
  /// without an infinite number (the only value JSON cannot carry: NaN is written as null and
  /// read back as NaN), certificates whose report section reads back the same.
  static func readsBackExactly(_ o: PointOutcome) -> Bool {
    for r in o.runs where r.finalLoss.isInfinite || r.traces.values.contains(where: { $0.contains(where: \.isInfinite) }) {
      return false
    }
    // JSON writes an infinity as null, read back as NaN: any infinite number of a certificate
    // (estimates, witness, guarantee series, grid) would print differently
    return o.certificates.allSatisfy { !Self.hasInfinity($0) }
  }
}

extension Shard {
  /// Whether a certificate record holds an infinite number (which its JSON writes as null).
  static func hasInfinity(_ c: CertificateRecord) -> Bool {
    var numbers = Array(c.estimate.values)
    if let w = c.witness { numbers += w.point + [w.lhs, w.rhs] }
    if let g = c.guarantee { numbers += (g.predicted ?? []) + (g.observed ?? []) }
    if let grid = c.grid { numbers += grid.values + grid.quantities.values.flatMap { $0 } }
    return numbers.contains { $0.isInfinite }
  }
}

/// What identifies the run a shard belongs to: `gather` merges only shards that agree on it.
public struct ShardRun: Sendable, Equatable {
  /// The script as named on the command line (the report's header prints it).
  public var script: String
  /// The script's absolute path when the point ran (where `gather` reads it by default).
  public var scriptPath: String
  /// SHA-256 of the script's bytes.
  public var scriptSHA256: String
  /// The seed the point ran with (the script's, or `--seed`).
  public var seed: Int
  /// The `--set` overrides.
  public var overrides: [String: String]
  /// How many points the script has.
  public var pointCount: Int
  /// The pcx version that ran the point.
  public var pcxVersion: String

  /// A run's identity.
  public init(script: String, scriptPath: String, scriptSHA256: String, seed: Int, overrides: [String: String],
              pointCount: Int, pcxVersion: String) {
    self.script = script
    self.scriptPath = scriptPath
    self.scriptSHA256 = scriptSHA256
    self.seed = seed
    self.overrides = overrides
    self.pointCount = pointCount
    self.pcxVersion = pcxVersion
  }
}
