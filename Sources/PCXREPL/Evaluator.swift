import Foundation
import PCX

/// What one entry produced: text for stdout and for stderr, whether it failed, and whether
/// the user asked to quit.
public struct Reply: Sendable {
  /// Normal output.
  public var output = ""
  /// Diagnostics and errors.
  public var errors = ""
  /// The entry failed (piped mode stops here).
  public var failed = false
  /// `:quit`.
  public var quit = false
}

/// The REPL's engine, shared by the terminal and piped modes: one `PCX.Session`, the meta-
/// commands, and how outputs print. Entries are complete (the caller joins continuation lines).
public final class Evaluator: @unchecked Sendable {
  // @unchecked: used by one REPL loop at a time; `loadedFile` changes only between entries.
  /// The session every entry goes to.
  public let session: Session
  /// Colour in diagnostics.
  let color: Bool
  /// Whether to summarise runs and certificates (interactive) or print only values (piped).
  let verbose: Bool
  /// The file of the last `:load`, for `:reload`.
  var loadedFile: String?

  /// An evaluator over a new session named `<repl>`.
  public init(configuration: InterpreterConfiguration = InterpreterConfiguration(), color: Bool = false, verbose: Bool = true) {
    session = Session(configuration: configuration, fileName: "<repl>")
    self.color = color
    self.verbose = verbose
  }

  /// Handles one complete entry: a `:` command, an expression (its value prints), or
  /// statements (checked, run, values printed).
  public func handle(_ entry: String) async -> Reply {
    let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty || trimmed.hasPrefix("#") { return Reply() }
    if trimmed.hasPrefix(":") { return await MetaCommand.run(trimmed, on: self) }
    do {
      if Session.isExpression(entry) {
        let value = try await session.evaluate(trimmed)
        return Reply(output: ValuePrinter.line(trimmed, value.value))
      }
      return describe(try await session.submit(entry.hasSuffix("\n") ? entry : entry + "\n"))
    } catch {
      return failure(error)
    }
  }

  /// The error as the REPL shows it: diagnostics rendered like `pcx check`.
  func failure(_ error: any Error) -> Reply {
    guard let e = error as? PCXError else { return Reply(errors: "error: \(error)\n", failed: true) }
    switch e.kind {
    case .cancelled: return Reply(errors: "interrupted; the session is unchanged\n", failed: true)
    case .internalError: return Reply(errors: "internal error: \(e.message)\n", failed: true)
    default: return Reply(errors: e.rendered(color: color), failed: true)
    }
  }

  /// Replacements, warnings, run and certificate summaries (interactive only) and values.
  func describe(_ o: Session.Output) -> Reply {
    var reply = Reply()
    if !o.replaced.isEmpty {
      let names = o.replaced.map { $0.kind == "seed" ? "the seed" : "\($0.kind) \($0.name)" }.joined(separator: ", ")
      reply.output += "replaced \(names)"
      reply.output += o.stale.isEmpty ? "\n" : "; stale and dropped (re-enter to recompute): \(o.stale.joined(separator: ", "))\n"
    }
    reply.errors += o.warnings.map(\.rendered).joined()
    if verbose {
      for r in o.runs {
        reply.output += "train \(r.name): \(r.steps) steps, final loss \(ValuePrinter.scalar(.number(r.finalLoss))) (\(r.status.rawValue))\n"
      }
      for c in o.certificates {
        reply.output += "certify \(c.binding ?? c.name): \(c.verdict.rawValue)\n"
      }
    }
    for v in o.values {
      let key = v.key.sorted { $0.key < $1.key }.map { "\($0.key)=\(ValuePrinter.scalar($0.value))" }.joined(separator: ", ")
      reply.output += ValuePrinter.line(key.isEmpty ? v.expression : "\(v.expression) [\(key)]", v.value)
    }
    return reply
  }

  /// Submits the text of `path` as one entry and remembers it for `:reload`.
  func load(_ path: String) async -> Reply {
    guard let data = FileManager.default.contents(atPath: path) else {
      return Reply(errors: "error: '\(path)' \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist")\n", failed: true)
    }
    loadedFile = path
    do {
      var reply = describe(try await session.submit(String(decoding: data, as: UTF8.self)))
      reply.output += "loaded \(path)\n"
      return reply
    } catch {
      return failure(error)
    }
  }
}
