import Foundation

/// A JSON value for the test client: written as literals, read with subscripts that return
/// `.null` for anything missing (so a failed lookup fails the expectation, never the test run).
indirect enum JSON: Codable, Equatable, Sendable, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral,
  ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
  case object([String: JSON])
  case array([JSON])
  case string(String)
  case number(Double)
  case bool(Bool)
  case null

  init(dictionaryLiteral elements: (String, JSON)...) { self = .object(Dictionary(elements) { $1 }) }
  init(arrayLiteral elements: JSON...) { self = .array(elements) }
  init(stringLiteral value: String) { self = .string(value) }
  init(integerLiteral value: Int) { self = .number(Double(value)) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(nilLiteral: ()) { self = .null }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSON].self))
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .object(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .null: try container.encodeNil()
    }
  }

  subscript(key: String) -> JSON {
    if case .object(let object) = self { return object[key] ?? .null }
    return .null
  }

  subscript(index: Int) -> JSON {
    if case .array(let array) = self, index >= 0, index < array.count { return array[index] }
    return .null
  }

  var string: String? { if case .string(let value) = self { return value } else { return nil } }
  var int: Int? { if case .number(let value) = self { return Int(exactly: value) } else { return nil } }
  var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
  var array: [JSON] { if case .array(let value) = self { return value } else { return [] } }
  var isNull: Bool { self == .null }

  /// Compact JSON text.
  var text: String { (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "?" }
}
