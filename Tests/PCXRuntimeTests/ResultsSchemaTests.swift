import Foundation
import Testing
@testable import PCXRuntime

@Suite("Results schema")
struct ResultsSchemaTests {
  /// The encoded sample document, parsed back as a JSON tree.
  private func sampleTree() throws -> JSONValue { try JSONValue.parse(sampleDocument().encoded()) }

  /// Replaces the value at a path of object keys and array indices.
  private func replacing(_ v: JSONValue, _ path: [Any], with new: JSONValue?) -> JSONValue {
    guard let head = path.first else { return new ?? .null }
    let rest = Array(path.dropFirst())
    switch (v, head) {
    case (.object(var o), let k as String):
      if rest.isEmpty && new == nil { o[k] = nil } else { o[k] = replacing(o[k] ?? .null, rest, with: new) }
      return .object(o)
    case (.array(var a), let i as Int):
      a[i] = replacing(a[i], rest, with: new)
      return .array(a)
    default: return v
    }
  }

  private func errors(_ instance: JSONValue) throws -> [String] {
    try SchemaValidator(schema: publishedSchema()).errors(in: instance)
  }

  @Test func sampleDocumentValidates() throws {
    #expect(try errors(sampleTree()) == [])
    let empty = ResultsDocument(pcxVersion: "0.1.0", scriptSHA256: String(repeating: "f", count: 64), seed: 0,
                                commandLine: ["pcx", "run", "x.pcx"])
    #expect(try errors(JSONValue.parse(empty.encoded())) == [])
  }

  @Test func missingKeyIsRejected() throws {
    let broken = replacing(try sampleTree(), ["seed"], with: nil)
    #expect(try errors(broken) == ["$: the key \"seed\" is missing"])
    let noMethod = replacing(try sampleTree(), ["certificates", 1, "method"], with: nil)
    #expect(try errors(noMethod) == ["$.certificates[1]: the key \"method\" is missing"])
  }

  @Test func verdictOutsideTheEnumIsRejected() throws {
    let broken = replacing(try sampleTree(), ["certificates", 0, "verdict"], with: .string("proved"))
    let found = try errors(broken)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("$.certificates[0].verdict: \"proved\" is not one of") == true)
  }

  @Test func otherViolationsAreRejected() throws {
    let tree = try sampleTree()
    // A string in a trace, an unknown key, a bad hash, a negative step count, a fractional seed.
    let cases: [([Any], JSONValue?, String)] = [
      (["runs", 0, "traces", "loss", 1], .string("nan"), "$.runs[0].traces.loss[1]: matches none of the anyOf"),
      (["runs", 0, "colour"], .string("red"), "$.runs[0]: the key \"colour\" is not allowed"),
      (["script_sha256"], .string("ABC"), "$.script_sha256: \"ABC\" does not match"),
      (["runs", 1, "steps"], .number(-1), "$.runs[1].steps: -1 is below the minimum"),
      (["seed"], .number(0.5), "$.seed: should be of type integer"),
      (["certificates", 1, "guarantee", "check"], .string("ok"), "$.certificates[1].guarantee: matches 0 of the oneOf"),
      (["schema"], .string("pcx.results/2"), "$.schema: should be \"pcx.results/1\""),
    ]
    for (path, value, message) in cases {
      let found = try errors(replacing(tree, path, with: value))
      #expect(found.count == 1 && found[0].hasPrefix(message), "\(path): \(found)")
    }
  }

  @Test func unsupportedKeywordsAreSchemaErrors() {
    let schema = JSONValue.object(["type": .string("string"), "maxLength": .number(3)])
    #expect(throws: SchemaError.self) { try SchemaValidator(schema: schema).errors(in: .string("x")) }
    let dangling = JSONValue.object(["$ref": .string("#/$defs/nothing")])
    #expect(throws: SchemaError.self) { try SchemaValidator(schema: dangling).errors(in: .null) }
  }
}
