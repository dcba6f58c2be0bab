import Foundation

/// The failure to find or start the built `pcx` binary.
public struct PCXBinaryError: Error, CustomStringConvertible {
  /// What went wrong, with where it looked.
  public let description: String
}

/// The built `pcx` binary: next to the test bundle, else in the package's `.build*/debug`.
public func pcxBinary() throws -> String {
  var candidates: [String] = []
  let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
  var dir = executable.deletingLastPathComponent()
  for _ in 0..<4 {
    candidates.append(dir.appendingPathComponent("pcx").path)
    dir = dir.deletingLastPathComponent()
  }
  let root = Repository.root
  let builds = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.filter { $0.hasPrefix(".build") } ?? []
  candidates += builds.sorted().map { root.appendingPathComponent($0).appendingPathComponent("debug/pcx").path }
  guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest") }) else {
    throw PCXBinaryError(description: "no built pcx binary found; run `swift build` first (looked in \(candidates))")
  }
  return found
}

/// Runs `pcx` with `arguments` in `directory` (stdin from `input`, if given; `environment`
/// added to this process's): exit status, stdout and stderr.
public func runPCX(
  _ arguments: [String], input: String? = nil, directory: String = FileManager.default.currentDirectoryPath,
  environment: [String: String] = [:]
) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: try pcxBinary())
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  if let input {
    let path = (directory as NSString).appendingPathComponent("stdin-\(UUID().uuidString).txt")
    try Data(input.utf8).write(to: URL(fileURLWithPath: path))
    process.standardInput = FileHandle(forReadingAtPath: path)
  }
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
