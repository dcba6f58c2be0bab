import Foundation

/// What wakes the server's loop.
enum ServerEvent: Sendable {
  /// A framed message, or a framing error, from stdin.
  case input(FrameParser.Output)
  /// Stdin was closed.
  case endOfInput
  /// A `pcx.runScript` run ended; `id` is the request to answer.
  case runFinished(RunScript.Outcome, RequestID)
}

/// The events waiting for the server's loop. The reader thread and finished runs post; the
/// loop, on one thread, takes them in order (so the server's state needs no lock).
final class EventQueue: @unchecked Sendable {
  // @unchecked: `events` and `head` are only touched while holding `condition`.
  private let condition = NSCondition()
  private var events: [ServerEvent] = []
  private var head = 0

  /// Adds an event and wakes the loop.
  func post(_ event: ServerEvent) {
    condition.lock()
    events.append(event)
    condition.signal()
    condition.unlock()
  }

  /// The next event, waiting at most until `deadline` (forever when nil); nil on timeout.
  func next(until deadline: Date?) -> ServerEvent? {
    condition.lock()
    defer { condition.unlock() }
    while head == events.count {
      if let deadline {
        if !condition.wait(until: deadline) { return nil }
      } else {
        condition.wait()
      }
    }
    let event = events[head]
    head += 1
    if head > 1024, head * 2 > events.count {
      events.removeFirst(head)
      head = 0
    }
    return event
  }
}

/// Reads a file descriptor on its own thread, splitting it into messages for the queue.
enum InputReader {
  /// Starts the reader thread for `descriptor`.
  static func start(_ descriptor: Int32, into queue: EventQueue) {
    let thread = Thread {
      var parser = FrameParser()
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
          for output in parser.feed(buffer[0..<count]) { queue.post(.input(output)) }
        } else if count < 0, errno == EINTR {
          continue
        } else {
          queue.post(.endOfInput)
          return
        }
      }
    }
    thread.name = "pcx-lsp-reader"
    thread.start()
  }
}

/// Writes framed messages to a file descriptor, whole or not at all (a closed pipe ends the
/// writes, never the process: SIGPIPE is ignored by `pcx lsp`).
struct OutputWriter {
  let descriptor: Int32

  func send(_ body: [UInt8]) {
    guard !body.isEmpty else { return }
    let bytes = Outgoing.frame(body)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        written += count
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return
      }
    }
  }
}
