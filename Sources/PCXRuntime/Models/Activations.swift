import PCXNumerics
import PCXSema

/// The activations of SPEC §4.2, each with exact derivatives (`ScalarFunction`): the one table
/// the catalog's `activation:` choices and the models read.
enum Activations {
  /// Name, function and what it is.
  static let table: [(name: String, function: ScalarFunction, summary: String)] = [
    ("identity", .identity, "x (a linear layer)"),
    ("tanh", Builtins.tanhFunction, "tanh x"),
    ("sigmoid", .sigmoid, "1 / (1 + e^{-x})"),
    ("bipolar_sigmoid", .bipolarSigmoid, "(1 - e^{-x}) / (1 + e^{-x})"),
    ("softplus", .softplus, "log(1 + e^x)"),
    ("smooth_leaky_relu", .smoothLeakyReLU(0.1), "a x + (1 - a) log(1 + e^x) with a = 0.1 (001 Remark 4.6)"),
    ("leaky_relu", .leakyReLU(0.1), "max(x, 0.1 x)"),
    ("relu", .relu, "max(x, 0)"),
    ("cloglog", .cloglog, "1 - exp(-e^x), complementary log-log"),
    ("gelu", .gelu, "x Phi(x)"),
    ("swish", .swish, "x / (1 + e^{-x})"),
  ]

  /// The names, in the table's order.
  static let names = table.map(\.name)

  /// The `activation:` parameter kind.
  static let kind = ArgKind.choice(category: "activation", options: names)

  /// The function of a name the checker accepted.
  static func function(_ name: String, _ a: CallArguments) throws -> ScalarFunction {
    guard let f = table.first(where: { $0.name == name })?.function else {
      throw a.error("activation", "unknown activation '\(name)'")
    }
    return f
  }
}
