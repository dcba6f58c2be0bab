import PCXNumerics
import PCXSema

/// The synthetic data sources of SPEC §4.1 (`gaussian`, `sphere`, `independent`): n rows of d
/// features drawn from the declaration's stream, then labels (`labels:`, k per row).
enum SyntheticData {
  /// Parameters every synthetic source shares after `n` and `d`.
  static let labelParameters: [ParamSpec] = [.optional("labels", .labels, .choice("random")), .optional("k", .int, 1)]

  /// The dataset of a synthetic source whose features `features` draws.
  static func make(
    _ a: CallArguments, _ c: inout BuildContext,
    features: (Int, Int, inout RandomStream) throws -> Tensor
  ) throws -> Dataset {
    let n = try a.int("n"), d = try a.int("d")
    try c.limits.checkBytes(Memory.doubles(n * d), "data \(c.name)")
    let x = try features(n, d, &c.rng)
    let y = try Labels.make(a, x: x, k: try a.int("k"), &c)
    return try Dataset(x: x, y: y, source: "\(a.entry.name)(n: \(n), d: \(d))")
  }
}

/// `gaussian(n, d)`: i.i.d. N(0, 1) features.
enum GaussianData: DataSourceEntry {
  static let entry = CatalogEntry(
    "gaussian", .data, [.required("n", .int), .required("d", .int)] + SyntheticData.labelParameters,
    rule: .syntheticData, summary: "n rows of d i.i.d. N(0, 1) features", reference: "SPEC 4.1")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try SyntheticData.make(a, &c) { n, d, rng in try Synthetic.gaussian(n: n, d: d, rng: &rng) }
  }
}

/// `sphere(n, d, radius)`: rows uniform on the sphere of the radius (sqrt(d) by default, 004
/// Assumption 2's ||x|| = sqrt(d)).
enum SphereData: DataSourceEntry {
  static let entry = CatalogEntry(
    "sphere", .data,
    [.required("n", .int), .required("d", .int), .optional("radius", .real, .contextual("sqrt(d)"))] + SyntheticData.labelParameters,
    rule: .syntheticData, summary: "n rows uniform on the sphere of the given radius", reference: "004 Assumption 2")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    let radius = try a.optionalReal("radius")
    return try SyntheticData.make(a, &c) { n, d, rng in
      try Synthetic.sphere(n: n, d: d, radius: radius ?? Double(d).squareRoot(), rng: &rng)
    }
  }
}

/// `independent(n, d)`: n linearly independent inputs (d >= n), as 001 Thm 4.1 needs.
enum IndependentData: DataSourceEntry {
  static let entry = CatalogEntry(
    "independent", .data, [.required("n", .int), .required("d", .int)] + SyntheticData.labelParameters,
    rule: .syntheticData, summary: "n linearly independent inputs (needs d >= n)", reference: "001 Thm 4.1")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset {
    try SyntheticData.make(a, &c) { n, d, rng in try Synthetic.independent(n: n, d: d, rng: &rng) }
  }
}
