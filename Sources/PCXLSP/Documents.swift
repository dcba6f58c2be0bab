import Foundation
import PCXSource

/// An open document: its text as bytes (spans are byte offsets) and the client's version.
struct Document {
  let uri: String
  var version: Int
  var bytes: [UInt8]

  /// The text as a source file named by its path (or URI), for the front end.
  var sourceFile: SourceFile { SourceFile(name: DocumentPaths.displayName(uri), bytes: bytes) }

  /// Applies one change: the whole text, or a range replaced (positions in `encoding`).
  mutating func apply(_ change: ContentChange, encoding: PositionEncoding) {
    guard let range = change.range else {
      bytes = Array(change.text.utf8)
      return
    }
    let lines = LineIndex(file: SourceFile(name: uri, bytes: bytes), encoding: encoding)
    let start = lines.offset(of: range.start)
    let end = max(start, lines.offset(of: range.end))
    bytes.replaceSubrange(start..<end, with: Array(change.text.utf8))
  }
}

/// File paths of document URIs: diagnostics name the path, and data files in `csv("...")`
/// are read and completed relative to the script's directory.
enum DocumentPaths {
  /// The local path of a `file:` URI, nil for other schemes (`untitled:`).
  static func path(_ uri: String) -> String? {
    guard let url = URL(string: uri), url.isFileURL else { return nil }
    return url.path
  }

  /// The directory relative paths resolve against, nil for documents that are not files.
  static func directory(_ uri: String) -> String? {
    guard let path = path(uri) else { return nil }
    let directory = (path as NSString).deletingLastPathComponent
    return directory.isEmpty ? "." : directory
  }

  /// The name diagnostics print: the path for files, else the URI.
  static func displayName(_ uri: String) -> String { path(uri) ?? uri }
}
