import PCXSema

/// `glm(in, activation)`: the generalised linear model sigma(<w, x>) of 002 Sec 3 (a single
/// neuron with a sigmoid by default).
enum GLMEntry: ModelEntry {
  static let entry = CatalogEntry(
    "glm", .model,
    [.optional("in", .int, .contextual("inferred from data")), .optional("activation", Activations.kind, .choice("sigmoid"))],
    rule: .singleNeuron, summary: "generalised linear model sigma(<w, x>)", reference: "002 Sec 3")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue {
    try NeuronEntry.singleNeuron(a, &c)
  }
}
