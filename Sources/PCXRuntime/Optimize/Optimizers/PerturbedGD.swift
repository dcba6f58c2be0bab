import PCXSema

/// Perturbed gradient descent (Jin et al. 2017), which escapes strict saddles (002 Sec 2.2).
enum PerturbedGD: OptimizerEntry {
  static let entry = CatalogEntry(
    "perturbed_gd", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("radius", .real, 1e-3), .optional("threshold", .real, 1e-3), .optional("interval", .int, 10)] + StepRules.parameters,
    rule: .optimizer, summary: "gradient descent with random perturbations near saddles", reference: "002 Sec 2.2")

  static let update = "Jin et al. (ICML 2017), Algorithm 2: gradient descent, plus a point uniform in the ball of `radius` added when ||grad f|| <= `threshold` and no perturbation happened in the last `interval` steps; a grad_norm stop rule stops only where a perturbation found no descent within `interval` steps"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .perturbedGD(radius: try a.real("radius"), threshold: try a.real("threshold"), interval: try a.int("interval")) }
}
