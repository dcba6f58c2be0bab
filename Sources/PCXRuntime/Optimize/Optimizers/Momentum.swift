import PCXSema

/// Heavy-ball momentum (Polyak 1964).
enum Momentum: OptimizerEntry {
  static let entry = CatalogEntry(
    "momentum", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("beta", .real, 0.9)] + StepRules.parameters,
    rule: .optimizer, summary: "heavy-ball momentum", reference: "SPEC 4.4")

  static let update = "Polyak's heavy ball: v_{t+1} = beta v_t - lr grad L(w_t), w_{t+1} = w_t + v_{t+1}, v_0 = 0"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .momentum(beta: try a.real("beta")) }
}
