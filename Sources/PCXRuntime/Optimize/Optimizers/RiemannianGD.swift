import PCXSema

/// Riemannian gradient descent on the unit sphere (002 Sec 2.3).
enum RiemannianGD: OptimizerEntry {
  static let entry = CatalogEntry(
    "riemannian_gd", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("manifold", .choice(category: "manifold", options: ["sphere"]), .choice("sphere"))] + StepRules.parameters,
    rule: .optimizer, summary: "Riemannian gradient descent with retraction", reference: "002 Sec 2.3")

  static let update = "on each block declared `on sphere`: x_{t+1} = (x_t - lr P grad f(x_t)) / ||x_t - lr P grad f(x_t)||, P = I - x_t x_t^T (the Riemannian gradient and the normalising retraction of 002 Sec 2.3); other coordinates take gradient steps"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .riemannianGD }
}
