import Foundation
import PCX
import Testing

/// `pcx run --jobs`, `--points ... --shard-out` and `pcx gather` end to end with the built
/// binary, each compared with `pcx run` of the same script (SameAsSerial).
@Suite("Scale-out: pcx run --jobs, shards and pcx gather")
struct ScaleOutCLITests {
  /// A fresh directory, or nil after recording that the binary is missing.
  static func workspace() throws -> URL? {
    guard PCXBinary.url != nil else {
      Issue.record("the pcx binary was not found next to the test bundle (\(CommandLine.arguments.first ?? "?"))")
      return nil
    }
    return try temporaryDirectory()
  }

  static func serial(in root: URL) throws -> RunOutputs {
    let dir = root.appendingPathComponent("serial")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try PCXBinary.outputs([], in: dir).0
  }

  @Test func jobsGiveTheSerialOutputs() throws {
    guard let root = try Self.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let serial = try Self.serial(in: root)
    for jobs in ["2", "5"] {
      let dir = root.appendingPathComponent("jobs\(jobs)")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      let (outputs, err) = try PCXBinary.outputs(["--jobs", jobs], in: dir)
      SameAsSerial.expect(outputs, equals: serial, "--jobs \(jobs)")
      #expect(err.contains("pcx: 12 sweep points in \(jobs) processes: 12 done, 0 failed"), "\(err)")
    }
  }

  @Test func shardsFromSeveralRunsGatherToTheSerialOutputs() throws {
    guard let root = try Self.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let serial = try Self.serial(in: root)
    let script = PCXBinary.sweep.path
    let first = try PCXBinary.run(["run", script, "--points", "0-3,11", "--shard-out", "shards"], in: root)
    #expect(first.status == 0 && first.out.hasPrefix("point 0 (width=16, trial=1): done in "), "\(first)")
    #expect(try PCXBinary.run(["run", script, "--points", "4-10", "--shard-out", "shards", "--jobs", "2"], in: root).status == 0)
    let gathered = try PCXBinary.run(["gather", "shards", "--out", "out"], in: root)
    #expect(gathered.status == 0, "\(gathered.err)")
    SameAsSerial.expect(try RunOutputs(directory: root.appendingPathComponent("out"), report: gathered.out), equals: serial,
                        "shards of three runs")
    // points that do not exist, or without a directory
    #expect(try PCXBinary.run(["run", script, "--points", "12", "--shard-out", "x"], in: root).status == 64)
    #expect(try PCXBinary.run(["run", script, "--points", "1"], in: root).status == 64)
  }

  /// Truncated, corrupt and foreign shards are refused by name; a changed script is refused.
  @Test func gatherRefusesDamagedAndForeignShards() throws {
    guard let root = try Self.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let script = root.appendingPathComponent("sweep.pcx")
    try FileManager.default.copyItem(at: PCXBinary.sweep, to: script)
    #expect(try PCXBinary.run(["run", "sweep.pcx", "--shard-out", "shards"], in: root).status == 0)
    let shards = root.appendingPathComponent("shards")
    let three = shards.appendingPathComponent("point-00003.json"), seven = shards.appendingPathComponent("point-00007.json")
    let original3 = try Data(contentsOf: three), original7 = try Data(contentsOf: seven)
    try original3.prefix(original3.count / 3).write(to: three)
    try Data(String(decoding: original7, as: UTF8.self).replacingOccurrences(of: "\"holds\"", with: "\"violated\"").utf8).write(to: seven)
    let damaged = try PCXBinary.run(["gather", "shards"], in: root)
    #expect(damaged.status == 65)
    #expect(damaged.err.contains("cannot read 2 shard files:"), "\(damaged.err)")
    #expect(damaged.err.contains("shards/point-00003.json: the file is truncated or corrupt"), "\(damaged.err)")
    #expect(damaged.err.contains("shards/point-00007.json: the file is truncated or corrupt"), "\(damaged.err)")
    try original3.write(to: three)
    try original7.write(to: seven)
    // a shard of another seed
    #expect(try PCXBinary.run(["run", "sweep.pcx", "--points", "2", "--seed", "8", "--shard-out", "other"], in: root).status == 0)
    let foreign = shards.appendingPathComponent("point-00002.json")
    try FileManager.default.removeItem(at: foreign)
    try FileManager.default.copyItem(at: root.appendingPathComponent("other/point-00002.json"), to: foreign)
    let mixed = try PCXBinary.run(["gather", "shards"], in: root)
    #expect(mixed.status == 65 && mixed.err.contains("point-00002.json: was written with another seed (8, not 5)"), "\(mixed.err)")
    // the script changed since the shards were written
    try FileManager.default.removeItem(at: foreign)
    #expect(try PCXBinary.run(["run", "sweep.pcx", "--points", "2", "--shard-out", "shards"], in: root).status == 0)
    try (try Data(contentsOf: script) + Data("# edited\n".utf8)).write(to: script)
    let changed = try PCXBinary.run(["gather", "shards"], in: root)
    #expect(changed.status == 65 && changed.err.contains("(another script, or the script changed since)"), "\(changed.err)")
  }

  /// `--jobs` with a failing point: every point runs, then the run stops with the serial run's
  /// error after the list of failed points, and writes nothing.
  @Test func jobsWithAFailingPointStopWithTheSerialError() throws {
    guard let root = try Self.workspace() else { return }
    defer { try? FileManager.default.removeItem(at: root) }
    let script = root.appendingPathComponent("fails.pcx")
    try Data("param x: real = 1.0\nobjective f = (x - 2)^2\nsweep lr in [0.1, 5, 0.2] {\n  train t = gd(f, lr: lr, steps: 200)\n}\n".utf8)
      .write(to: script)
    let serial = try PCXBinary.run(["run", "fails.pcx", "--out", "a"], in: root)
    let jobs = try PCXBinary.run(["run", "fails.pcx", "--out", "b", "--jobs", "2"], in: root)
    #expect(serial.status == 65 && jobs.status == 65)
    #expect(jobs.err.contains("pcx: 3 sweep points in 2 processes: 2 done, 1 failed"), "\(jobs.err)")
    #expect(jobs.err.contains("error: 1 point of 3 failed (1):\npoint 1 (lr=5): fails.pcx:4:3: error: "), "\(jobs.err)")
    #expect(jobs.err.hasSuffix(serial.err), "the serial run's error ends the message: \(jobs.err) / \(serial.err)")
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("b/results.json").path))
  }
}
