import PCXNumerics
import PCXSema

/// `neuron(in, activation)`: a single neuron sigma(<w, x>) (000 Sec 4, 002 Sec 3), w ~ N(0, 1/d).
enum NeuronEntry: ModelEntry {
  static let entry = CatalogEntry(
    "neuron", .model,
    [.optional("in", .int, .contextual("inferred from data")), .optional("activation", Activations.kind, .choice("relu"))],
    rule: .singleNeuron, summary: "single neuron sigma(<w, x>)", reference: "000 Sec 4, 002 Sec 3")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue {
    try singleNeuron(a, &c)
  }

  /// sigma(<w, x>) with `in:` given or inferred from the data the checker bound it to.
  static func singleNeuron(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue {
    let inferred: Int? = { if case .model(let d, _, _) = c.type { return d.value } else { return nil } }()
    guard let inputs = try a.optionalInt("in") ?? inferred else {
      throw a.error("in", "\(a.entry.name) needs 'in:' (its input width) when no dataset fixes it")
    }
    let activation = try Activations.function(try a.choice("activation") ?? "", a)
    let w = try c.rng.normalTensor([inputs], std: 1 / Double(inputs).squareRoot())
    return ModelValue(description: c.text, architecture: .neuron(inputs: inputs, activation: activation), initial: w)
  }
}
