import PCXNumerics
import PCXSema

/// `csv(path, label, header)`: every column but the label is a feature (SPEC §4.1); the label is a
/// column name, an index, or the last column.
enum CSVData: DataSourceEntry {
  static let entry = CatalogEntry(
    "csv", .data,
    [.required("path", .string), .optional("label", .string, .contextual("last column")), .optional("header", .bool, true)],
    rule: .csvData, summary: "a CSV file: every column but the label is a feature", reference: "SPEC 4.1")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    let path = try a.string("path")
    var label = CSVLabel.last
    if let e = a.expression("label") {
      if case .literal(.string(let s)) = e.kind { label = .name(s) } else { label = .index(try a.int("label")) }
    }
    do {
      return try CSVReader.read(path: c.env.reads.resolve(path), label: label, header: try a.bool("header"), displayName: path)
    } catch let error as RuntimeError {
      throw error.at(a.expression("path")?.span)
    }
  }
}

/// `npy(path, labels)`: features and labels from NumPy `.npy` files (rank 1 or 2; higher ranks
/// are flattened per row).
enum NPYData: DataSourceEntry {
  static let entry = CatalogEntry(
    "npy", .data, [.required("path", .string), .required("labels", .string)],
    rule: .npyData, summary: "features and labels from NumPy .npy files", reference: "SPEC 4.1")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    let xPath = try a.string("path"), yPath = try a.string("labels")
    let x = try read(xPath, a, "path", c), y = try read(yPath, a, "labels", c)
    return try Dataset(x: try rows(x), y: try rows(y), source: "\(xPath), \(yPath)")
  }

  static func read(_ path: String, _ a: CallArguments, _ parameter: String, _ c: BuildContext) throws -> Tensor {
    do { return try NPY.read(path: c.env.reads.resolve(path)) } catch let error as RuntimeError {
      throw error.at(a.expression(parameter)?.span)
    }
  }

  /// A rank-2 view: rows by the first axis.
  static func rows(_ t: Tensor) throws -> Tensor {
    t.rank == 2 ? t : try t.reshaped([t.shape.first ?? 0, t.count / Swift.max(t.shape.first ?? 1, 1)])
  }
}
