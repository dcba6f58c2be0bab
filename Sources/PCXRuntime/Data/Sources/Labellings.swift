import PCXNumerics
import PCXSema

/// `labels:` of synthetic data (SPEC §4.1): the catalog's default `random` (i.i.d. N(0, 1)), a
/// registered labelling (`teacher`, `glm`, `halfspace`), or an expression of the row `x`.
enum Labels {
  static func make(_ a: CallArguments, x: Tensor, k: Int, _ c: inout BuildContext) throws -> Tensor {
    let e = a.expression("labels")
    if let e, case .call(let fn, _, _) = e.kind, let labelling = Registry.labelling(fn) {
      return try labelling.labels(CallArguments(e, entry: labelling.entry, env: c.env, declaration: c.name), x: x, k: k, &c)
    }
    if let e, !e.isChoice { return try expression(e, x: x, &c) }
    guard try a.choice("labels") == "random" else { throw a.error("labels", "unknown labelling") }
    return try Synthetic.randomLabels(n: x.shape[0], k: k, rng: &c.rng)
  }

  /// An expression of the row x, compiled once and applied to every row.
  static func expression(_ e: TExpr, x: Tensor, _ c: inout BuildContext) throws -> Tensor {
    var scope = Scope(env: c.env, declaration: c.name, arguments: ["x"])
    let f = try Compiler.compile(e, &scope)
    let n = x.shape[0], d = x.shape[1]
    var y = Tensor.zeros([n, 1])
    for i in 0..<n {
      let row = Tensor(Array(x.scalars[(i * d)..<((i + 1) * d)]))
      y.scalars[i] = try f([Var(constant: row)]).value.scalars.first ?? .nan
    }
    return y
  }
}

/// `teacher(model, noise)`: labels from a teacher model at its initial parameters.
enum TeacherLabels: LabellingEntry {
  static let entry = CatalogEntry(
    "teacher", .labels, [.required("model", .model), .optional("noise", .real, 0.0)],
    rule: .labels, summary: "labels from a teacher model", reference: "SPEC 4.1")

  static func labels(_ a: CallArguments, x: Tensor, k: Int, _ c: inout BuildContext) throws -> Tensor {
    guard case .model(let teacher)? = try a.value("model") else { throw a.error("model", "teacher needs a model") }
    return try Synthetic.teacherLabels(x: x, noise: try a.real("noise"), rng: &c.rng) { try teacher.evaluate(teacher.initial, $0) }
  }
}

/// `glm(w_star, activation, noise)`: a planted GLM y = sigma(w*.x) + bounded noise (002 Sec 3).
enum GLMLabels: LabellingEntry {
  static let entry = CatalogEntry(
    "glm", .labels,
    [.required("w_star", .vector), .optional("activation", Activations.kind, .choice("sigmoid")), .optional("noise", .real, 0.0)],
    rule: .labels, summary: "planted GLM y = sigma(w*.x) + bounded noise", reference: "002 Sec 3")

  static func labels(_ a: CallArguments, x: Tensor, k: Int, _ c: inout BuildContext) throws -> Tensor {
    let activation = try Activations.function(try a.choice("activation") ?? "", a)
    return try Synthetic.glmLabels(x: x, wStar: try a.tensor("w_star"), activation: activation, noise: try a.real("noise"), rng: &c.rng)
  }
}

/// `halfspace(w_star, flip)`: sign(w*.x) labels, each flipped with probability `flip` (000 Sec 4).
enum HalfspaceLabels: LabellingEntry {
  static let entry = CatalogEntry(
    "halfspace", .labels, [.required("w_star", .vector), .optional("flip", .real, 0.0)],
    rule: .labels, summary: "sign(w*.x) labels with flip noise", reference: "000 Sec 4")

  static func labels(_ a: CallArguments, x: Tensor, k: Int, _ c: inout BuildContext) throws -> Tensor {
    try Synthetic.halfspaceLabels(x: x, wStar: try a.tensor("w_star"), flip: try a.real("flip"), rng: &c.rng)
  }
}
