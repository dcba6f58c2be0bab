import PCXNumerics
import PCXSema

/// The transforms of SPEC §4.1 on a dataset given as `data:` (a name or a nested data call).
enum TransformData {
  /// The dataset the transform applies to.
  static func base(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    guard let e = a.expression("data") else { throw a.error("data", "\(a.entry.name) needs data") }
    return try Build.dataset(e, &c)
  }
}

/// `take(data, k)`: the first k rows.
enum TakeData: DataSourceEntry {
  static let entry = CatalogEntry(
    "take", .data, [.required("data", .dataset), .required("k", .int)],
    rule: .transformData, summary: "the first k rows", reference: "SPEC 4.1")
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try Transforms.take(try TransformData.base(a, &c), try a.int("k"))
  }
}

/// `standardize(data)`: features with zero mean and unit variance.
enum StandardizeData: DataSourceEntry {
  static let entry = CatalogEntry(
    "standardize", .data, [.required("data", .dataset)],
    rule: .transformData, summary: "features with zero mean and unit variance", reference: "SPEC 4.1")
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try Transforms.standardize(try TransformData.base(a, &c))
  }
}

/// `normalize_rows(data, norm)`: every row scaled to the given norm (004 Assumption 2).
enum NormalizeRowsData: DataSourceEntry {
  static let entry = CatalogEntry(
    "normalize_rows", .data, [.required("data", .dataset), .optional("norm", .real, 1.0)],
    rule: .transformData, summary: "every row scaled to the given norm", reference: "SPEC 4.1, 004 Assumption 2")
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try Transforms.normalizeRows(try TransformData.base(a, &c), norm: try a.real("norm"))
  }
}

/// `one_hot(data, classes)`: integer labels as one-hot rows.
enum OneHotData: DataSourceEntry {
  static let entry = CatalogEntry(
    "one_hot", .data, [.required("data", .dataset), .required("classes", .int)],
    rule: .transformData, summary: "integer labels as one-hot rows", reference: "SPEC 4.1")
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try Transforms.oneHot(try TransformData.base(a, &c), classes: try a.int("classes"))
  }
}
