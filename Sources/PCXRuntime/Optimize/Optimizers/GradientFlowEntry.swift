import PCXSema

/// Gradient flow (001 Thm 2.1) by an adaptive ODE solver.
enum GradientFlowEntry: OptimizerEntry {
  static let entry = CatalogEntry(
    "gradient_flow", .optimizer, [.required("loss", .objective), .required("until", .real), .optional("tol", .real, 1e-8)],
    rule: .optimizer, summary: "gradient flow dw/dt = -grad L(w) by Dormand-Prince RK45", reference: "001 Thm 2.1")

  static let update = "dw/dt = -grad L(w) from w_0 to time `until`, by adaptive Dormand-Prince RK45 with rtol = tol and atol = tol / 100; every accepted step is an iterate"

  /// The ODE's budget of accepted steps (the flow has no `steps:`): far beyond what a smooth flow
  /// to a modest time needs, and still bounded by `--max-steps`.
  static let defaultSteps: Int? = 1_000_000

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .gradientFlow(until: try a.real("until"), tol: try a.real("tol")) }
}
