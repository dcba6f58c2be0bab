import PCXSema

/// Adam with bias correction (Kingma & Ba 2015).
enum Adam: OptimizerEntry {
  static let entry = CatalogEntry(
    "adam", .optimizer, [.required("loss", .objective), .optional("lr", .real, 1e-3), .optional("beta1", .real, 0.9), .optional("beta2", .real, 0.999), .optional("eps", .real, 1e-8)] + StepRules.parameters,
    rule: .optimizer, summary: "Adam", reference: "SPEC 4.4")

  static let update = "Kingma & Ba (ICLR 2015), Algorithm 1: m_t = beta1 m_{t-1} + (1 - beta1) g_t, v_t = beta2 v_{t-1} + (1 - beta2) g_t^2, m^ = m_t / (1 - beta1^t), v^ = v_t / (1 - beta2^t), w_t = w_{t-1} - lr m^ / (sqrt(v^) + eps), with bias correction from t = 1"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .adam(beta1: try a.real("beta1"), beta2: try a.real("beta2"), epsilon: try a.real("eps")) }
}
