import PCXNumerics
import PCXSema

/// `linear_net(dims)`: the deep linear network W_L ... W_1 x (003 Sec 4), W_l ~ N(0, 1/dims[l-1]).
enum LinearNetEntry: ModelEntry {
  static let entry = CatalogEntry(
    "linear_net", .model, [.required("dims", .intList)],
    rule: .linearNet, summary: "deep linear network W_L ... W_1 x", reference: "003 Sec 4")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue {
    let dims = try a.intList("dims")
    guard dims.count >= 2, dims.allSatisfy({ $0 > 0 }) else {
      throw a.error("dims", "linear_net needs at least two positive widths")
    }
    let parts = try (1..<dims.count).map {
      try c.rng.normalTensor([dims[$0], dims[$0 - 1]], std: 1 / Double(dims[$0 - 1]).squareRoot())
    }
    return ModelValue(description: c.text, architecture: .linearNet(dims: dims), initial: Tensor(parts.flatMap(\.scalars)))
  }
}
