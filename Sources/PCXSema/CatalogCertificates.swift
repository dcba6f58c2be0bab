// Certificates (SPEC §5), point sets and builtin functions, as catalog data.

private typealias P = ParamSpec
private let onSet = P.optional("on", .set, "the run that trains it")
private let samples = P.optional("samples", .int, "1000")
/// A claimed constant; `auto` only estimates it.
private let claimMu = P.optional("mu", .realOr(["auto"]), "auto")

let certificateEntries: [CatalogEntry] = [
  CatalogEntry("pl", .certificate, [.required("loss", .objective), onSet, .optional("l_star", .real, "0.0"), claimMu],
    rule: .certificate, summary: "||grad L(w)||^2 >= mu (L(w) - L*)", reference: "002 Thm 2.4, 000 Sec 2"),
  CatalogEntry("pl_star", .certificate, [.required("loss", .objective), onSet, claimMu],
    rule: .certificate, summary: "||grad L(w)||^2 >= mu L(w); for square loss also lambda_min(K(w))", reference: "003 eq (3), Def 3, Thm 1, Thm 6"),
  CatalogEntry("pl_star_eps", .certificate, [.required("loss", .objective), .required("eps", .real), onSet, claimMu],
    rule: .certificate, summary: "PL* on {w in S : L(w) >= eps}", reference: "003 Def 5, Thm 9, 10"),
  CatalogEntry("uniform_conditioning", .certificate, [.required("loss", .objective), onSet, claimMu],
    rule: .certificate, summary: "lambda_min(K(w)) >= mu and the condition number", reference: "003 Def 3, Def 4, Prop 5"),
  CatalogEntry("hessian_control", .certificate, [.required("loss", .objective), .required("radius", .realOr(["auto"])), .optional("mu", .real, "lambda_0 / 2"), .optional("samples", .int, "12")],
    rule: .certificate, summary: "||H_F|| <= (lambda_0 - mu) / (2 L_F sqrt(n) R) in B(w0, R)", reference: "003 Thm 2"),
  CatalogEntry("chatterjee", .certificate, [.required("f", .objective), .optional("at", .point, "none"), .required("radius", .realOr(["auto"])),
                                             .optional("on", .set, "none")],
    rule: .certificate, summary: "alpha(x0, r) = inf ||grad f||^2 / f on B(x0, r); 4 f(x0) < r^2 alpha, at one x0 or at every point of on: (a grid draws 001 Figure 1)", reference: "001 eq (2.1), Thm 2.1, Thm 2.2, Figure 1"),
  CatalogEntry("proxy_pl", .certificate, [.required("f", .objective), .required("g", .objective), .optional("alpha", .real, "2.0"), .optional("mu", .real, "auto"), .optional("xi", .real, "0.0"), onSet],
    rule: .certificate, summary: "||grad f(w)||^alpha >= (mu/2) (g(w) - xi)", reference: "000 Def 1.2, Thm 3.1"),
  CatalogEntry("proxy_convex", .certificate, [.required("f", .objective), .required("g", .objective), .required("h", .objective), onSet, .optional("v", .point, "every point of the set")],
    rule: .certificate, summary: "<grad f(w), w - v> >= g(w) - h(v)", reference: "000 Def 1.1, Thm 4.1"),
  CatalogEntry("strict_saddle", .certificate, [.required("f", .objective), .required("alpha", .real), .required("beta", .real), .required("gamma", .real), onSet],
    rule: .certificate, summary: "||grad f|| >= alpha or lambda_min(hess f) <= -beta or a local min within gamma", reference: "002 Def 2.1"),
  CatalogEntry("quasi_convex", .certificate, [.required("f", .objective), .required("x_star", .point), .optional("tau", .real, "auto"), onSet],
    rule: .certificate, summary: "grad f(x)^T (x - x*) >= tau (f(x) - f(x*))", reference: "002 Def 2.5"),
  CatalogEntry("rsi", .certificate, [.required("f", .objective), .required("x_star", .point), .optional("tau", .real, "auto"), onSet],
    rule: .certificate, summary: "grad f(x)^T (x - x*) >= tau ||x - x*||^2", reference: "002 eq (2.3)"),
  CatalogEntry("rsc", .certificate, [.required("run", .run), .required("kappa", .real), .optional("rho2", .real, "1.0"), .optional("every", .int, "about 20 iterates"), .optional("rho", .real, "none"), .optional("rho1", .real, "rho")],
    rule: .certificate, summary: "restricted strong convexity along a run, alpha_t = c1 ||gbar_t||^2 - c2/sqrt(m)", reference: "004 Def 5.1, 5.2, Thm 5.1-5.3, Lemma 5.1"),
  CatalogEntry("hessian_spectrum", .certificate, [.required("f", .objective), .optional("at", .point, "the initial parameters"), .optional("count", .int, "1")],
    rule: .certificate, summary: "extreme eigenvalues of hess f (Lanczos on HVPs, dense when p is small)", reference: "004 Thm 4.1, 003 App C"),
  CatalogEntry("landscape", .certificate, [.required("f", .objective), .optional("starts", .int, "20"), .optional("steps", .int, "1000")],
    rule: .certificate, summary: "multi-start local search; classify limits by their Hessian", reference: "002 Sec 2.2, 4, 5"),
  CatalogEntry("smoothness", .certificate, [.required("loss", .objective), onSet, .optional("beta", .realOr(["auto"]), "auto")],
    rule: .certificate, summary: "sup of ||hess L||_2 over a set", reference: "001 Thm 2.2, 003 Def 1, 004 Thm 5.2"),
  CatalogEntry("lipschitz", .certificate, [.required("loss", .objective), onSet, .optional("L", .realOr(["auto"]), "auto")],
    rule: .certificate, summary: "sup of ||grad L|| (or ||DF||_2) over a set", reference: "003 Def 2, 001 Thm 2.2"),
  CatalogEntry("convexity", .certificate, [.required("loss", .objective), onSet],
    rule: .certificate, summary: "lambda_min(hess L) >= 0 on a set", reference: "003 Sec 3, Prop 2"),
]

let setEntries: [CatalogEntry] = [
  CatalogEntry("points", .set, [.required("points", .valueList)],
    rule: .set, summary: "a finite list of points", reference: "SPEC 5"),
  CatalogEntry("ball", .set, [.required("center", .point), .required("radius", .real), samples],
    rule: .set, summary: "the ball B(center, radius), sampled and searched adversarially", reference: "SPEC 5, 003 Thm 6"),
  CatalogEntry("spectral_ball", .set, [.required("radius", .real), .optional("rho1", .real, "radius"), samples],
    rule: .set, summary: "layer spectral-norm ball around the initial weights", reference: "004 Def 5.2, Assumption A4.2"),
  CatalogEntry("grid", .set, [.required("x", .vector), .required("y", .vector), .optional("n", .int, "50")],
    rule: .set, summary: "the n x n points of [x0, x1] x [y0, y1] (ends included; 2 <= n <= 500), a finite set for objectives of two scalars", reference: "001 Figure 1"),
]

let builtinEntries: [CatalogEntry] = [
  CatalogEntry("zeros", .builtin, [.required("m", .int), .optional("n", .int, "none")], rule: .filled, summary: "a vector or matrix of zeros", reference: "-"),
  CatalogEntry("ones", .builtin, [.required("m", .int), .optional("n", .int, "none")], rule: .filled, summary: "a vector or matrix of ones", reference: "-"),
  CatalogEntry("randn", .builtin, [.required("m", .int), .optional("n", .int, "none")], rule: .filled, summary: "i.i.d. N(0, 1) entries from the declaration's stream", reference: "SPEC 2.3"),
  CatalogEntry("eye", .builtin, [.required("n", .int)], rule: .identity, summary: "the n x n identity", reference: "-"),
  CatalogEntry("outer", .builtin, [.required("x", .vector), .required("y", .vector)], rule: .outer, summary: "x y^T", reference: "002 (4.1)"),
  CatalogEntry("fro", .builtin, [.required("m", .numeric)], rule: .reduction, summary: "Frobenius norm", reference: "002 (4.1)"),
  CatalogEntry("norm", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "Euclidean norm", reference: "-"),
  CatalogEntry("sum", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "sum of the entries", reference: "-"),
  CatalogEntry("mean", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "mean of the entries", reference: "-"),
  CatalogEntry("inner", .builtin, [.required("a", .numeric), .required("b", .numeric)], rule: .reduction, summary: "<a, b>, the sum of elementwise products", reference: "002 (5.2)"),
  CatalogEntry("mask", .builtin, [.required("omega", .matrix), .required("m", .matrix)], rule: .sameAsFirst, summary: "P_Omega(M): entries outside Omega set to 0", reference: "002 (4.5)"),
  CatalogEntry("normalize", .builtin, [.required("x", .numeric)], rule: .sameAsFirst, summary: "x / ||x||", reference: "002 Sec 2.3"),
  CatalogEntry("load", .builtin, [.required("path", .string)], rule: .load, summary: "a flat float64 vector from a .npy file", reference: "SPEC 2.1a"),
  CatalogEntry("rank1", .builtin, [.required("d", .int), .optional("mu", .real, "1.0")], rule: .squareMatrix, summary: "incoherent z z^T with ||z||_inf <= mu / sqrt(d)", reference: "002 Sec 4"),
  CatalogEntry("obs_mask", .builtin, [.required("d", .int), .required("p", .real)], rule: .squareMatrix, summary: "symmetric 0/1 observation mask with probability p", reference: "002 Sec 4.2"),
  CatalogEntry("orthogonal_tensor", .builtin, [.required("d", .int), .required("r", .int), .optional("order", .int, "4")], rule: .orthogonalTensor, summary: "sum of r orthonormal a_i^(x order)", reference: "002 Sec 5"),
  CatalogEntry("min", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "smallest entry (of a trace: over steps)", reference: "004 Figure 1"),
  CatalogEntry("max", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "largest entry (of a trace: over steps)", reference: "-"),
] + ["sin", "cos", "exp", "log", "tanh", "sqrt", "abs", "sigmoid"].map {
  CatalogEntry($0, .builtin, [.required("x", .numeric)], rule: .sameAsFirst, summary: "elementwise \($0)", reference: "-")
}

/// The estimates certificates record, readable as `c.name` (NaN where a certificate has none).
let estimateNames = [
  "L", "L1", "L2", "L_F", "alpha_min", "best_value", "c1", "condition_number", "delta",
  "epsilon", "eta", "f_star", "f_x0", "fraction_met", "gbar_min", "hessian_bound", "hessian_norm", "iterates", "kappa",
  "lambda_0", "lambda_min_ball", "leading_min", "local_minima", "margin", "met", "min_slack",
  "model_hessian_norm", "points", "rho1_hat", "rho2", "rho_hat", "saddles", "spurious_minima", "tau",
]

/// Typed members of run, certificate, dataset, model and trace values.
public let memberTypes: [String: [String: PType]] = [
  "run": [
    "loss": .trace, "grad_norm": .trace, "distance": .trace, "avg_grad_norm": .trace,
    "lambda_min": .trace, "final_loss": .real, "steps": .int, "time": .real,
  ],
  "certificate": [
    "verdict": .string, "holds": .bool, "estimate": .real, "mu": .real, "alpha": .real,
    "beta": .real, "lambda_min": .real, "lambda_max": .real, "radius": .real,
    "evaluations": .int, "time": .real, "guarantee": .string, "bound": .trace,
  ].merging(estimateNames.map { ($0, PType.real) }) { a, _ in a },
  "trace": ["last": .real, "min": .real, "max": .real, "length": .int],
]

/// Finds catalog entries by name.
public enum Catalog {
  /// Every entry with this name (a name may have one entry per kind, e.g. `glm`).
  public static func entries(named name: String) -> [CatalogEntry] { byName[name] ?? [] }
  /// Every distinct name (for suggestions and completion).
  public static let names: [String] = Array(Set(catalog.map(\.name))).sorted()
  private static let byName: [String: [CatalogEntry]] = Dictionary(grouping: catalog, by: \.name)
}
