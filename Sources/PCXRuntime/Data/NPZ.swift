import PCXNumerics

/// NumPy `.npz` archives: zip files of `.npy` members, from `np.savez` (stored) or
/// `np.savez_compressed` (deflated, inflated by pcx's own RFC 1951 decoder).
public enum NPZ {
  /// The arrays in the archive at `path`, keyed by member name without `.npy` (as `np.load` does).
  public static func read(path: String, displayName: String? = nil) throws -> [String: Tensor] {
    let name = displayName ?? path
    return try read(data: try DataFiles.readBytes(path, displayName: name), name: name)
  }

  /// The arrays in the archive `data`; `name` is the file named in messages.
  public static func read(data: [UInt8], name: String) throws -> [String: Tensor] {
    let members: [ZipMember]
    do {
      members = try ZipArchive.members(data)
    } catch let e as ZipArchive.Failure {
      throw RuntimeError(.data, "\(name): not a readable .npz archive: \(e.message)", hint: "write it with np.savez")
    }
    var out: [String: Tensor] = [:]
    for member in members where !member.name.hasSuffix("/") {
      guard member.name.hasSuffix(".npy") else {
        throw RuntimeError(.data, "\(name): member '\(member.name)' is not a .npy array")
      }
      let bytes: [UInt8]
      do {
        bytes = try ZipArchive.contents(of: member, in: data)
      } catch let e as ZipArchive.Failure {
        throw RuntimeError(.data, "\(name): member '\(member.name)': \(e.message)")
      }
      out[String(member.name.dropLast(4))] = try NPY.read(data: bytes, name: "\(name)[\(member.name)]")
    }
    return out
  }
}
