import Foundation

/// Places in the repository the tests read, found from this file's path (tests run from any
/// directory).
public enum Repository {
  /// The package root.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// `Tests/cases`: the annotated corpus and its data files.
  public static let cases = root.appendingPathComponent("Tests/cases")
  /// `examples/`: the example scripts and their data.
  public static let examples = root.appendingPathComponent("examples")
  /// `docs/`.
  public static let docs = root.appendingPathComponent("docs")
  /// `Sources/`.
  public static let sources = root.appendingPathComponent("Sources")
}

/// A fresh, empty directory under the system's temporary directory, named `<prefix>-<UUID>`
/// so concurrent tests never share one. The caller removes it.
public func temporaryDirectory(prefix: String = "pcx-test") throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

/// The OpenBLAS thread count the suite runs with: `OPENBLAS_NUM_THREADS` as the Makefile pins
/// it (2 when unset). A test that changes the process-wide count restores this one.
public var pinnedBLASThreads: Int {
  ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) } ?? 2
}
