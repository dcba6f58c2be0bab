import Foundation

/// Whether a path lies inside a directory, after `..`, `.` and symbolic links are resolved:
/// the test behind the read and write policies of embedding hosts.
public enum PathContainment {
  /// The absolute, standardized form of `path` (relative paths against the current directory).
  public static func normalized(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// True when `path` is `directory` itself or below it.
  public static func contains(_ directory: String, _ path: String) -> Bool {
    let dir = normalized(directory), full = normalized(path)
    return full == dir || full.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/")
  }
}
