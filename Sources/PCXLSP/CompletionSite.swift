import PCXSema
import PCXSource
import PCXSyntax

/// Where the cursor is, for completion and signature help, read from the lexer's tokens before
/// it (the statement being typed usually does not parse yet).
enum CompletionSite: Equatable {
  /// Inside a string argument: `partial` is the text typed so far, from byte `start`.
  case string(call: CallContext?, partial: String, start: Int)
  /// After `base.`: the base name and where it starts.
  case member(base: String, start: Int)
  /// After `label:` in a call.
  case argumentValue(call: CallContext, label: String)
  /// At the start of an argument (after `(` or `,`).
  case argument(call: CallContext)
  /// Where a statement begins.
  case statementStart
  /// After `data D =`, `model net =`, `certify`, ...: functions of that kind fit best.
  case declarationValue(EntryKind)
  /// After `param w:`.
  case paramType
  /// After `param w: vector[n] on`.
  case manifold
  /// Inside a comment: nothing to complete.
  case comment
  /// Anywhere else in an expression.
  case expression
}

/// The call whose argument list holds the cursor.
struct CallContext: Equatable {
  let callee: String
  /// The callee's byte offset.
  let calleeStart: Int
  /// The 0-based index of the argument being typed.
  let argument: Int
  /// Labels of the arguments before it.
  let usedLabels: [String]
  /// The label of the argument being typed, once its `:` is written.
  let label: String?
  /// True when nothing but the word at the cursor is typed in this argument.
  let atArgumentStart: Bool
}

extension CompletionSite {
  /// The site at byte `offset`, where the word being typed starts at `wordStart`.
  static func find(_ analysis: Analysis, offset: Int, wordStart: Int) -> CompletionSite {
    let file = analysis.lines.file
    if let (quote, inComment) = openString(file, upTo: offset) {
      if inComment { return .comment }
      if let quote {
        let partial = file.text(quote + 1..<offset)
        return .string(call: CallContext.find(analysis.parse.tokens, before: quote), partial: partial, start: quote + 1)
      }
    }
    let tokens = analysis.parse.tokens
    let before = lastIndex(tokens, endingBy: wordStart)
    let previous = before.map { tokens[$0] }
    if let p = before, tokens[p].kind == .dot, p > 0, tokens[p - 1].kind == .identifier {
      return .member(base: tokens[p - 1].text, start: tokens[p - 1].span.start)
    }
    if let call = CallContext.find(tokens, before: wordStart) {
      if let label = call.label { return call.atArgumentStart ? .argumentValue(call: call, label: label) : .expression }
      return call.atArgumentStart ? .argument(call: call) : .expression
    }
    guard let p = before, let last = previous else { return .statementStart }
    if last.kind == .newline || last.kind == .leftBrace || last.kind == .rightBrace {
      let continued = p > 0 && last.kind == .newline && tokens[p - 1].kind.continuesLine
      if !continued { return .statementStart }
    }
    return declarationSite(tokens, p) ?? .expression
  }

  /// Sites decided by the statement's first words: `model net =`, `certify`, `param w:`, `on`.
  private static func declarationSite(_ tokens: [Token], _ p: Int) -> CompletionSite? {
    let word = { (i: Int) -> String? in i >= 0 && tokens[i].kind == .identifier ? tokens[i].text : nil }
    let kinds: [String: EntryKind] = ["data": .data, "model": .model, "loss": .loss, "train": .optimizer, "certify": .certificate]
    if tokens[p].kind == .equal, p >= 2, tokens[p - 2].atLineStart, let keyword = word(p - 2), word(p - 1) != nil,
      let kind = kinds[keyword]
    {
      return .declarationValue(kind)
    }
    if tokens[p].atLineStart, word(p) == "certify" { return .declarationValue(.certificate) }
    if tokens[p].kind == .colon, p >= 2, word(p - 2) == "param", tokens[p - 2].atLineStart { return .paramType }
    if word(p) == "on", let start = statementStart(tokens, p), word(start) == "param" { return .manifold }
    return nil
  }

  private static func statementStart(_ tokens: [Token], _ p: Int) -> Int? {
    var i = p
    while i > 0, !tokens[i].atLineStart { i -= 1 }
    return tokens[i].atLineStart ? i : nil
  }

  /// The index of the last token before `offset`: it ends at or before it and starts before it
  /// (so the empty newline the lexer adds at the end of input, at the cursor, is not one).
  static func lastIndex(_ tokens: [Token], endingBy offset: Int) -> Int? {
    var low = 0
    var high = tokens.count
    while low < high {
      let mid = (low + high) / 2
      let token = tokens[mid]
      if token.span.end <= offset, token.span.start < offset, token.kind != .endOfFile { low = mid + 1 } else { high = mid }
    }
    return low > 0 ? low - 1 : nil
  }

  /// On the cursor's line before it: the offset of the `"` of an open string (nil when not in
  /// a string), and whether a comment began instead; nil when neither.
  private static func openString(_ file: SourceFile, upTo offset: Int) -> (Int?, Bool)? {
    let lineStart = file.lineStarts[file.line(containing: offset) - 1]
    var quote: Int?
    var escaped = false
    for index in lineStart..<min(offset, file.bytes.count) {
      let byte = file.bytes[index]
      if quote != nil {
        if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { quote = nil }
      } else if byte == UInt8(ascii: "\"") {
        quote = index
      } else if byte == UInt8(ascii: "#") {
        return (nil, true)
      }
    }
    return quote.map { ($0, false) }
  }
}

extension CallContext {
  /// The innermost call whose `(` is open before `offset`, if the cursor is directly in its
  /// argument list (not inside a nested bracket).
  static func find(_ tokens: [Token], before offset: Int) -> CallContext? {
    guard let last = CompletionSite.lastIndex(tokens, endingBy: offset) else { return nil }
    var depth = 0
    var index = last
    while index >= 0 {
      switch tokens[index].kind {
      case .rightParen, .rightBracket: depth += 1
      case .leftBracket, .leftBrace, .rightBrace:
        if depth == 0 { return nil }
        if tokens[index].kind == .leftBracket { depth -= 1 }
      case .leftParen:
        if depth == 0 {
          guard index > 0, tokens[index - 1].kind == .identifier else { return nil }
          return arguments(tokens, open: index, last: last)
        }
        depth -= 1
      default: break
      }
      index -= 1
    }
    return nil
  }

  /// Splits the arguments between `(` at `open` and the token at `last` at depth 0.
  private static func arguments(_ tokens: [Token], open: Int, last: Int) -> CallContext {
    var depth = 0
    var segments: [[Token]] = [[]]
    for token in tokens[(open + 1)..<(last + 1)] where token.kind != .newline {
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      case .comma where depth == 0:
        segments.append([])
        continue
      default: break
      }
      segments[segments.count - 1].append(token)
    }
    let label = { (segment: [Token]) -> String? in
      segment.count >= 2 && segment[0].kind == .identifier && segment[1].kind == .colon ? segment[0].text : nil
    }
    let current = segments[segments.count - 1]
    let currentLabel = label(current)
    let atStart = currentLabel == nil ? current.isEmpty : current.count == 2
    return CallContext(callee: tokens[open - 1].text, calleeStart: tokens[open - 1].span.start, argument: segments.count - 1,
                       usedLabels: segments.dropLast().compactMap(label), label: currentLabel, atArgumentStart: atStart)
  }
}
