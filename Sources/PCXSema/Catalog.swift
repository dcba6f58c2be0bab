// The catalog of SPEC §4 and §5 as data: every callable name, its parameters, its result rule and
// its paper reference. The runtime binds implementations to these same entries by name and kind.

private typealias P = ParamSpec

/// Activations with exact first and second derivatives (SPEC §4.2).
public let activationNames = [
  "identity", "tanh", "sigmoid", "bipolar_sigmoid", "softplus", "smooth_leaky_relu", "leaky_relu",
  "relu", "cloglog", "gelu", "swish",
]
/// Named initialisation schemes (SPEC §4.2); `load("file.npy")` is the other form.
public let initNames = ["lecun", "banerjee", "chatterjee", "zeros", "constant", "uniform", "normal"]

private let activation = ArgKind.choice(category: "activation", options: activationNames)
private let stepRules: [ParamSpec] = [
  .optional("steps", .int, "1000"), .optional("stop", .stopRule, "none"),
  .optional("time", .real, "none"),
]

/// Every entry of the catalog.
public let catalog: [CatalogEntry] = dataEntries + modelEntries + lossEntries + optimizerEntries
  + certificateEntries + setEntries + builtinEntries

private let dataEntries: [CatalogEntry] = [
  CatalogEntry("gaussian", .data, [.required("n", .int), .required("d", .int), .optional("labels", .labels, "random"), .optional("k", .int, "1")],
    rule: .syntheticData, summary: "n rows of d i.i.d. N(0, 1) features", reference: "SPEC 4.1"),
  CatalogEntry("sphere", .data, [.required("n", .int), .required("d", .int), .optional("radius", .real, "sqrt(d)"), .optional("labels", .labels, "random"), .optional("k", .int, "1")],
    rule: .syntheticData, summary: "n rows uniform on the sphere of the given radius", reference: "004 Assumption 2"),
  CatalogEntry("independent", .data, [.required("n", .int), .required("d", .int), .optional("labels", .labels, "random"), .optional("k", .int, "1")],
    rule: .syntheticData, summary: "n linearly independent inputs (needs d >= n)", reference: "001 Thm 4.1"),
  CatalogEntry("csv", .data, [.required("path", .string), .optional("label", .string, "last column"), .optional("header", .bool, "true")],
    rule: .csvData, summary: "a CSV file: every column but the label is a feature", reference: "SPEC 4.1"),
  CatalogEntry("npy", .data, [.required("path", .string), .required("labels", .string)],
    rule: .npyData, summary: "features and labels from NumPy .npy files", reference: "SPEC 4.1"),
  CatalogEntry("take", .data, [.required("data", .dataset), .required("k", .int)],
    rule: .transformData, summary: "the first k rows", reference: "SPEC 4.1"),
  CatalogEntry("standardize", .data, [.required("data", .dataset)],
    rule: .transformData, summary: "features with zero mean and unit variance", reference: "SPEC 4.1"),
  CatalogEntry("normalize_rows", .data, [.required("data", .dataset), .optional("norm", .real, "1.0")],
    rule: .transformData, summary: "every row scaled to the given norm", reference: "SPEC 4.1, 004 Assumption 2"),
  CatalogEntry("one_hot", .data, [.required("data", .dataset), .required("classes", .int)],
    rule: .transformData, summary: "integer labels as one-hot rows", reference: "SPEC 4.1"),
  CatalogEntry("teacher", .labels, [.required("model", .model), .optional("noise", .real, "0.0")],
    rule: .labels, summary: "labels from a teacher model", reference: "SPEC 4.1"),
  CatalogEntry("glm", .labels, [.required("w_star", .vector), .optional("activation", activation, "sigmoid"), .optional("noise", .real, "0.0")],
    rule: .labels, summary: "planted GLM y = sigma(w*.x) + bounded noise", reference: "002 Sec 3"),
  CatalogEntry("halfspace", .labels, [.required("w_star", .vector), .optional("flip", .real, "0.0")],
    rule: .labels, summary: "sign(w*.x) labels with flip noise", reference: "000 Sec 4"),
]

private let modelEntries: [CatalogEntry] = [
  CatalogEntry("mlp", .model, [
    .required("in", .int), .required("hidden", .intList), .optional("out", .int, "1"),
    .optional("activation", activation, "tanh"), .optional("bias", .bool, "true"),
    .optional("scaling", .choice(category: "scaling", options: ["standard", "ntk"]), "standard"),
    .optional("init", .initializer, "lecun"), .optional("residual", .bool, "false"),
    .optional("fixed", .intList, "[]"),
  ], rule: .mlp, summary: "fully connected network; hidden: [] is linear",
    reference: "001 Sec 4 (standard), 004 Sec 3 (ntk), 000 Ex 3.3 (residual)"),
  CatalogEntry("linear_net", .model, [.required("dims", .intList)],
    rule: .linearNet, summary: "deep linear network W_L ... W_1 x", reference: "003 Sec 4"),
  CatalogEntry("neuron", .model, [.optional("in", .int, "inferred from data"), .optional("activation", activation, "relu")],
    rule: .singleNeuron, summary: "single neuron sigma(<w, x>)", reference: "000 Sec 4, 002 Sec 3"),
  CatalogEntry("glm", .model, [.optional("in", .int, "inferred from data"), .optional("activation", activation, "sigmoid")],
    rule: .singleNeuron, summary: "generalised linear model sigma(<w, x>)", reference: "002 Sec 3"),
]

private let lossEntries: [CatalogEntry] = [
  CatalogEntry("square", .loss, [.required("model", .model), .required("data", .dataset)],
    rule: .loss, summary: "0.5 * sum_i (f(x_i) - y_i)^2", reference: "003 eq (2)"),
  CatalogEntry("mse", .loss, [.required("model", .model), .required("data", .dataset)],
    rule: .loss, summary: "(1/n) * sum_i (y_i - f(x_i))^2", reference: "001 Sec 4, 004 Sec 3"),
  CatalogEntry("logistic", .loss, [.required("model", .model), .required("data", .dataset)],
    rule: .loss, summary: "(1/n) * sum_i log(1 + exp(-y_i f(x_i)))", reference: "000 Sec 2"),
  CatalogEntry("cross_entropy", .loss, [.required("model", .model), .required("data", .dataset)],
    rule: .loss, summary: "softmax cross-entropy with integer or one-hot labels", reference: "SPEC 4.3"),
]

private let optimizerEntries: [CatalogEntry] = [
  CatalogEntry("gd", .optimizer, [.required("loss", .objective), .required("lr", .realOr(["theorem"]))] + stepRules,
    rule: .optimizer, summary: "gradient descent w <- w - lr grad L(w)", reference: "003 Thm 6, 001 Thm 2.2"),
  CatalogEntry("sgd", .optimizer, [.required("loss", .dataLoss), .required("lr", .realOr(["theorem"])), .optional("batch", .int, "1")] + stepRules,
    rule: .optimizer, summary: "stochastic gradient descent on mini-batches", reference: "003 Thm 7, 000 Sec 3"),
  CatalogEntry("gradient_flow", .optimizer, [.required("loss", .objective), .required("until", .real), .optional("tol", .real, "1e-8")],
    rule: .optimizer, summary: "gradient flow dw/dt = -grad L(w) by Dormand-Prince RK45", reference: "001 Thm 2.1"),
  CatalogEntry("momentum", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("beta", .real, "0.9")] + stepRules,
    rule: .optimizer, summary: "heavy-ball momentum", reference: "SPEC 4.4"),
  CatalogEntry("nesterov", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("beta", .real, "0.9")] + stepRules,
    rule: .optimizer, summary: "Nesterov accelerated gradient", reference: "SPEC 4.4"),
  CatalogEntry("adam", .optimizer, [.required("loss", .objective), .optional("lr", .real, "1e-3"), .optional("beta1", .real, "0.9"), .optional("beta2", .real, "0.999"), .optional("eps", .real, "1e-8")] + stepRules,
    rule: .optimizer, summary: "Adam", reference: "SPEC 4.4"),
  CatalogEntry("riemannian_gd", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("manifold", .choice(category: "manifold", options: ["sphere"]), "sphere")] + stepRules,
    rule: .optimizer, summary: "Riemannian gradient descent with retraction", reference: "002 Sec 2.3"),
  CatalogEntry("perturbed_gd", .optimizer, [.required("loss", .objective), .required("lr", .real), .optional("radius", .real, "1e-3"), .optional("threshold", .real, "1e-3")] + stepRules,
    rule: .optimizer, summary: "gradient descent with random perturbations near saddles", reference: "002 Sec 2.2"),
]
