import Foundation

// The expectation lines of a run-corpus case (`#! ...`, Tests/cases/run/README.md): their
// syntax tree and a recursive-descent parser. Evaluation is in RunCorpusValues.swift.

/// One `#!` line of a case, parsed.
struct Expectation {
  /// What the line asks.
  enum Kind {
    /// `no error`: the script runs to its end.
    case noError
    /// `error [kind] line:col: message`: the script stops with this diagnostic (kind nil:
    /// `scriptFailed`, a runtime error).
    case error(kind: String?, line: Int, column: Int, message: String)
    /// `warning line:col: message`: a warning of the check.
    case warning(line: Int, column: Int, message: String)
    /// `cond or cond ...`: at least one condition holds.
    case conditions([Condition])
  }

  /// 0-based line index in the case file.
  let lineIndex: Int
  /// The text after the marker.
  let text: String
  let kind: Kind
}

/// `lhs op rhs [± tolerance]`.
struct Condition {
  let lhs: CorpusExpr
  let op: Comparison
  let rhs: CorpusExpr
  let tolerance: Tolerance?
  /// Source text of the left side and of the tolerance (`± 1e-9 rel`), kept for re-recording.
  let lhsText: String
  let toleranceText: String?
}

/// A comparison of an expectation.
enum Comparison: String {
  case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
  case contains, starts
}

/// Passes when |observed - expected| <= abs or <= rel * |expected| (either bound suffices, as
/// `expectClose` in the runtime tests).
struct Tolerance {
  var rel: Double = 0
  var abs: Double = 0

  /// The allowed error around `expected`.
  func width(around expected: Double) -> Double { Swift.max(abs, rel * Swift.abs(expected)) }
}

/// An expression of an expectation: literals, paths into the results, arithmetic and a few
/// functions (so a closed form can be written as it is in the paper).
indirect enum CorpusExpr {
  case number(Double)
  case string(String)
  /// A bare word: a verdict, status or hypothesis state (`not_refuted`, `met`); `true`,
  /// `false` and `none` are literals of their own.
  case symbol(String)
  case list([CorpusExpr])
  /// A root of a path: a binding or run name, `certificates`, `runs`, `error`.
  case root(String)
  /// `value "expr"`: what `report expr` printed.
  case reported(String)
  case field(CorpusExpr, String)
  case index(CorpusExpr, Int)
  case negate(CorpusExpr)
  case binary(Character, CorpusExpr, CorpusExpr)
  case call(String, [CorpusExpr])

  /// Whether re-recording may replace this right-hand side with an observed value.
  var isLiteral: Bool {
    switch self {
    case .number, .string, .symbol: return true
    case .negate(.number): return true
    case .list(let items): return items.allSatisfy(\.isLiteral)
    default: return false
    }
  }

  /// Whether this is a path into the results (re-recording needs one on the left).
  var isPath: Bool {
    switch self {
    case .root, .reported: return true
    case .field(let base, _), .index(let base, _): return base.isPath
    default: return false
    }
  }
}

/// A parse failure, with the column in the expectation text.
struct ExpectationError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}

/// The functions an expression may call.
let corpusFunctions: Set<String> = ["sqrt", "exp", "log", "abs", "tanh", "min", "max"]

extension Expectation {
  /// The expectation marker at the start of a line.
  static let marker = "#!"

  /// Parses the text after the marker.
  static func parse(_ text: String, lineIndex: Int) throws -> Expectation {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t == "no error" { return Expectation(lineIndex: lineIndex, text: t, kind: .noError) }
    if let kind = try diagnostic(t) { return Expectation(lineIndex: lineIndex, text: t, kind: kind) }
    var parser = try ExpectationParser(t)
    return Expectation(lineIndex: lineIndex, text: t, kind: .conditions(try parser.conditions()))
  }

  /// `error [kind] line:col: message` or `warning line:col: message`, or nil for other lines.
  static func diagnostic(_ t: String) throws -> Kind? {
    let words = t.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard let first = words.first, first == "error" || first == "warning", words.count >= 2 else { return nil }
    // `error.kind = ...` is a condition; a diagnostic has a position or a kind word next
    var rest = words.dropFirst().joined(separator: " ")
    var kind: String?
    if first == "error", let word = words.dropFirst().first, word.first?.isLetter == true {
      kind = word
      rest = words.dropFirst(2).joined(separator: " ")
    }
    guard rest.first?.isNumber == true else { return nil }
    let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]), parts[2].hasPrefix(" ") else {
      throw ExpectationError(message: "a diagnostic is written `\(first) LINE:COL: message`")
    }
    let message = String(parts[2].dropFirst())
    return first == "error" ? .error(kind: kind, line: line, column: column, message: message)
      : .warning(line: line, column: column, message: message)
  }
}

/// The parser of a condition line:
///   line := cond ('or' cond)*;  cond := expr op expr [('±' | '+-') num unit [',' num unit]]
///   expr := term (('+' | '-') term)*;  term := unary (('*' | '/') unary)*  (one function, `binary`)
///   unary := '-' unary | power;  power := postfix ['^' unary];  postfix := primary ('.' word | '[' int ']')*
///   primary := number | string | '(' expr ')' | '[' [expr (',' expr)*] ']' | 'value' string
///            | function '(' expr (',' expr)* ')' | word
struct ExpectationParser {
  let text: [Character]
  let tokens: [CorpusToken]
  var at = 0

  init(_ text: String) throws {
    self.text = Array(text)
    tokens = try corpusTokens(text)
  }

  var token: CorpusToken { tokens[at] }

  mutating func advance() -> CorpusToken {
    defer { at = Swift.min(at + 1, tokens.count - 1) }
    return tokens[at]
  }

  func fail(_ what: String) -> ExpectationError {
    ExpectationError(message: "\(what) at column \(token.offset + 1), found '\(token.kind == .end ? "end of line" : token.text)'")
  }

  mutating func expect(_ symbol: String) throws {
    guard token.kind == .symbol, token.text == symbol else { throw fail("expected '\(symbol)'") }
    at += 1
  }

  /// `cond ('or' cond)*` up to the end of the line.
  mutating func conditions() throws -> [Condition] {
    var out = [try condition()]
    while token.kind == .word, token.text == "or" {
      at += 1
      out.append(try condition())
    }
    guard token.kind == .end else { throw fail("expected 'or', a tolerance or the end of the line") }
    return out
  }

  mutating func condition() throws -> Condition {
    let start = token.offset
    let lhs = try expression()
    let lhsText = String(text[start..<token.offset]).trimmingCharacters(in: .whitespaces)
    guard let op = Comparison(rawValue: token.text), token.kind == .symbol || token.kind == .word else {
      throw fail("expected a comparison (= != < <= > >= contains starts)")
    }
    at += 1
    let rhs = try expression()
    guard token.kind == .tolerance else { return Condition(lhs: lhs, op: op, rhs: rhs, tolerance: nil, lhsText: lhsText, toleranceText: nil) }
    let tolStart = token.offset
    at += 1
    var tolerance = Tolerance()
    repeat {
      if token.kind == .symbol, token.text == "," { at += 1 }
      guard token.kind == .number, let x = Double(token.text), x >= 0 else { throw fail("expected a tolerance (a number)") }
      at += 1
      switch token.text {
      case "rel": tolerance.rel = x
      case "abs": tolerance.abs = x
      default: throw fail("a tolerance says whether it is 'rel' or 'abs'")
      }
      at += 1
    } while token.kind == .symbol && token.text == ","
    let tolText = String(text[tolStart..<token.offset]).trimmingCharacters(in: .whitespaces)
    return Condition(lhs: lhs, op: op, rhs: rhs, tolerance: tolerance, lhsText: lhsText, toleranceText: tolText)
  }

  /// Binary operators by precedence, loosest first (`^` binds tighter, in `unary`).
  static let levels: [Set<String>] = [["+", "-"], ["*", "/"]]

  mutating func expression() throws -> CorpusExpr { try binary(0) }

  /// One precedence level of `levels`, left-associative.
  mutating func binary(_ level: Int) throws -> CorpusExpr {
    guard level < Self.levels.count else { return try unary() }
    var e = try binary(level + 1)
    while token.kind == .symbol, Self.levels[level].contains(token.text) {
      let op = advance().text
      e = .binary(Character(op), e, try binary(level + 1))
    }
    return e
  }

  mutating func unary() throws -> CorpusExpr {
    if token.kind == .symbol, token.text == "-" {
      at += 1
      return .negate(try unary())
    }
    let base = try postfix()
    guard token.kind == .symbol, token.text == "^" else { return base }
    at += 1
    return .binary("^", base, try unary())
  }

  mutating func postfix() throws -> CorpusExpr {
    var e = try primary()
    while token.kind == .symbol, token.text == "." || token.text == "[" {
      if advance().text == "." {
        guard token.kind == .word else { throw fail("expected a field name") }
        e = .field(e, advance().text)
      } else {
        guard token.kind == .number, let i = Int(token.text) else { throw fail("expected an index") }
        at += 1
        e = .index(e, i)
        try expect("]")
      }
    }
    return e
  }

  mutating func primary() throws -> CorpusExpr {
    let t = token
    guard t.kind != .end else { throw fail("expected a value") }
    at += 1
    switch t.kind {
    case .number:
      guard let x = Double(t.text) else { throw ExpectationError(message: "'\(t.text)' is not a number") }
      return .number(x)
    case .string: return .string(t.text)
    case .word: return try word(t.text)
    case .symbol where t.text == "(":
      let e = try expression()
      try expect(")")
      return e
    case .symbol where t.text == "[":
      return .list(try arguments(closing: "]"))
    default:
      throw ExpectationError(message: "expected a value at column \(t.offset + 1), found '\(t.text)'")
    }
  }

  /// A word: `value "..."`, a function call, a path root (followed by `.` or `[`) or a symbol.
  mutating func word(_ w: String) throws -> CorpusExpr {
    if w == "value" {
      guard token.kind == .string else { throw fail("`value` takes the reported expression in quotes") }
      return .reported(advance().text)
    }
    if token.kind == .symbol, token.text == "(" {
      guard corpusFunctions.contains(w) else { throw fail("unknown function '\(w)' (known: \(corpusFunctions.sorted().joined(separator: ", ")))") }
      at += 1
      return .call(w, try arguments(closing: ")"))
    }
    if token.kind == .symbol, token.text == "." || token.text == "[" { return .root(w) }
    return .symbol(w)
  }

  /// Comma-separated expressions up to `closing` (which is consumed).
  mutating func arguments(closing: String) throws -> [CorpusExpr] {
    var items: [CorpusExpr] = []
    if token.kind == .symbol, token.text == closing {
      at += 1
      return items
    }
    repeat {
      if !items.isEmpty { at += 1 }
      items.append(try expression())
    } while token.kind == .symbol && token.text == ","
    try expect(closing)
    return items
  }
}
