import Foundation
import PCX
import PCXSema
import PCXSource
import Testing
@testable import PCXRuntime

/// Points run apart (each in its own interpreter, as in its own process), written to shards,
/// read back and gathered: the serial run's document and plots.
@Suite("Sweep points: run apart, shards, gather")
struct SweepPointsTests {
  /// Top-level outputs before, between and after the sweeps; plots over steps, over the sweep
  /// (one series extended by every point) and a top-level plot into the same file.
  static let script = """
    seed 3
    param x: real = 0.5
    objective f = (x - 2)^2
    train first = gd(f, lr: 0.1, steps: 20)
    report first.final_loss
    plot first.loss to "loss.svg"
    sweep w in [0.05, 0.1] {
      sweep k in [1, 2, 3] {
        param z: vector[3]
        objective g = norm(z - k)^2
        train t = gd(g, lr: w, steps: 10 * k)
        certify c = pl(g, on: t)
        report t.final_loss, c.verdict
        plot t.loss to "loss.svg"
        plot t.final_loss vs k to "final.svg"
      }
      report w
    }
    train last = gd(f, lr: 0.2, steps: 5)
    plot last.final_loss vs first.final_loss to "final.svg"

    """

  /// The serial run's document (without timing) and plot files.
  static func serial(_ text: String) throws -> (ResultsDocument, [String: Data]) {
    let (program, file) = try checkedProgram(text)
    var interpreter = Interpreter(program: program, source: file, options: RunOptions())
    let e = try interpreter.run()
    let d = e.document(version: "t", scriptSHA256: "s", commandLine: [], totalSeconds: 0).withoutTiming()
    return (d, files(d, e))
  }

  static func files(_ d: ResultsDocument, _ e: Experiment) -> [String: Data] {
    Dictionary((try? RunCommand.outputs(d, e))?.map { ($0.name, $0.bytes) } ?? []) { a, _ in a }
  }

  /// Runs each group of points in its own interpreter, through a shard file's bytes.
  static func shards(_ text: String, groups: [[Int]]) throws -> [PointOutcome] {
    let (program, file) = try checkedProgram(text)
    let plan = SweepPlan(program)
    var outcomes: [PointOutcome] = []
    for group in groups {
      var interpreter = Interpreter(program: program, source: file, options: RunOptions())
      try interpreter.runPoints(plan, group) { outcome in
        let shard = Shard(run: ShardRun(script: "s.pcx", scriptPath: "/s.pcx", scriptSHA256: "s", seed: 3, overrides: [:],
                                        pointCount: plan.points.count, pcxVersion: "t"), outcome: outcome)
        outcomes.append(try Shard.decode(shard.encoded()).outcome)
      }
    }
    return outcomes
  }

  static func gathered(_ text: String, _ outcomes: [PointOutcome]) throws -> (ResultsDocument, [String: Data]) {
    let (program, file) = try checkedProgram(text)
    var interpreter = Interpreter(program: program, source: file, options: RunOptions())
    let g = try interpreter.gather(outcomes)
    let d = g.document(version: "t", scriptSHA256: "s", commandLine: [], totalSeconds: 0).withoutTiming()
    return (d, files(d, g.experiment))
  }

  @Test func gatheredShardsGiveTheSerialDocumentAndPlots() throws {
    let (serialDocument, serialFiles) = try Self.serial(Self.script)
    for groups in [[[0, 1, 2, 3, 4, 5]], [[5], [0, 2, 4], [3, 1]], (0..<6).map { [$0] }] {
      let (document, files) = try Self.gathered(Self.script, try Self.shards(Self.script, groups: groups))
      #expect(try document.encoded() == serialDocument.encoded(), "groups \(groups)")
      #expect(files.keys.sorted() == serialFiles.keys.sorted())
      for (name, bytes) in serialFiles { #expect(files[name] == bytes, "\(name), groups \(groups)") }
    }
    #expect(serialDocument.runs.map(\.name) == ["first"] + Array(repeating: "t", count: 6) + ["last"])
    #expect(serialFiles["final.svg"] != nil && serialFiles["loss.svg"] != nil)
  }

  /// A point that fails is handed over with its error and the others run; gather stops where the
  /// serial run stops, with its error.
  @Test func aFailingPointIsRecordedAndStopsTheGatherLikeTheSerialRun() throws {
    let text = """
      param x: real = 1.0
      objective f = (x - 2)^2
      sweep lr in [0.1, 5, 0.2] {
        train t = gd(f, lr: lr, steps: 200)
        report t.final_loss
      }

      """
    let (program, file) = try checkedProgram(text)
    var serial = Interpreter(program: program, source: file, options: RunOptions())
    var serialError: ScriptError?
    do { _ = try serial.run() } catch let e as ScriptError { serialError = e }
    let expected = try #require(serialError)
    let outcomes = try Self.shards(text, groups: [[0, 1, 2]])
    #expect(outcomes.map { $0.error == nil } == [true, false, true])
    #expect(outcomes[1].error?.description == expected.description)
    #expect(outcomes[1].error?.span == expected.span)
    #expect(throws: ScriptError.self) { try Self.gathered(text, outcomes) }
    do { _ = try Self.gathered(text, outcomes) } catch let e as ScriptError { #expect(e.description == expected.description) }
  }

  /// A failing statement outside the sweeps that no point reads does not stop the points (gather
  /// runs it and fails as the serial run does); one that a point reads fails every point.
  @Test func outsideFailuresReachOnlyThePointsThatReadThem() throws {
    let diverging = """
      param x: real = 1.0
      objective f = (x - 2)^2
      train boom = gd(f, lr: 5, steps: 200)
      sweep k in [1, 2] {
        report k
      }

      """
    #expect(try Self.shards(diverging, groups: [[0, 1]]).allSatisfy { $0.error == nil })
    #expect(throws: ScriptError.self) { try Self.gathered(diverging, try Self.shards(diverging, groups: [[0, 1]])) }
    let read = diverging.replacingOccurrences(of: "report k", with: "report k + boom.final_loss")
    let failed = try Self.shards(read, groups: [[1, 0]])
    #expect(failed.count == 2 && failed.allSatisfy { $0.error?.span.line == 3 })
  }

  @Test func shardsReadBackBitForBitAndRefuseDamage() throws {
    var outcome = PointOutcome(index: 4, key: [("w", 0.1), ("k", .nan)])
    outcome.plotOps = [
      .series(path: "a.svg", title: "t", xLabel: "x", yLabel: "y", versus: true, extendsLast: true, name: "n",
              x: [1, -0.0, .infinity], y: [.nan, -.infinity, 1e-310]),
      .field(path: "r.svg", FieldPlot(xs: [0, 1], ys: [0, 1], values: [[.nan, 1], [2, .infinity]], contours: [0.5],
                                      region: [[true, false], [false, true]], overlays: [Series(name: "o", x: [0, 1], y: [1, 0])])),
    ]
    outcome.error = ScriptError(span: SourceSpan(file: "s.pcx", start: 3, end: 9, line: 2, column: 4),
                                error: RuntimeError(.numerics, "it diverged", hint: "lower lr"))
    let shard = Shard(run: ShardRun(script: "s.pcx", scriptPath: "/p/s.pcx", scriptSHA256: "abc", seed: 7,
                                    overrides: ["n": "3"], pointCount: 9, pcxVersion: "v"), outcome: outcome)
    let bytes = shard.encoded()
    let back = try Shard.decode(bytes)
    #expect(back.outcome.plotOps.count == 2)
    for (a, b) in zip(back.outcome.plotOps, outcome.plotOps) {
      #expect(PlotOp.json(a).serialized() == PlotOp.json(b).serialized())
    }
    if case .series(_, _, _, _, _, _, _, let x, let y) = back.outcome.plotOps[0] {
      #expect(x[1].sign == .minus && x[2] == .infinity && y[0].isNaN && y[1] == -.infinity && y[2] == 1e-310)
    }
    #expect(back.outcome.error?.description == outcome.error?.description && back.outcome.error?.span == outcome.error?.span)
    #expect(back.run == shard.run && back.outcome.key[1].1.isNaN)
    #expect(back.encoded() == bytes)
    // a changed byte, a truncation, an empty file, another file
    var flipped = bytes
    if let i = flipped.lastIndex(of: UInt8(ascii: "7")) { flipped[i] = UInt8(ascii: "8") }
    for (damaged, words) in [(flipped, "checksum does not match"), (bytes.prefix(bytes.count / 2), "truncated"),
                             (Data(), "empty"), (Data("{}".utf8), "no checksum")] {
      #expect(throws: RuntimeError.self) { try Shard.decode(Data(damaged)) }
      do { _ = try Shard.decode(Data(damaged)) } catch let e as RuntimeError { #expect(e.message.contains(words), "\(e.message)") }
    }
  }

  /// The results document writes infinities as null; a shard holding one says it is not exact.
  @Test func aShardWithAnInfiniteNumberSaysItIsNotExact() {
    var outcome = PointOutcome(index: 0, key: [])
    outcome.runs = [RunRecord(name: "r", optimizer: "gd", steps: 1, finalLoss: 1, status: .completed, lossConvention: "c",
                              traces: ["loss": [2, 1]])]
    let run = ShardRun(script: "s", scriptPath: "/s", scriptSHA256: "x", seed: 0, overrides: [:], pointCount: 1, pcxVersion: "v")
    let exact = Shard(run: run, outcome: outcome)
    #expect(exact.exact)
    outcome.runs[0].traces["loss"] = [.infinity, 1]
    let inexact = Shard(run: run, outcome: outcome)
    #expect(!inexact.exact)
  }
}

extension PlotOp {
  /// The change's JSON (for comparing changes that hold NaN).
  static func json(_ op: PlotOp) -> JSONValue { op.json }
}
