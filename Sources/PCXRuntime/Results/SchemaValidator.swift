import Foundation

/// A validator for the subset of JSON Schema (draft 2020-12) that docs/results-schema.json
/// uses, so tests check written documents against the published schema without Python.
/// Supported: type, const, enum, properties, required, additionalProperties, items, anyOf, oneOf,
/// minimum, pattern, $defs and local $ref (`#/$defs/name`, `#`). Any other keyword is an error
/// rather than silently ignored, so the schema cannot drift beyond what is checked.
public struct SchemaValidator {
  /// Keywords that carry no constraint.
  static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
  /// Keywords this validator enforces.
  static let constraints: Set<String> = [
    "type", "const", "enum", "properties", "required", "additionalProperties", "items",
    "anyOf", "oneOf", "minimum", "pattern", "$ref",
  ]

  let root: JSONValue

  /// A validator for `schema` (the root schema, which holds the `$defs`).
  init(schema: JSONValue) { root = schema }

  /// The violations of `instance`, each `path: what is wrong`; empty when it is valid. Throws
  /// when the schema itself uses something this validator does not support.
  func errors(in instance: JSONValue) throws -> [String] {
    var out: [String] = []
    try check(instance, against: root, at: "$", into: &out)
    return out
  }

  private func check(_ v: JSONValue, against schema: JSONValue, at path: String, into out: inout [String]) throws {
    if case .bool(let allowed) = schema {
      if !allowed { out.append("\(path): no value is allowed here") }
      return
    }
    guard case .object(let s) = schema else { throw SchemaError("a schema at \(path) is \(schema.kindName)") }
    for keyword in s.keys where !Self.annotations.contains(keyword) && !Self.constraints.contains(keyword) {
      throw SchemaError("the keyword \"\(keyword)\" is not supported by this validator")
    }
    if case .string(let ref)? = s["$ref"] { try check(v, against: resolve(ref), at: path, into: &out) }
    if let t = s["type"] { try checkType(v, t, path, &out) }
    if let c = s["const"], c != v { out.append("\(path): should be \(c.serializedInline)") }
    if case .array(let options)? = s["enum"], !options.contains(v) {
      out.append("\(path): \(v.serializedInline) is not one of \(options.map(\.serializedInline).joined(separator: ", "))")
    }
    try checkObject(v, s, path, &out)
    if case .array(let items) = v, let itemSchema = s["items"] {
      for (i, item) in items.enumerated() { try check(item, against: itemSchema, at: "\(path)[\(i)]", into: &out) }
    }
    try checkCombinators(v, s, path, &out)
    try checkScalars(v, s, path, &out)
  }

  private func checkType(_ v: JSONValue, _ t: JSONValue, _ path: String, _ out: inout [String]) throws {
    let names: [String]
    switch t {
    case .string(let n): names = [n]
    case .array(let a): names = a.compactMap { if case .string(let n) = $0 { return n } else { return nil } }
    default: throw SchemaError("\"type\" at \(path) must be a string or an array of strings")
    }
    if !names.contains(where: { Self.has(v, type: $0) }) {
      out.append("\(path): should be of type \(names.joined(separator: " or ")), found \(v.kindName)")
    }
  }

  private static func has(_ v: JSONValue, type: String) -> Bool {
    switch (type, v) {
    case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
      ("array", .array), ("object", .object):
      return true
    case ("integer", .number(let x)): return x.isFinite && x == x.rounded()
    default: return false
    }
  }

  private func checkObject(_ v: JSONValue, _ s: [String: JSONValue], _ path: String, _ out: inout [String]) throws {
    guard case .object(let o) = v else { return }
    if case .array(let required)? = s["required"] {
      for case .string(let k) in required where o[k] == nil { out.append("\(path): the key \"\(k)\" is missing") }
    }
    var properties: [String: JSONValue] = [:]
    if case .object(let p)? = s["properties"] { properties = p }
    for k in o.keys.sorted() {
      guard let value = o[k] else { continue }
      if let p = properties[k] {
        try check(value, against: p, at: "\(path).\(k)", into: &out)
      } else if let extra = s["additionalProperties"] {
        if case .bool(false) = extra {
          out.append("\(path): the key \"\(k)\" is not allowed")
        } else {
          try check(value, against: extra, at: "\(path).\(k)", into: &out)
        }
      }
    }
  }

  private func checkCombinators(_ v: JSONValue, _ s: [String: JSONValue], _ path: String, _ out: inout [String]) throws {
    if case .array(let options)? = s["anyOf"] {
      var matched = false
      for option in options {
        if try errorsFor(v, option, path).isEmpty { matched = true; break }
      }
      if !matched { out.append("\(path): matches none of the anyOf alternatives") }
    }
    if case .array(let options)? = s["oneOf"] {
      let matches = try options.filter { try errorsFor(v, $0, path).isEmpty }.count
      if matches != 1 { out.append("\(path): matches \(matches) of the oneOf alternatives instead of exactly one") }
    }
  }

  private func checkScalars(_ v: JSONValue, _ s: [String: JSONValue], _ path: String, _ out: inout [String]) throws {
    if case .number(let minimum)? = s["minimum"], case .number(let x) = v, x < minimum {
      out.append("\(path): \(JSONValue.numberText(x)) is below the minimum \(JSONValue.numberText(minimum))")
    }
    if case .string(let pattern)? = s["pattern"], case .string(let text) = v {
      let regex: Regex<AnyRegexOutput>
      do { regex = try Regex(pattern) } catch { throw SchemaError("the pattern \"\(pattern)\" does not compile: \(error)") }
      // JSON Schema patterns are unanchored searches (draft 2020-12 validation §6.3.3).
      if text.firstMatch(of: regex) == nil { out.append("\(path): \"\(text)\" does not match \(pattern)") }
    }
  }

  private func errorsFor(_ v: JSONValue, _ schema: JSONValue, _ path: String) throws -> [String] {
    var out: [String] = []
    try check(v, against: schema, at: path, into: &out)
    return out
  }

  /// Resolves a local reference: `#` or `#/$defs/name` (JSON Pointer segments, unescaped).
  private func resolve(_ ref: String) throws -> JSONValue {
    guard ref.hasPrefix("#") else { throw SchemaError("only local references are supported, not \"\(ref)\"") }
    var node = root
    for raw in ref.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
      let segment = String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
      guard case .object(let o) = node, let next = o[segment] else {
        throw SchemaError("the reference \"\(ref)\" does not resolve")
      }
      node = next
    }
    return node
  }
}

/// A schema that the validator cannot use (an unsupported keyword, a dangling reference).
struct SchemaError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

extension JSONValue {
  /// The value as compact one-line JSON, for messages.
  package var serializedInline: String {
    switch self {
    case .array(let a): return "[" + a.map(\.serializedInline).joined(separator: ", ") + "]"
    case .object(let o):
      let keys = o.keys.sorted()
      return "{" + keys.map { k in "\"\(k)\": \(o[k]?.serializedInline ?? "null")" }.joined(separator: ", ") + "}"
    default:
      var s = serialized()
      s.removeLast()
      return s
    }
  }
}

extension SchemaValidator {
  /// The violations of the JSON `instance` against the JSON Schema `schema` (both UTF-8
  /// bytes); empty when it is valid. For hosts and tests that check a written document.
  public static func violations(of instance: Data, schema: Data) throws -> [String] {
    try SchemaValidator(schema: JSONValue.parse(schema)).errors(in: JSONValue.parse(instance))
  }
}
