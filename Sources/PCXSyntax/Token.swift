import PCXSource

/// The kinds of token. Declaration words (`let`, `param`, `loss`, ...) and the contextual words
/// `in`, `on`, `to`, `vs`, `every` are identifiers: `loss` is also a run metric (`stop: loss < 1e-3`)
/// and `on` an argument name, so only the statement parser gives them meaning.
public enum TokenKind: UInt8, Sendable, Hashable, CustomStringConvertible {
  case identifier, integer, real, string
  case kwTrue, kwFalse, kwAnd, kwOr, kwNot
  case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
  case comma, colon, equal, dot
  case plus, minus, star, slash, caret, at, prime, otimes
  case less, lessEqual, greater, greaterEqual, equalEqual, notEqual
  case newline, endOfFile

  /// The words that are always keywords.
  public static let reservedWords: [String: TokenKind] = [
    "true": .kwTrue, "false": .kwFalse, "and": .kwAnd, "or": .kwOr, "not": .kwNot,
  ]

  /// How the kind is named in messages ("expected ')'").
  public var description: String {
    switch self {
    case .identifier: return "name"
    case .integer: return "integer"
    case .real: return "real number"
    case .string: return "string"
    case .kwTrue: return "'true'"
    case .kwFalse: return "'false'"
    case .kwAnd: return "'and'"
    case .kwOr: return "'or'"
    case .kwNot: return "'not'"
    case .leftParen: return "'('"
    case .rightParen: return "')'"
    case .leftBracket: return "'['"
    case .rightBracket: return "']'"
    case .leftBrace: return "'{'"
    case .rightBrace: return "'}'"
    case .comma: return "','"
    case .colon: return "':'"
    case .equal: return "'='"
    case .dot: return "'.'"
    case .plus: return "'+'"
    case .minus: return "'-'"
    case .star: return "'*'"
    case .slash: return "'/'"
    case .caret: return "'^'"
    case .at: return "'@'"
    case .prime: return "'''"
    case .otimes: return "'⊗'"
    case .less: return "'<'"
    case .lessEqual: return "'<='"
    case .greater: return "'>'"
    case .greaterEqual: return "'>='"
    case .equalEqual: return "'=='"
    case .notEqual: return "'!='"
    case .newline: return "end of line"
    case .endOfFile: return "end of input"
    }
  }

  /// Binary operators and separators after which a newline continues the statement.
  public var continuesLine: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .caret, .at, .otimes, .less, .lessEqual, .greater,
      .greaterEqual, .equalEqual, .notEqual, .kwAnd, .kwOr, .kwNot, .comma, .equal, .colon:
      return true
    default: return false
    }
  }
}

/// A token: its kind, its text (identifier name, literal spelling, or a string's decoded value),
/// its span, and whether it is the first token of its line.
public struct Token: Sendable, Hashable {
  /// The kind.
  public let kind: TokenKind
  /// The identifier, the literal's spelling, or a string literal's decoded value.
  public let text: String
  /// Where it is.
  public let span: SourceSpan
  /// True for the first token on a source line (used by error recovery).
  public let atLineStart: Bool

  /// Creates a token.
  public init(_ kind: TokenKind, _ text: String, _ span: SourceSpan, atLineStart: Bool) {
    self.kind = kind
    self.text = text
    self.span = span
    self.atLineStart = atLineStart
  }

  /// How the token is named in "found ..." messages.
  public var quoted: String {
    switch kind {
    case .identifier: return "'\(text)'"
    case .integer, .real: return "'\(text)'"
    case .string: return "string"
    default: return kind.description
    }
  }
}
