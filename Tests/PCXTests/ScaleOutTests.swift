import Foundation
import PCX
import Testing

/// The embedding API of sweep points: `runPoints` into shard directories as separate hosts
/// would, `gather`, and the checks `gather` makes; outputs compared with the serial run's.
@Suite("Scale-out: points, shards and gather through the API")
struct ScaleOutTests {
  static let script = PCXBinary.sweep

  static func configuration(seed: Int? = nil, overrides: [String: String] = [:]) -> InterpreterConfiguration {
    var c = InterpreterConfiguration()
    c.baseDirectory = script.deletingLastPathComponent().path
    c.seed = seed
    c.overrides = overrides
    return c
  }

  /// The outputs of a result written into `directory`, with its report.
  static func outputs(_ result: RunResult, _ directory: URL) throws -> RunOutputs {
    try result.write(to: directory.path)
    return try RunOutputs(directory: directory, report: result.report(scriptName: "sweep.pcx"))
  }

  /// Points written in several calls (as several processes would), gathered from the directory.
  static func gathered(_ groups: [[Int]], source: String, into dir: URL, seed: Int? = nil) async throws -> GatherResult {
    let interpreter = PCXInterpreter(configuration: configuration(seed: seed))
    for group in groups {
      try await interpreter.runPoints(source: source, fileName: "sweep.pcx", scriptPath: script.path, points: group,
                                      directory: dir.appendingPathComponent("shards").path)
    }
    return try await interpreter.gather(source: source, fileName: "sweep.pcx",
                                        shards: ShardSet.load(directory: dir.appendingPathComponent("shards").path))
  }

  @Test func shardsGatheredGiveTheSerialOutputs() async throws {
    let source = try String(contentsOf: Self.script, encoding: .utf8)
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let serial = try await PCXInterpreter(configuration: Self.configuration()).run(source: source, fileName: "sweep.pcx")
    let serialOutputs = try Self.outputs(serial, dir.appendingPathComponent("serial"))
    let points = try PCXInterpreter(configuration: Self.configuration()).sweepPoints(source: source, fileName: "sweep.pcx")
    #expect(points.count == 12 && points[5].label == "width=32, trial=2")
    let gathered = try await Self.gathered([[11, 0, 5], [1, 2, 3, 4], [6, 7, 8, 9, 10]], source: source, into: dir)
    #expect(gathered.notes.isEmpty)
    SameAsSerial.expect(try Self.outputs(gathered.result, dir.appendingPathComponent("gathered")), equals: serialOutputs,
                        "shards in three groups")
    // the example's claim: PL* along every run, each 003 Thm 6 guarantee consistent
    let pl = serial.certificates.filter { $0.binding == "pl" }
    #expect(pl.count == 12 && pl.allSatisfy { $0.verdict == .holds && $0.guarantee?.check == .consistent })
    #expect(serial.runs.filter { $0.name == "run" }.allSatisfy { ($0.traces["loss"]?.last ?? .nan) < ($0.traces["loss"]?.first ?? .nan) })
  }

  /// Every example can run apart; two of other shapes (certificates at listed starts with a
  /// gradient flow; saddles of PCA) gather to their serial outputs too.
  @Test func everyExampleSplitsAndTwoMoreGatherToTheirSerialOutputs() async throws {
    let examples = Self.script.deletingLastPathComponent()
    let names = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".pcx") }.sorted()
    var c = InterpreterConfiguration()
    c.baseDirectory = examples.path
    let interpreter = PCXInterpreter(configuration: c)
    for name in names {
      let source = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
      #expect(throws: Never.self, "\(name)") { try interpreter.sweepPoints(source: source, fileName: name) }
    }
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for name in ["001-toy-criterion.pcx", "002-pca-saddles.pcx"] {
      let source = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
      let serial = try await interpreter.run(source: source, fileName: name)
      let shards = dir.appendingPathComponent(name).path
      let count = try interpreter.sweepPoints(source: source, fileName: name).count
      try await interpreter.runPoints(source: source, fileName: name, scriptPath: "/\(name)", points: Array(stride(from: 1, to: count, by: 2)), directory: shards)
      try await interpreter.runPoints(source: source, fileName: name, scriptPath: "/\(name)", points: Array(stride(from: 0, to: count, by: 2)), directory: shards)
      let gathered = try await interpreter.gather(source: source, fileName: name, shards: ShardSet.load(directory: shards))
      SameAsSerial.expect(try Self.outputs(gathered.result, dir.appendingPathComponent(name + ".g")),
                          equals: try Self.outputs(serial, dir.appendingPathComponent(name + ".s")), name)
    }
  }

  @Test func gatherRefusesMissingPointsAndShardsOfAnotherRun() async throws {
    let source = try String(contentsOf: Self.script, encoding: .utf8)
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let interpreter = PCXInterpreter(configuration: Self.configuration())
    let shards = dir.appendingPathComponent("shards").path
    try await interpreter.runPoints(source: source, fileName: "sweep.pcx", scriptPath: Self.script.path,
                                    points: [0, 1, 2, 4], directory: shards)
    await #expect(throws: GatherError.self) { try await interpreter.gather(source: source, shards: ShardSet.load(directory: shards)) }
    do {
      _ = try await interpreter.gather(source: source, fileName: "sweep.pcx", shards: ShardSet.load(directory: shards))
    } catch let e as GatherError {
      #expect(e.kind == .missing && e.message.hasPrefix("8 points of 12 have no shard in \(shards): 3,5-11\n"))
      #expect(e.message.contains("point 3 (width=16, trial=4)"))
    }
    // another seed: the shards disagree among themselves, and with this configuration
    try await PCXInterpreter(configuration: Self.configuration(seed: 9)).runPoints(
      source: source, fileName: "sweep.pcx", scriptPath: Self.script.path, points: [3], directory: shards)
    let set = try ShardSet.load(directory: shards)
    #expect(throws: GatherError.self) { try set.identity() }
    do { _ = try set.identity() } catch let e as GatherError {
      #expect(e.kind == .mismatched && e.message.contains("point-00003.json: was written with another seed (9, not 5)"))
    }
    do {
      _ = try await interpreter.gather(source: source, fileName: "sweep.pcx", shards: set)
      Issue.record("gather accepted a shard of seed 9")
    } catch let e as GatherError {
      #expect(e.kind == .mismatched && e.message.contains("point-00003.json: it was written with seed 9, not 5"))
    }
    // the script changed since the shards were written
    do {
      _ = try await interpreter.gather(source: source + "\n# changed\n", fileName: "sweep.pcx", shards: set)
      Issue.record("gather accepted shards of another version of the script")
    } catch let e as GatherError {
      #expect(e.kind == .mismatched && e.message.contains("(another script, or the script changed since)"))
    }
  }

  /// A failing point is recorded in its shard; gather lists it and gives the serial run's error.
  @Test func aFailingPointIsListedWithTheSerialRunsError() async throws {
    let source = """
      param x: real = 1.0
      objective f = (x - 2)^2
      sweep lr in [0.1, 5, 0.2, 7] {
        train t = gd(f, lr: lr, steps: 200)
      }

      """
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let interpreter = PCXInterpreter()
    var serialError: PCXError?
    do { _ = try await interpreter.run(source: source, fileName: "fails.pcx") } catch let e as PCXError { serialError = e }
    let expected = try #require(serialError)
    let reports = try await interpreter.runPoints(source: source, fileName: "fails.pcx", scriptPath: "/fails.pcx", directory: dir.path)
    #expect(reports.map { $0.error == nil } == [true, false, true, false])
    do {
      _ = try await interpreter.gather(source: source, fileName: "fails.pcx", shards: ShardSet.load(directory: dir.path))
      Issue.record("gather merged failed points")
    } catch let e as GatherError {
      #expect(e.kind == .failed && e.message.hasPrefix("2 points of 4 failed (1,3):\npoint 1 (lr=5): fails.pcx:4:3: error:"))
      #expect(e.firstFailure?.rendered() == expected.rendered())
    }
  }
}
