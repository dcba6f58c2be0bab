/// A Python literal as it appears in a `.npy` header (the header is `repr` of a dict).
indirect enum PyLiteral {
  case string(String)
  case int(Int)
  case bool(Bool)
  case none
  case tuple([PyLiteral])
  case list([PyLiteral])
  case dict([(key: String, value: PyLiteral)])
}

/// A parser for the Python literals NumPy writes in `.npy` headers: dicts, tuples, lists,
/// strings, integers (Python 2's `3L` too), `True`, `False` and `None`, with any spacing and
/// optional trailing commas (NumPy's own reader uses `ast.literal_eval`, which accepts these).
struct PyLiteralParser {
  /// The header text as Unicode scalars.
  let text: [Unicode.Scalar]
  /// The next scalar to read.
  var i = 0
  /// Open brackets around the current value.
  var depth = 0
  /// Deepest nesting accepted: real headers nest 3 deep (a structured dtype's list of tuples);
  /// the bound keeps a hostile header from exhausting the stack.
  static let maxDepth = 32

  /// A parser over `text`.
  init(_ text: String) { self.text = Array(text.unicodeScalars) }

  /// A parse failure: what was expected and at which character.
  struct Failure: Error {
    let message: String
  }

  /// Parses `text` as one literal followed only by blanks and newlines.
  mutating func parseAll() throws -> PyLiteral {
    let value = try parseValue()
    skipSpace()
    guard i == text.count else { throw fail("unexpected text after the closing brace") }
    return value
  }

  /// value := string | int | True | False | None | '(' items ')' | '[' items ']' | '{' entries '}'
  mutating func parseValue() throws -> PyLiteral {
    skipSpace()
    guard i < text.count else { throw fail("the header ends where a value was expected") }
    guard depth < PyLiteralParser.maxDepth else { throw fail("values nested more than \(PyLiteralParser.maxDepth) deep") }
    depth += 1
    defer { depth -= 1 }
    switch text[i] {
    case "'", "\"": return .string(try parseString())
    case "(": return .tuple(try parseItems(close: ")"))
    case "[": return .list(try parseItems(close: "]"))
    case "{": return try parseDict()
    case "-", "0"..."9": return .int(try parseInt())
    default: return try parseName()
    }
  }

  /// items := (value (',' value)* ','?)? close
  mutating func parseItems(close: Unicode.Scalar) throws -> [PyLiteral] {
    i += 1
    var items: [PyLiteral] = []
    while true {
      skipSpace()
      if i < text.count, text[i] == close { i += 1; return items }
      items.append(try parseValue())
      skipSpace()
      if i < text.count, text[i] == "," { i += 1; continue }
      guard i < text.count, text[i] == close else { throw fail("expected ',' or '\(close)'") }
    }
  }

  /// entries := (string ':' value (',' string ':' value)* ','?)? '}'
  mutating func parseDict() throws -> PyLiteral {
    i += 1
    var entries: [(key: String, value: PyLiteral)] = []
    while true {
      skipSpace()
      if i < text.count, text[i] == "}" { i += 1; return .dict(entries) }
      guard i < text.count, text[i] == "'" || text[i] == "\"" else { throw fail("expected a quoted key or '}'") }
      let key = try parseString()
      skipSpace()
      guard i < text.count, text[i] == ":" else { throw fail("expected ':' after the key '\(key)'") }
      i += 1
      entries.append((key, try parseValue()))
      skipSpace()
      if i < text.count, text[i] == "," { i += 1; continue }
      guard i < text.count, text[i] == "}" else { throw fail("expected ',' or '}'") }
    }
  }

  /// string := quote chars quote, with backslash escapes of the quote, backslash and n/t.
  mutating func parseString() throws -> String {
    let q = text[i]
    let open = i
    i += 1
    var out = String.UnicodeScalarView()
    while i < text.count, text[i] != q {
      if text[i] == "\\", i + 1 < text.count {
        i += 1
        out.append(text[i] == "n" ? "\n" : text[i] == "t" ? "\t" : text[i])
      } else {
        out.append(text[i])
      }
      i += 1
    }
    guard i < text.count else {
      i = open
      throw fail("unterminated string")
    }
    i += 1
    return String(out)
  }

  /// int := '-'? digits ('L' | 'l')?
  mutating func parseInt() throws -> Int {
    let start = i
    if text[i] == "-" { i += 1 }
    while i < text.count, ("0"..."9").contains(text[i]) { i += 1 }
    let digits = String(String.UnicodeScalarView(text[start..<i]))
    guard let value = Int(digits) else {
      i = start
      throw fail("malformed or too large integer")
    }
    if i < text.count, text[i] == "L" || text[i] == "l" { i += 1 }
    return value
  }

  /// name := True | False | None
  mutating func parseName() throws -> PyLiteral {
    let start = i
    while i < text.count, text[i].properties.isAlphabetic || text[i] == "_" { i += 1 }
    switch String(String.UnicodeScalarView(text[start..<i])) {
    case "True": return .bool(true)
    case "False": return .bool(false)
    case "None": return .none
    default:
      i = start
      throw fail("unexpected character '\(text[start])'")
    }
  }

  /// Skips spaces, tabs and line breaks.
  mutating func skipSpace() {
    while i < text.count, text[i] == " " || text[i] == "\t" || text[i] == "\n" || text[i] == "\r" { i += 1 }
  }

  /// A failure at the current character.
  func fail(_ message: String) -> Failure {
    Failure(message: "\(message) at character \(i + 1)")
  }
}
