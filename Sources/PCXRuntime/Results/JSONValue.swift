import Foundation

/// An open-ended JSON value: sweep keys, `report` values, and the results document's tree.
/// Numbers are float64; a non-finite number is written as `null` (JSON has no NaN or Inf).
public enum JSONValue: Sendable, Equatable, Codable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// A number, or `null` when `x` is NaN or infinite.
  public static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

  /// An array of numbers with `null` for each NaN or infinity.
  public static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map(finite)) }

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .number(let x): if x.isFinite { try c.encode(x) } else { try c.encodeNil() }
    case .string(let s): try c.encode(s)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  /// Parses JSON text (UTF-8) into a value.
  public static func parse(_ data: Data) throws -> JSONValue {
    do {
      return try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw RuntimeError(.data, "the text is not valid JSON: \(error)")
    }
  }
}

// MARK: Deterministic text

extension JSONValue {
  /// Deterministic JSON text: object keys sorted by their UTF-8 bytes, two-space indentation,
  /// arrays of scalars on one line (a trace of 10^4 numbers stays one line), numbers in
  /// shortest round-trip form, non-finite numbers as `null`, and a final newline.
  public func serialized() -> String {
    var out = ""
    write(to: &out, indent: 0)
    out += "\n"
    return out
  }

  private func write(to out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += JSONValue.numberText(x)
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let a): writeArray(a, to: &out, indent: indent)
    case .object(let o): writeObject(o, to: &out, indent: indent)
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }

  private func writeArray(_ a: [JSONValue], to out: inout String, indent: Int) {
    if a.isEmpty { out += "[]"; return }
    if !a.contains(where: \.isContainer) {
      out += "["
      for (i, v) in a.enumerated() {
        if i > 0 { out += ", " }
        v.write(to: &out, indent: indent)
      }
      out += "]"
      return
    }
    let pad = String(repeating: "  ", count: indent + 1)
    out += "[\n"
    for (i, v) in a.enumerated() {
      out += pad
      v.write(to: &out, indent: indent + 1)
      out += i + 1 < a.count ? ",\n" : "\n"
    }
    out += String(repeating: "  ", count: indent) + "]"
  }

  private func writeObject(_ o: [String: JSONValue], to out: inout String, indent: Int) {
    if o.isEmpty { out += "{}"; return }
    let pad = String(repeating: "  ", count: indent + 1)
    // Byte order, not String's Unicode ordering, so the order never depends on normalisation.
    let keys = o.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    out += "{\n"
    for (i, key) in keys.enumerated() {
      out += pad
      JSONValue.writeString(key, to: &out)
      out += ": "
      o[key]?.write(to: &out, indent: indent + 1)
      out += i + 1 < keys.count ? ",\n" : "\n"
    }
    out += String(repeating: "  ", count: indent) + "}"
  }

  /// The JSON text of a number: integers below 2^53 without a fraction, other finite values in
  /// Swift's shortest round-trip form (`0.1`, `1e-05`), `null` for NaN and infinities.
  static func numberText(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
    // Swift's description is the shortest digit string that parses back to the same double.
    let text = x.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// Writes a JSON string literal, escaping quotes, backslashes and control characters.
  static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
