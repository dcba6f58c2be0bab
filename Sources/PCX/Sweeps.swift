import Foundation
import PCXRuntime
import PCXSema
import PCXSource

/// One sweep point of a script (see `PCXInterpreter.sweepPoints`).
public struct SweepPoint: Sendable, Equatable {
  /// Its position, 0-based, in the order a serial run reaches it.
  public let index: Int
  /// Its sweep values as text, `width=16, trial=3`.
  public let label: String
}

/// How one point run by `PCXInterpreter.runPoints` ended.
public struct PointReport: Sendable {
  /// The point.
  public let point: SweepPoint
  /// The shard file written.
  public let file: String
  /// Wall-clock seconds of the point's block.
  public let seconds: Double
  /// The error that stopped it (recorded in its shard too), or nil.
  public let error: PCXError?
}

extension PCXInterpreter {
  /// The sweep points of `source`: the values of its innermost sweep blocks, in serial order.
  /// Throws `PCXError` when the script has errors or its points cannot run apart (a lookup
  /// through the results could reach from one point into another, see docs/cluster.md).
  public func sweepPoints(source: String, fileName: String = "script.pcx") throws -> [SweepPoint] {
    let file = SourceFile(name: fileName, text: source)
    let (program, _) = try checked(file)
    if let problem = SweepPlan.independenceProblem(program) { throw problem.pcxError(file) }
    return SweepPlan(program).points.map { SweepPoint(index: $0.index, label: $0.label) }
  }

  /// Runs the points `points` (every point when nil) of `source` and writes one shard per point
  /// into `directory` (`point-00003.json`), calling `onPoint` as each finishes. A failing point
  /// is written with its error and the others still run. `scriptPath` is where `gather` will
  /// read the script. Throws `PCXError` for a script with errors or whose points are not
  /// independent, and for a shard that cannot be written.
  @discardableResult
  public func runPoints(
    source: String, fileName: String = "script.pcx", scriptPath: String, points: [Int]? = nil, directory: String,
    onPoint: (@Sendable (PointReport) -> Void)? = nil
  ) async throws -> [PointReport] {
    let file = SourceFile(name: fileName, text: source)
    let (program, _) = try checked(file)
    let plan = SweepPlan(program)
    if let problem = SweepPlan.independenceProblem(program) { throw problem.pcxError(file) }
    let selection = points ?? Array(plan.points.indices)
    if let bad = selection.first(where: { !plan.points.indices.contains($0) }) {
      throw PCXError(.invalidScript, message: "point \(bad) does not exist: the script has \(plan.points.count) points")
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw PCXError(.writeFailed, message: "cannot create the shard directory '\(directory)': \(error.localizedDescription)")
    }
    let configuration = configuration
    let flag = CancellationFlag()
    let outcome: Result<[PointReport], PCXError> = await offloaded(flag) {
      var reports: [PointReport] = []
      var interpreter = Interpreter(program: program, source: file, options: configuration.runOptions, isCancelled: { flag.isSet })
      do {
        try interpreter.runPoints(plan, selection) { outcome in
          let run = ShardRun(
            script: fileName, scriptPath: scriptPath, scriptSHA256: SHA256.hex(file.bytes), seed: configuration.seed ?? program.seed,
            overrides: configuration.overrides, pointCount: plan.points.count, pcxVersion: PCXVersion.current)
          let shard = Shard(run: run, outcome: outcome)
          let path = (directory as NSString).appendingPathComponent(Shard.fileName(outcome.index))
          try shard.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
          let report = PointReport(point: SweepPoint(index: outcome.index, label: SweepPlan.label(outcome.key)), file: path,
                                   seconds: outcome.seconds, error: outcome.error.map { $0.pcxError(file) })
          reports.append(report)
          onPoint?(report)
        }
      } catch {
        return .failure(PCXError(.writeFailed, message: "cannot write a shard into '\(directory)': \(error.localizedDescription)"))
      }
      return .success(reports)
    }
    return try outcome.get()
  }

  /// Merges the shards of `shards` into the results a serial run of `source` gives: runs the
  /// statements outside the innermost sweep blocks and splices each point's results in where its
  /// block would have run. The configuration's seed and `--set` values must be the shards'.
  /// Throws `GatherError` for shards of another script, seed or `--set`, unreadable shards,
  /// missing points and failed points (the first one's error as the serial run reports it), and
  /// `PCXError` for a script with errors or a statement outside the sweeps that fails.
  public func gather(source: String, fileName: String = "script.pcx", shards: ShardSet) async throws -> GatherResult {
    let started = Date()
    let file = SourceFile(name: fileName, text: source)
    let (program, warnings) = try checked(file)
    let plan = SweepPlan(program)
    if let problem = SweepPlan.independenceProblem(program) { throw problem.pcxError(file) }
    let outcomes = try ShardCheck(plan: plan, file: file, seed: configuration.seed ?? program.seed,
                                  overrides: configuration.overrides).outcomes(shards)
    let configuration = configuration
    let flag = CancellationFlag()
    let gathered: Result<GatheredResults, PCXError> = await offloaded(flag) {
      var interpreter = Interpreter(program: program, source: file, options: configuration.runOptions, isCancelled: { flag.isSet })
      do {
        return .success(try interpreter.gather(outcomes))
      } catch let e as ScriptError {
        return .failure(e.pcxError(file))
      } catch {
        return .failure(PCXError(.internalError, message: "\(error)"))
      }
    }
    let merged = try gathered.get()
    let pointSeconds = outcomes.reduce(0) { $0 + $1.seconds }
    let document = merged.document(
      version: PCXVersion.current, scriptSHA256: SHA256.hex(file.bytes), commandLine: configuration.commandLine,
      totalSeconds: Date().timeIntervalSince(started) + pointSeconds)
    let result = RunResult(document: document, status: .completed, experiment: merged.experiment,
                           warnings: DiagnosticBundle(file: file, set: warnings).diagnostics, policy: WritePolicy(configuration))
    let inexact = shards.indices.filter { shards.shards[$0]?.exact == false }.map { i in
      "point \(i) (\(plan.points[i].label)) holds an infinite number, which its shard writes as null: the report and CSVs print nan there where a serial run prints inf"
    }
    return GatherResult(result: result, notes: inexact)
  }

  /// The checked program and its warnings, or the `PCXError` `run` throws for a bad script.
  func checked(_ file: SourceFile) throws -> (TypedProgram, DiagnosticSet) {
    let checker = ScriptChecker(configuration: configuration)
    let (result, diagnostics) = checker.check(file)
    if diagnostics.containsError { throw checker.error(file, result, diagnostics) }
    return (result.typed, diagnostics)
  }
}

/// What `gather` merged: the results, as `run` returns them, and notes for the user.
public struct GatherResult: Sendable {
  /// The merged results (document, report, plots).
  public let result: RunResult
  /// Things the user should know (a point whose infinite values the shard could not carry).
  public let notes: [String]
}

extension SweepPoint {
  /// Parses a point list such as `3,7-9` for a script of `count` points: the sorted indices, or
  /// a `PCXError` saying what is wrong with the list.
  public static func parseList(_ text: String, count: Int) throws -> [Int] {
    do {
      return try SweepPlan.parseList(text, count: count)
    } catch let e as RuntimeError {
      throw PCXError(.invalidScript, message: e.description)
    }
  }

  /// Indices in their shortest list form, `3,7-9`.
  public static func listText(_ indices: [Int]) -> String { SweepPlan.listText(indices) }
}

/// The digest results and shards record for a script.
public enum ScriptDigest {
  /// SHA-256 of `bytes`, lowercase hex (`script_sha256`).
  public static func sha256(_ bytes: Data) -> String { SHA256.hex(Array(bytes)) }
}
