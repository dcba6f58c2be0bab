import PCXSource

// JSON for what a shard carries besides the results document's records: plot changes (with
// every number exact, NaN and infinities included, since the SVG draws them), sweep keys in
// order, and the error that stopped a point (with its span, so `gather` renders it exactly as
// the serial run would).

extension JSONValue {
  /// A number that reads back bit for bit: finite values as numbers, the rest (and -0) as text.
  static func exact(_ x: Double) -> JSONValue {
    if x.isNaN { return .string("nan") }
    if x.isInfinite { return .string(x < 0 ? "-inf" : "inf") }
    if x == 0, x.sign == .minus { return .string("-0") }
    return .number(x)
  }

  static func exact(_ xs: [Double]) -> JSONValue { .array(xs.map(exact)) }
}

extension JSONFields {
  static func exact(_ v: JSONValue, _ path: String) throws -> Double {
    switch v {
    case .number(let x): return x
    case .string("nan"): return .nan
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    case .string("-0"): return -0.0
    default: throw mismatch(path, "a number (or \"nan\", \"inf\", \"-inf\", \"-0\")", v)
    }
  }

  func exact(_ key: String) throws -> [Double] {
    let path = self.path + "." + key
    guard case .array(let a) = try value(key) else { throw Self.mismatch(path, "an array", try value(key)) }
    return try a.enumerated().map { i, x in try Self.exact(x, "\(path)[\(i)]") }
  }

  func bool(_ key: String) throws -> Bool {
    guard case .bool(let b) = try value(key) else { throw Self.mismatch(path + "." + key, "true or false", try value(key)) }
    return b
  }
}

// MARK: Plot changes

extension PlotOp {
  /// The change as JSON.
  var json: JSONValue {
    switch self {
    case .series(let path, let title, let xLabel, let yLabel, let versus, let extendsLast, let name, let x, let y):
      return .object([
        "op": .string("series"), "path": .string(path), "title": .string(title), "x_label": .string(xLabel),
        "y_label": .string(yLabel), "versus": .bool(versus), "extends_last": .bool(extendsLast),
        "name": .string(name), "x": .exact(x), "y": .exact(y),
      ])
    case .field(let path, let f):
      return .object([
        "op": .string("field"), "path": .string(path), "title": .string(f.title), "x_label": .string(f.xLabel),
        "y_label": .string(f.yLabel), "value_label": .string(f.valueLabel), "xs": .exact(f.xs), "ys": .exact(f.ys),
        "values": .array(f.values.map(JSONValue.exact)), "color_map": .string(f.colorMap.rawValue),
        "value_scale": .string(f.valueScale.rawValue), "contours": .exact(f.contours),
        "region": f.region.map { .array($0.map { .array($0.map(JSONValue.bool)) }) } ?? .null,
        "region_label": .string(f.regionLabel), "region_cells": .bool(f.regionCells),
        "overlays": .array(f.overlays.map { s in
          .object(["name": .string(s.name), "x": .exact(s.x), "y": .exact(s.y), "style": .string(s.style.rawValue)])
        }),
      ])
    }
  }

  init(fields f: JSONFields) throws {
    let path = try f.string("path")
    switch try f.string("op") {
    case "series":
      self = .series(
        path: path, title: try f.string("title"), xLabel: try f.string("x_label"), yLabel: try f.string("y_label"),
        versus: try f.bool("versus"), extendsLast: try f.bool("extends_last"), name: try f.string("name"),
        x: try f.exact("x"), y: try f.exact("y"))
    case "field":
      self = .field(path: path, try FieldPlot(fields: f))
    case let other:
      throw RuntimeError(.data, "`\(f.path).op` has the unknown value \"\(other)\"")
    }
  }
}

extension FieldPlot {
  init(fields f: JSONFields) throws {
    let rows = try f.array("values").enumerated().map { i, row in try JSONFields.exactRow(row, "\(f.path).values[\(i)]") }
    let region = try f.optionalObjectsOrNull("region")?.enumerated().map { i, row -> [Bool] in
      guard case .array(let cells) = row else { throw JSONFields.mismatch("\(f.path).region[\(i)]", "an array", row) }
      return try cells.map { c in
        guard case .bool(let b) = c else { throw JSONFields.mismatch("\(f.path).region[\(i)]", "booleans", c) }
        return b
      }
    }
    let overlays = try f.optionalObjects("overlays").map { o in
      Series(name: try o.string("name"), x: try o.exact("x"), y: try o.exact("y"), style: try o.enumeration("style", SeriesStyle.self))
    }
    self.init(
      title: try f.string("title"), xLabel: try f.string("x_label"), yLabel: try f.string("y_label"),
      valueLabel: try f.string("value_label"), xs: try f.exact("xs"), ys: try f.exact("ys"), values: rows,
      colorMap: try f.enumeration("color_map", ColorMap.self), valueScale: try f.enumeration("value_scale", AxisScale.self),
      contours: try f.exact("contours"), region: region, regionLabel: try f.string("region_label"),
      overlays: overlays, regionCells: try f.bool("region_cells"))
  }
}

extension JSONFields {
  static func exactRow(_ v: JSONValue, _ path: String) throws -> [Double] {
    guard case .array(let a) = v else { throw mismatch(path, "an array", v) }
    return try a.enumerated().map { i, x in try exact(x, "\(path)[\(i)]") }
  }

  /// The items of an array, or nil when the key is null.
  func optionalObjectsOrNull(_ key: String) throws -> [JSONValue]? {
    if case .null = fields[key] ?? .null { return nil }
    return try array(key)
  }
}

// MARK: Keys and errors

/// A sweep key as an ordered JSON list of `[name, value]` pairs.
func orderedKeyJSON(_ key: [(String, Double)]) -> JSONValue {
  .array(key.map { .array([.string($0.0), .exact($0.1)]) })
}

func orderedKey(_ v: JSONValue, _ path: String) throws -> [(String, Double)] {
  guard case .array(let pairs) = v else { throw JSONFields.mismatch(path, "an array of [name, value] pairs", v) }
  return try pairs.enumerated().map { i, pair in
    guard case .array(let p) = pair, p.count == 2, case .string(let name) = p[0] else {
      throw JSONFields.mismatch("\(path)[\(i)]", "a [name, value] pair", pair)
    }
    return (name, try JSONFields.exact(p[1], "\(path)[\(i)][1]"))
  }
}

extension ScriptError {
  /// The error with its span, as a shard keeps it.
  var json: JSONValue {
    .object([
      "file": .string(span.file), "start": .number(Double(span.start)), "end": .number(Double(span.end)),
      "line": .number(Double(span.line)), "column": .number(Double(span.column)),
      "kind": .string(error.kind.rawValue), "message": .string(error.message),
      "hint": error.hint.map(JSONValue.string) ?? .null,
    ])
  }

  init(fields f: JSONFields) throws {
    let span = SourceSpan(file: try f.string("file"), start: try f.int("start"), end: try f.int("end"),
                          line: try f.int("line"), column: try f.int("column"))
    self.init(span: span, error: RuntimeError(try f.enumeration("kind", RuntimeError.Kind.self), try f.string("message"),
                                             hint: try f.optionalString("hint")))
  }
}
