import Foundation
import PCXRuntime

/// The shard files of one directory (`point-*.json`), read and checked: the shards that read
/// back, and each file that did not with the reason (truncated, corrupt, not a shard).
public struct ShardSet: Sendable {
  /// The directory read.
  public let directory: String
  /// Readable shards by point index.
  let shards: [Int: Shard]
  /// The file each shard came from, by point index.
  let files: [Int: String]
  /// Files that could not be read, with why.
  public let unreadable: [(file: String, reason: String)]

  /// Reads every `point-*.json` of `directory`. Throws only when the directory cannot be listed.
  public static func load(directory: String) throws -> ShardSet {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw GatherError(.unreadable, "cannot read the shard directory '\(directory)': it does not exist or is not a directory")
    }
    var shards: [Int: Shard] = [:], files: [Int: String] = [:], unreadable: [(String, String)] = []
    for name in names.sorted() where name.hasPrefix("point-") && name.hasSuffix(".json") {
      let path = (directory as NSString).appendingPathComponent(name)
      do {
        guard let data = FileManager.default.contents(atPath: path) else { throw RuntimeError(.io, "the file cannot be read") }
        let shard = try Shard.decode(data)
        if let other = files[shard.outcome.index] {
          unreadable.append((path, "it holds point \(shard.outcome.index), as \(other) does"))
          continue
        }
        shards[shard.outcome.index] = shard
        files[shard.outcome.index] = path
      } catch let e as RuntimeError {
        unreadable.append((path, e.description))
      }
    }
    return ShardSet(directory: directory, shards: shards, files: files, unreadable: unreadable)
  }

  /// Point indices with a shard.
  public var indices: [Int] { shards.keys.sorted() }
  /// Indices of points whose shard records an error.
  public var failed: [Int] { indices.filter { shards[$0]?.outcome.error != nil } }
  /// Indices of points whose shard completed.
  public var done: [Int] { indices.filter { shards[$0]?.outcome.error == nil } }

  /// What identifies the run the shards belong to; they must all agree on it.
  public typealias Identity = ShardRun

  /// The shards' common identity. Throws `GatherError` naming the files that disagree (another
  /// script, seed, `--set`, pcx version or point count) or when there is no shard at all.
  public func identity() throws -> Identity {
    let all = indices.compactMap { i in shards[i].map { (files[i] ?? "", $0.run) } }
    guard let reference = all.first else {
      throw GatherError(.missing, "no shard in '\(directory)' (no readable point-*.json file)")
    }
    let odd = all.dropFirst().filter { $0.1 != reference.1 }
    guard odd.isEmpty else {
      let lines = odd.map { "\($0.0): \(Self.difference($0.1, reference.1)) than \(reference.0)" }
      throw GatherError(.mismatched, "the shards belong to different runs:\n" + lines.joined(separator: "\n"))
    }
    return reference.1
  }

  /// What differs, in words: `another seed (3, not 1)`.
  static func difference(_ a: Identity, _ b: Identity) -> String {
    if a.scriptSHA256 != b.scriptSHA256 {
      return "was written for another script or another version of it (\(a.script), sha256 \(a.scriptSHA256.prefix(12))..., not \(b.scriptSHA256.prefix(12))...)"
    }
    if a.seed != b.seed { return "was written with another seed (\(a.seed), not \(b.seed))" }
    if a.overrides != b.overrides {
      return "was written with other --set values (\(Self.text(a.overrides)), not \(Self.text(b.overrides)))"
    }
    if a.pcxVersion != b.pcxVersion { return "was written by another pcx (\(a.pcxVersion), not \(b.pcxVersion))" }
    return "was written for \(a.pointCount) points, not \(b.pointCount),"
  }

  /// `--set` values as text (`n=256, lr=0.1`, or `none`).
  static func text(_ overrides: [String: String]) -> String {
    overrides.isEmpty ? "none" : overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
  }

  /// The file of point `index`'s shard.
  public func file(_ index: Int) -> String? { files[index] }
}

/// Why shards could not be gathered: unreadable files, shards of different runs, missing or
/// failed points. The message names the files and points concerned, one per line.
public struct GatherError: Error, Sendable, CustomStringConvertible {
  /// What kind of problem.
  public enum Kind: String, Sendable {
    /// A shard file is truncated, corrupt or not a shard (or the directory cannot be read).
    case unreadable
    /// Shards of another script, seed, `--set`, pcx version, or a script that changed since.
    case mismatched
    /// Points without a shard.
    case missing
    /// Points whose shard records an error.
    case failed
  }

  /// What kind of problem.
  public let kind: Kind
  /// What is wrong, naming files and points.
  public let message: String
  /// For failed points: the first one's error, as a serial run would have reported it.
  public let firstFailure: PCXError?

  /// An error of `kind`.
  public init(_ kind: Kind, _ message: String, firstFailure: PCXError? = nil) {
    self.kind = kind
    self.message = message
    self.firstFailure = firstFailure
  }

  /// The message.
  public var description: String { message }
}
