import PCXNumerics
import PCXSema

/// `mlp(...)`: the fully connected network of 001 Sec 4 (standard scaling, W a + b) and 004 Sec 3
/// (ntk scaling, phi(W a / sqrt(m_{l-1})), v.a / sqrt(m)), residual blocks (000 Ex 3.3) and fixed
/// layers (000 Ex 3.4).
enum MLPEntry: ModelEntry {
  static let entry = CatalogEntry(
    "mlp", .model,
    [
      .required("in", .int), .required("hidden", .intList), .optional("out", .int, 1),
      .optional("activation", Activations.kind, .choice("tanh")), .optional("bias", .bool, true),
      .optional("scaling", .choice(category: "scaling", options: ["standard", "ntk"]), .choice("standard")),
      .optional("init", .initializer, .choice("lecun")), .optional("residual", .bool, false),
      .optional("fixed", .intList, .value(.list([]))),
    ], rule: .mlp, summary: "fully connected network; hidden: [] is linear",
    reference: "001 Sec 4 (standard), 004 Sec 3 (ntk), 000 Ex 3.3 (residual)")

  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue {
    let hidden = try a.intList("hidden")
    let activation = try a.choice("activation") ?? "tanh"
    let net = try MLP(
      inputs: try a.int("in"), hidden: hidden, outputs: try a.int("out"),
      activation: activation == "tanh" ? .tanh : .function(try Activations.function(activation, a)),
      bias: try a.bool("bias"), scaling: try a.choice("scaling") == "ntk" ? .ntk : .standard)
    try c.limits.checkParameters(net.parameterCount, "model \(c.name)")
    let theta = try initialParameters(net, a, &c)
    var model = ModelValue(description: c.text, architecture: .mlp(net), initial: theta)
    model.residual = try a.bool("residual")
    if model.residual, Set(hidden).count > 1 {
      throw a.error("residual", "residual: true needs hidden layers of one width (000 Ex 3.3 adds N_{l-1} to layer l), got \(hidden)")
    }
    model.fixed = try fixedRanges(a, model, net)
    return model
  }

  /// `init:`: a named scheme (`Initializer`) or an expression such as `load("theta.npy")`.
  static func initialParameters(_ net: MLP, _ a: CallArguments, _ c: inout BuildContext) throws -> Tensor {
    if let e = a.expression("init"), !e.isChoice {
      var scope = Scope(env: c.env, declaration: c.name, arguments: [])
      let theta = try Compiler.compile(e, &scope)([]).value.flattened
      guard theta.count == net.parameterCount else {
        throw RuntimeError(.data, "init: load(...) gives \(theta.count) numbers; an mlp with widths \(net.widths)\(net.bias ? "" : " and no biases") has \(net.parameterCount) parameters",
                           hint: "the order is W1 (row-major, out x in), b1, W2, b2, ... (docs/runtime.md)", at: e.span)
      }
      return theta
    }
    return try Initializer.mlp(net, scheme: try a.choice("init") ?? "lecun", rng: &c.rng)
  }

  /// `fixed: [l, ...]`: weight layers (1-based, the output layer is the last) kept at their
  /// initial values; their ranges in the flat vector (weights and biases).
  static func fixedRanges(_ a: CallArguments, _ model: ModelValue, _ net: MLP) throws -> [Range<Int>] {
    let layers = try a.intList("fixed")
    let per = net.bias ? 2 : 1
    var starts = [0]
    for s in model.parameterShapes { starts.append((starts.last ?? 0) + Tensor.count(of: s)) }
    return try layers.map { l in
      guard l >= 1, l <= net.layerCount else {
        throw a.error("fixed", "fixed: layer \(l) does not exist; the model has weight layers 1...\(net.layerCount)")
      }
      return starts[(l - 1) * per]..<starts[l * per]
    }
  }
}
