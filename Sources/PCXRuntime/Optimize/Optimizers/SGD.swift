import PCXSema

/// Stochastic gradient descent on mini-batches (000 Sec 3, 003 Thm 7).
enum SGD: OptimizerEntry {
  static let entry = CatalogEntry(
    "sgd", .optimizer, [.required("loss", .dataLoss), .required("lr", .realOr(["theorem"])), .optional("batch", .int, 1)] + StepRules.parameters,
    rule: .optimizer, summary: "stochastic gradient descent on mini-batches", reference: "003 Thm 7, 000 Sec 3")

  static let update = "w_{t+1} = w_t - lr grad L_B(w_t), L_B the loss on a batch B scaled so that its mean over batches is L: online SGD (batch: 1) draws one index uniformly with replacement at every step (000 Sec 1, 003 Thm 7 with s = 1); batch: b > 1 draws b distinct indices uniformly, independently at every step; the draws come from the run's own stream"

  static func kind(_ a: CallArguments) throws -> OptimizerKind { .sgd(batch: try a.int("batch")) }
}
