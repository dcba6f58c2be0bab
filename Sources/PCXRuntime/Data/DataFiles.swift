import Foundation

/// Data file paths and whole-file reads and writes.
public enum DataFiles {
  /// `path` resolved against `base`, the directory of the script that names it: absolute paths
  /// are kept, relative ones joined to `base` (a leading `./` dropped).
  public static func resolve(_ path: String, base: String) -> String {
    if path.hasPrefix("/") || base.isEmpty { return path }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return base.hasSuffix("/") ? base + relative : base + "/" + relative
  }

  /// The bytes of the file at `path`; `.io` errors name it `displayName`.
  public static func readBytes(_ path: String, displayName: String? = nil) throws -> [UInt8] {
    let name = displayName ?? path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      let looked = name == path ? "" : " (looked for \(path))"
      throw RuntimeError(.io, "\(name): no such file\(looked)", hint: relativeHint(name))
    }
    guard !isDirectory.boolValue else {
      throw RuntimeError(.io, "\(name) is a directory, not a file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RuntimeError(.io, "\(name): the file cannot be read (permissions?)")
    }
    return [UInt8](data)
  }

  /// Writes `bytes` to `path`, replacing any file there.
  public static func writeBytes(_ bytes: [UInt8], to path: String) throws {
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path))
    } catch {
      throw RuntimeError(.io, "\(path): cannot write the file (\(error.localizedDescription))")
    }
  }

  /// A hint for a missing file named by a relative path.
  private static func relativeHint(_ path: String) -> String? {
    path.hasPrefix("/") ? nil : "relative paths are resolved against the script's directory"
  }
}
