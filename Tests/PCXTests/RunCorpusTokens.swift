import Foundation

// The tokens of a run-corpus expectation line (`#! ...`); the parser is in RunCorpusSyntax.swift.

/// A token of an expectation.
struct CorpusToken {
  enum Kind: Equatable { case number, string, word, symbol, tolerance, end }
  let kind: Kind
  let text: String
  /// Character offset in the expectation text.
  let offset: Int
}

/// Splits an expectation into tokens.
func corpusTokens(_ text: String) throws -> [CorpusToken] {
  let chars = Array(text)
  var tokens: [CorpusToken] = []
  var i = 0
  func take(while p: (Character) -> Bool) -> String {
    let start = i
    while i < chars.count, p(chars[i]) { i += 1 }
    return String(chars[start..<i])
  }
  while i < chars.count {
    let c = chars[i], start = i
    if c == " " { i += 1; continue }
    if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
      var text = take { $0.isNumber || $0 == "." }
      if i < chars.count, chars[i] == "e" || chars[i] == "E" {
        text.append(chars[i]); i += 1
        if i < chars.count, chars[i] == "-" || chars[i] == "+" { text.append(chars[i]); i += 1 }
        text += take { $0.isNumber }
      }
      tokens.append(CorpusToken(kind: .number, text: text, offset: start))
    } else if c.isLetter || c == "_" {
      tokens.append(CorpusToken(kind: .word, text: take { $0.isLetter || $0.isNumber || $0 == "_" }, offset: start))
    } else if c == "\"" {
      tokens.append(CorpusToken(kind: .string, text: try stringLiteral(chars, &i), offset: start))
    } else if c == "±" || (c == "+" && i + 1 < chars.count && chars[i + 1] == "-") {
      i += c == "±" ? 1 : 2
      tokens.append(CorpusToken(kind: .tolerance, text: "±", offset: start))
    } else if let two = i + 1 < chars.count ? String(chars[i...i + 1]) : nil, ["<=", ">=", "!="].contains(two) {
      i += 2
      tokens.append(CorpusToken(kind: .symbol, text: two, offset: start))
    } else if "()[],.+-*/^=<>".contains(c) {
      i += 1
      tokens.append(CorpusToken(kind: .symbol, text: String(c), offset: start))
    } else {
      throw ExpectationError(message: "unexpected character '\(c)' at column \(i + 1)")
    }
  }
  tokens.append(CorpusToken(kind: .end, text: "", offset: chars.count))
  return tokens
}

/// A string literal with `\"` and `\\` escapes, starting at the opening quote.
private func stringLiteral(_ chars: [Character], _ i: inout Int) throws -> String {
  var out = ""
  i += 1
  while i < chars.count {
    let c = chars[i]
    i += 1
    if c == "\"" { return out }
    if c == "\\", i < chars.count {
      out.append(chars[i])
      i += 1
    } else {
      out.append(c)
    }
  }
  throw ExpectationError(message: "a string is not closed")
}
