import PCXSema

/// Gradient descent (001 Sec 1, 003 Thm 6).
enum GD: OptimizerEntry {
  static let entry = CatalogEntry(
    "gd", .optimizer, [.required("loss", .objective), .required("lr", .realOr(["theorem"]))] + StepRules.parameters,
    rule: .optimizer, summary: "gradient descent w <- w - lr grad L(w)", reference: "003 Thm 6, 001 Thm 2.2")

  static let update = "w_{t+1} = w_t - lr grad L(w_t); `lr: theorem` takes the step of the latest certificate that prescribes one (001 Thm 2.2, 1/beta of smoothness)"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .gd }
}
