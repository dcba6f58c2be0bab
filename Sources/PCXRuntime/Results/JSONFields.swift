/// Typed access to the fields of a JSON object while decoding a results document; every failure
/// names the path of the field (`runs[0].final_loss`) and what was expected there.
struct JSONFields {
  let fields: [String: JSONValue]
  let path: String

  /// Reads `value` as an object at `path`.
  init(_ value: JSONValue, path: String) throws {
    guard case .object(let o) = value else { throw JSONFields.mismatch(path, "an object", value) }
    fields = o
    self.path = path
  }

  private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// The value of a required key.
  func value(_ key: String) throws -> JSONValue {
    guard let v = fields[key] else {
      throw RuntimeError(.data, "the results document has no `\(at(key))`")
    }
    return v
  }

  /// A required string.
  func string(_ key: String) throws -> String {
    let v = try value(key)
    guard case .string(let s) = v else { throw JSONFields.mismatch(at(key), "a string", v) }
    return s
  }

  /// A string or null.
  func optionalString(_ key: String) throws -> String? {
    let v = fields[key] ?? .null
    if case .null = v { return nil }
    return try string(key)
  }

  /// A required integer.
  func int(_ key: String) throws -> Int { try JSONFields.int(try value(key), at(key)) }

  /// An integer or null.
  func optionalInt(_ key: String) throws -> Int? {
    let v = fields[key] ?? .null
    if case .null = v { return nil }
    return try JSONFields.int(v, at(key))
  }

  /// A number, with `null` read back as NaN (the writer turns NaN and Inf into `null`).
  func number(_ key: String) throws -> Double { try JSONFields.number(try value(key), at(key)) }

  /// An array of numbers (null read as NaN).
  func numbers(_ key: String) throws -> [Double] { try JSONFields.numbers(try value(key), at(key)) }

  /// An array of numbers when the key is present and not null.
  func optionalNumbers(_ key: String) throws -> [Double]? {
    let v = fields[key] ?? .null
    if case .null = v { return nil }
    return try JSONFields.numbers(v, at(key))
  }

  /// An array of strings.
  func strings(_ key: String) throws -> [String] {
    try array(key).enumerated().map { i, v in
      guard case .string(let s) = v else { throw JSONFields.mismatch("\(at(key))[\(i)]", "a string", v) }
      return s
    }
  }

  /// The objects of an array, each readable by field; empty when the key is absent or null.
  func optionalObjects(_ key: String) throws -> [JSONFields] {
    let v = fields[key] ?? .null
    if case .null = v { return [] }
    return try array(key).enumerated().map { i, item in try JSONFields(item, path: "\(at(key))[\(i)]") }
  }

  /// A boolean or null.
  func optionalBool(_ key: String) throws -> Bool? {
    let v = fields[key] ?? .null
    switch v {
    case .null: return nil
    case .bool(let b): return b
    default: throw JSONFields.mismatch(at(key), "true, false or null", v)
    }
  }

  /// A required array.
  func array(_ key: String) throws -> [JSONValue] {
    let v = try value(key)
    guard case .array(let a) = v else { throw JSONFields.mismatch(at(key), "an array", v) }
    return a
  }

  /// A required object as a dictionary.
  func object(_ key: String) throws -> [String: JSONValue] { try JSONFields(try value(key), path: at(key)).fields }

  /// A required object whose values are all numbers (null read as NaN).
  func numberMap(_ key: String) throws -> [String: Double] {
    var out: [String: Double] = [:]
    for (k, v) in try object(key) { out[k] = try JSONFields.number(v, "\(at(key)).\(k)") }
    return out
  }

  /// A nested object for a record's own decoder.
  func nested(_ key: String) throws -> JSONFields { try JSONFields(try value(key), path: at(key)) }

  /// A string-valued enumeration.
  func enumeration<E: RawRepresentable>(_ key: String, _ type: E.Type) throws -> E where E.RawValue == String {
    let s = try string(key)
    guard let e = E(rawValue: s) else {
      throw RuntimeError(.data, "`\(at(key))` has the unknown value \"\(s)\"")
    }
    return e
  }

  static func number(_ v: JSONValue, _ path: String) throws -> Double {
    switch v {
    case .number(let x): return x
    case .null: return .nan
    default: throw mismatch(path, "a number", v)
    }
  }

  static func numbers(_ v: JSONValue, _ path: String) throws -> [Double] {
    guard case .array(let a) = v else { throw mismatch(path, "an array of numbers", v) }
    return try a.enumerated().map { i, x in try number(x, "\(path)[\(i)]") }
  }

  static func int(_ v: JSONValue, _ path: String) throws -> Int {
    guard case .number(let x) = v, x == x.rounded(), abs(x) < 9_007_199_254_740_992 else {
      throw mismatch(path, "an integer", v)
    }
    return Int(x)
  }

  static func mismatch(_ path: String, _ expected: String, _ found: JSONValue) -> RuntimeError {
    RuntimeError(.data, "`\(path)` should be \(expected), found \(found.kindName)")
  }
}

extension JSONValue {
  /// The JSON type's name, for messages.
  var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
