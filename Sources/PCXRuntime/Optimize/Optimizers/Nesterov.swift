import PCXSema

/// Nesterov momentum in Sutskever et al.'s form.
enum Nesterov: OptimizerEntry {
  static let entry = CatalogEntry(
    "nesterov", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("beta", .real, 0.9)] + StepRules.parameters,
    rule: .optimizer, summary: "Nesterov accelerated gradient", reference: "SPEC 4.4")

  static let update = "Sutskever et al.'s form (ICML 2013, eq. (3)-(4)): v_{t+1} = beta v_t - lr grad L(w_t + beta v_t), w_{t+1} = w_t + v_{t+1}, v_0 = 0"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .nesterov(beta: try a.real("beta")) }
}
