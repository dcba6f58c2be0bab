import Foundation
import PCXNumerics

/// Names in scope while a script runs, the params in declaration order, the sweep key, and where
/// files may be read: everything an expression needs to be evaluated (`Environment+Evaluate`).
struct Environment: Sendable {
  let root: RandomStream
  let reads: ReadPolicy
  var values: [String: Value] = [:]
  var params: [ParamDecl] = []
  var key: [(String, Double)] = []

  init(root: RandomStream, reads: ReadPolicy) {
    self.root = root
    self.reads = reads
  }

  /// The stream of a declaration (SPEC §2.3), keyed also by the sweep values so that each value
  /// of a sweep draws its own numbers.
  func stream(_ name: String) -> RandomStream {
    var s = root.stream(named: name)
    for (k, v) in key { s = s.stream(named: "\(k)=\(v)") }
    return s
  }

  /// The sweep key as text, for matching runs and certificates of the same sweep point.
  var keyText: String { "\(key)" }
}

/// A declared `param`.
struct ParamDecl: Sendable {
  let name: String
  let initial: Tensor
  let onSphere: Bool
}

/// Where a script may read files: relative paths resolve against `baseDirectory`; paths outside
/// it are refused unless the host allows them (the CLI does; embedders choose).
struct ReadPolicy: Sendable {
  let baseDirectory: String
  let allowsOutside: Bool

  /// The full path of `path`, or an `.io` error when the policy refuses it.
  func resolve(_ path: String) throws -> String {
    let full = path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    if !allowsOutside, !PathContainment.contains(baseDirectory, full) {
      throw RuntimeError(.io, "reading '\(path)' is refused: it is outside the base directory '\(baseDirectory)'",
                         hint: "the host does not allow reads outside it")
    }
    return full
  }
}
