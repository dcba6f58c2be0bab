import PCXRuntime
import PCXSource

/// The checks `gather` makes before merging: every shard readable, of this script (same bytes),
/// seed, `--set` values and pcx version, one per point with the point's key, none missing and
/// none failed.
struct ShardCheck {
  let plan: SweepPlan
  let file: SourceFile
  let seed: Int
  let overrides: [String: String]

  /// The points' outcomes in order, or the `GatherError` that names what is wrong.
  func outcomes(_ set: ShardSet) throws -> [PointOutcome] {
    if !set.unreadable.isEmpty {
      let lines = set.unreadable.map { "\($0.file): \($0.reason)" }
      throw GatherError(.unreadable, "cannot read \(count(lines.count, "shard file")):\n" + lines.joined(separator: "\n"))
    }
    let sha = SHA256.hex(file.bytes)
    var problems: [String] = []
    for i in set.indices {
      guard let shard = set.shards[i] else { continue }
      let name = set.file(i) ?? Shard.fileName(i)
      if let problem = mismatch(shard, sha: sha) { problems.append("\(name): \(problem)") }
    }
    guard problems.isEmpty else {
      throw GatherError(.mismatched, "gather refuses shards that do not belong to this run of \(file.name):\n"
                        + problems.joined(separator: "\n"))
    }
    let missing = plan.points.indices.filter { set.shards[$0] == nil }
    guard missing.isEmpty else {
      let lines = missing.prefix(Self.listed).map { "point \($0) (\(plan.points[$0].label))" }
      throw GatherError(.missing, "\(count(missing.count, "point")) of \(plan.points.count) \(missing.count == 1 ? "has" : "have") no shard in \(set.directory): \(SweepPlan.listText(missing))\n"
                        + lines.joined(separator: "\n") + (missing.count > Self.listed ? "\n..." : ""))
    }
    let outcomes = plan.points.indices.compactMap { set.shards[$0]?.outcome }
    let failed = outcomes.filter { $0.error != nil }
    if let first = failed.first?.error {
      let lines = failed.prefix(Self.listed).map { o in "point \(o.index) (\(SweepPlan.label(o.key))): \(o.error?.description ?? "")" }
      throw GatherError(.failed, "\(count(failed.count, "point")) of \(plan.points.count) failed (\(SweepPlan.listText(failed.map(\.index)))):\n"
                        + lines.joined(separator: "\n") + (failed.count > Self.listed ? "\n..." : ""),
                        firstFailure: first.pcxError(file))
    }
    return outcomes
  }

  /// Points listed by name in a message; the rest are only counted (a sweep may have thousands).
  static let listed = 20

  /// Why a shard does not belong to this run, or nil.
  func mismatch(_ shard: Shard, sha: String) -> String? {
    let run = shard.run
    if run.scriptSHA256 != sha {
      return "it was written for \(run.script) with sha256 \(run.scriptSHA256.prefix(12))..., but \(file.name) now has sha256 \(sha.prefix(12))... (another script, or the script changed since)"
    }
    if run.seed != seed { return "it was written with seed \(run.seed), not \(seed)" }
    if run.overrides != overrides {
      return "it was written with --set \(ShardSet.text(run.overrides)), not \(ShardSet.text(overrides))"
    }
    if run.pcxVersion != PCXVersion.current {
      return "it was written by pcx \(run.pcxVersion), this is pcx \(PCXVersion.current)"
    }
    let index = shard.outcome.index
    guard run.pointCount == plan.points.count, plan.points.indices.contains(index) else {
      return "it is point \(index) of \(run.pointCount), but the script has \(plan.points.count) points"
    }
    let label = SweepPlan.label(shard.outcome.key)
    if label != plan.points[index].label {
      return "it is point \(index) with key \(label), but the script's point \(index) has key \(plan.points[index].label)"
    }
    return nil
  }

  private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
