import Foundation
import Glibc
@_exported import PCXTestSupport
import Testing

/// A failure of the pseudo-terminal harness, with the transcript so far.
struct PTYError: Error, CustomStringConvertible {
  let description: String
}

/// `pcx` on a pseudo-terminal (openpty), as a user at a terminal would see it: the child is a
/// session leader whose controlling terminal is the pty, so Ctrl-C (byte 3) raises SIGINT.
final class PTYSession {
  private let master: Int32
  let pid: pid_t
  /// Everything read, escape sequences and carriage returns removed.
  private(set) var transcript = ""
  private var raw: [UInt8] = []
  /// Where the next `expect` starts looking.
  private var mark: String.Index

  init(_ arguments: [String], home: String, directory: String) throws {
    var m: Int32 = 0, s: Int32 = 0
    var size = winsize(ws_row: 50, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
    var name = [CChar](repeating: 0, count: 256)
    guard openpty(&m, &s, &name, nil, &size) == 0 else { throw PTYError(description: "openpty failed: errno \(errno)") }
    master = m
    let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    close(s)
    let binary = try pcxBinary()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opened after setsid (the child is a session leader), so the pty becomes its controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, m)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc 2.26), a macro Swift does not import.
    posix_spawnattr_setflags(&attributes, Int16(0x80))
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home
    environment["TERM"] = "xterm"
    environment["NO_COLOR"] = "1"
    // `sh` changes directory then becomes pcx (exec keeps the session and the terminal).
    let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, binary] + arguments
    let argv = shell.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var child: pid_t = 0
    let rc = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
    guard rc == 0 else { throw PTYError(description: "posix_spawn failed: \(rc)") }
    pid = child
    mark = transcript.startIndex
  }

  deinit {
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }

  /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D).
  func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits until `text` appears after the last match; returns what came before it.
  @discardableResult
  func expect(_ text: String, timeout: Double = 30) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let range = transcript.range(of: text, range: mark..<transcript.endIndex) {
        let before = String(transcript[mark..<range.lowerBound])
        mark = range.upperBound
        return before
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0, pump(timeout: left) else {
        throw PTYError(description: "timed out waiting for \(text.debugDescription); output since the last match:\n\(transcript[mark...])")
      }
    }
  }

  /// Waits until the terminal is in canonical (cooked) mode or not (libedit's raw mode while it
  /// reads a line): the master side sees the slave's settings. Keys sent in the wrong mode are
  /// echoed twice or lost (a Ctrl-D in cooked mode is an end-of-file, not a key).
  func waitForMode(canonical: Bool, timeout: Double = 30) throws {
    let deadline = Date().addingTimeInterval(timeout)
    var settings = termios()
    while Date() < deadline {
      if tcgetattr(master, &settings) == 0, (settings.c_lflag & tcflag_t(ICANON) != 0) == canonical { return }
      _ = pump(timeout: 0.005)
    }
    throw PTYError(description: "the terminal never became \(canonical ? "cooked" : "raw"); output:\n\(transcript)")
  }

  /// Waits for `prompt` and for libedit to be reading keys.
  func prompt(_ prompt: String = "pcx> ") throws {
    try expect(prompt)
    try waitForMode(canonical: false)
  }

  /// Reads what is available within `timeout` seconds; false at end of output or timeout.
  private func pump(timeout: Double) -> Bool {
    var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
    let n = poll(&fds, 1, Int32(min(timeout, 1) * 1000))
    if n == 0 { return timeout > 1 }
    guard n > 0 else { return errno == EINTR }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let got = read(master, &buffer, buffer.count)
    guard got > 0 else { return false }
    raw += buffer[..<got]
    transcript = Self.clean(raw)
    if mark > transcript.endIndex { mark = transcript.endIndex }
    return true
  }

  /// The output without ANSI escape sequences and carriage returns.
  static func clean(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x1b {
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
          i += 1
          while i < bytes.count, !(0x40...0x7e).contains(bytes[i]) { i += 1 }
        }
        i += 1
      } else {
        if bytes[i] != 0x0d && bytes[i] != 0x07 { out.append(bytes[i]) }
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Waits for the child to exit; its exit status.
  func waitExit(timeout: Double = 30) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      _ = pump(timeout: 0.05)
      if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xff }
    }
    throw PTYError(description: "pcx did not exit; output:\n\(transcript)")
  }
}
