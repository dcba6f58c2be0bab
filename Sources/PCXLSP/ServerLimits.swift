/// Named limits of the language server, each with the reason it exists. Together with the
/// front end's `Limits` they keep a hostile client or document from crashing or hanging it.
public enum ServerLimits {
  /// Longest header block of one message: real clients send one or two short lines, and an
  /// unbounded header would let a client grow the buffer forever without a body.
  public static let maxHeaderBytes = 8 * 1024
  /// Largest message body accepted: a `maxDocumentBytes` document escaped as JSON fits (most
  /// characters take one byte, a few six), while a `Content-Length` of terabytes is refused
  /// before anything is allocated.
  public static let maxMessageBytes = 32 << 20
  /// Largest document the front end checks: the check is linear, and at 4 MiB (some 100,000
  /// lines, far beyond any script) it still answers within about a second.
  public static let maxDocumentBytes = 4 << 20
  /// Quiet time after a change before the document is checked again: keystrokes in a burst
  /// (or an editor's several change events for one edit) cost one check, while the check still
  /// publishes well within 50 ms of the last change (bench/lsp-latency.py).
  public static let defaultDebounceMilliseconds = 10
  /// Most semantic tokens returned for one document: beyond it the JSON answer alone would
  /// take longer to encode than an editor waits; the rest keeps its TextMate colours.
  public static let maxSemanticTokens = 100_000
  /// Most completion items listed for a directory in `csv("...")`.
  public static let maxPathCompletions = 500
}
