import PCXNumerics
import PCXSema
import PCXSource
import PCXSyntax

/// `param`, `let`, `data`, `model`, `loss`, `objective`: building each value once.
extension Interpreter {
  mutating func declareParam(_ name: String, _ type: PType, manifold: String?, initial: TExpr?) throws {
    let shape = (type.shape ?? []).map { $0.value ?? 0 }
    var value: Tensor
    if let initial {
      var scope = Scope(interpreter: self, declaration: name, arguments: [])
      value = try Compiler.compile(initial, &scope)([]).value
      guard value.count == Tensor.count(of: shape) else {
        throw RuntimeError(.argument, "param \(name) is declared \(type) but its initial value has \(value.count) entries")
      }
      value = try value.reshaped(shape)
    } else {
      // no initial value: a uniform point on the sphere for sphere params, else N(0, 1) entries,
      // from the param's own stream (documented in docs/runtime.md)
      var rng = env.stream(name)
      value = manifold == "sphere" ? try rng.unitSphere(Tensor.count(of: shape)).reshaped(shape)
        : try rng.normalTensor(shape)
    }
    if manifold == "sphere" { value = try value.normalized() }
    env.params.removeAll { $0.name == name }
    env.params.append(ParamDecl(name: name, initial: value, onSphere: manifold == "sphere"))
    env.values[name] = .tensor(value)
  }

  mutating func declare(_ kind: SymbolKind, _ name: String, _ value: TExpr) throws {
    switch kind {
    case .let:
      env.values[name] = try letValue(name, value)
    case .data:
      env.values[name] = .dataset(try dataset(name, value))
    case .model:
      env.values[name] = .model(try model(name, value))
    case .loss:
      env.values[name] = .objective(try loss(name, value))
    case .objective:
      env.values[name] = .objective(try objective(name, value))
    case .train:
      let run = try train(name, value)
      experiment.runs.append(run)
      env.values[name] = .run(run)
      applyFollowUps(to: run)
    default:
      throw RuntimeError(.argument, "cannot declare a \(kind.rawValue) here")
    }
  }

  mutating func letValue(_ name: String, _ value: TExpr) throws -> Value {
    if let text = options.overrides[name] { return try overrideValue(name, text, value.type) }
    if case .literal(.string(let s)) = value.kind { return .string(s) }
    if case .literal(.bool(let b)) = value.kind { return .bool(b) }
    return try evaluate(value, declaration: name)
  }

  /// `--set name=value`: a number for numeric lets, else the text (quotes removed).
  func overrideValue(_ name: String, _ text: String, _ type: PType) throws -> Value {
    if type == .int, let i = Int(text) { return .int(i) }
    if type.isScalar, let x = Double(text) { return .number(x) }
    if type == .string { return .string(text.trimmingCharacters(in: ["\""])) }
    throw RuntimeError(.argument, "--set \(name)=\(text): '\(text)' is not a \(type)")
  }

  // MARK: data

  mutating func dataset(_ name: String, _ e: TExpr) throws -> Dataset {
    if case .reference(let other, _) = e.kind, case .dataset(let d)? = env.values[other] { return d }
    guard case .call(let fn, _, let args) = e.kind else { throw RuntimeError(.argument, "a dataset must come from a data call") }
    let a = Arguments(args)
    var rng = env.stream(name)
    switch fn {
    case "gaussian", "sphere", "independent":
      let n = try intArg(a, "n", name), d = try intArg(a, "d", name)
      try options.limits.checkBytes(Memory.doubles(n * d), "data \(name)")
      let x: Tensor
      switch fn {
      case "gaussian": x = try Synthetic.gaussian(n: n, d: d, rng: &rng)
      case "sphere":
        let r = try a.value("radius").map { try number($0, name) } ?? Double(d).squareRoot()
        x = try Synthetic.sphere(n: n, d: d, radius: r, rng: &rng)
      default: x = try Synthetic.independent(n: n, d: d, rng: &rng)
      }
      let k = try a.value("k").map { try intValue($0, name) } ?? 1
      let y = try labels(a.value("labels"), x: x, k: k, name: name, rng: &rng)
      return try Dataset(x: x, y: y, source: "\(fn)(n: \(n), d: \(d))")
    case "csv":
      let path = try stringArg(a, "path", name)
      let label: CSVLabel = try a.value("label").map { e -> CSVLabel in
        if case .literal(.string(let s)) = e.kind { return .name(s) }
        return .index(try intValue(e, name))
      } ?? .last
      let header = try a.value("header").map { try boolValue($0) } ?? true
      return try CSVReader.read(path: resolve(path), label: label, header: header, displayName: path)
    case "npy":
      let xPath = try stringArg(a, "path", name), yPath = try stringArg(a, "labels", name)
      let x = try NPY.read(path: resolve(xPath)), y = try NPY.read(path: resolve(yPath))
      let x2 = x.rank == 2 ? x : try x.reshaped([x.shape.first ?? 0, x.count / Swift.max(x.shape.first ?? 1, 1)])
      let y2 = y.rank == 2 ? y : try y.reshaped([y.shape.first ?? 0, y.count / Swift.max(y.shape.first ?? 1, 1)])
      return try Dataset(x: x2, y: y2, source: "\(xPath), \(yPath)")
    case "take", "standardize", "normalize_rows", "one_hot":
      guard let inner = a.value("data") else { throw RuntimeError(.argument, "\(fn) needs data") }
      let base = try dataset(name, inner)
      switch fn {
      case "take": return try Transforms.take(base, try intArg(a, "k", name))
      case "standardize": return try Transforms.standardize(base)
      case "normalize_rows": return try Transforms.normalizeRows(base, norm: try a.value("norm").map { try number($0, name) } ?? 1)
      default: return try Transforms.oneHot(base, classes: try intArg(a, "classes", name))
      }
    default:
      throw RuntimeError(.argument, "\(fn) is not a dataset")
    }
  }

  mutating func labels(_ e: TExpr?, x: Tensor, k: Int, name: String, rng: inout RandomStream) throws -> Tensor {
    guard let e else { return try Synthetic.randomLabels(n: x.shape[0], k: k, rng: &rng) }
    switch e.kind {
    case .choice("random"): return try Synthetic.randomLabels(n: x.shape[0], k: k, rng: &rng)
    case .call("teacher", _, let args):
      let a = Arguments(args)
      guard let m = a.value("model"), case .model(let teacher) = try evaluate(m, declaration: name) else {
        throw RuntimeError(.argument, "teacher needs a model")
      }
      let noise = try a.value("noise").map { try number($0, name) } ?? 0
      return try Synthetic.teacherLabels(x: x, noise: noise, rng: &rng) { try teacher.evaluate(teacher.initial, $0) }
    case .call("glm", _, let args):
      let a = Arguments(args)
      let w = try tensorArg(a, "w_star", name)
      let act = try a.value("activation").map { try activation($0) } ?? .sigmoid
      let noise = try a.value("noise").map { try number($0, name) } ?? 0
      return try Synthetic.glmLabels(x: x, wStar: w, activation: act, noise: noise, rng: &rng)
    case .call("halfspace", _, let args):
      let a = Arguments(args)
      return try Synthetic.halfspaceLabels(x: x, wStar: try tensorArg(a, "w_star", name),
                                           flip: try a.value("flip").map { try number($0, name) } ?? 0, rng: &rng)
    default:
      // an expression of the row x, compiled once and applied to every row
      var scope = Scope(interpreter: self, declaration: name, arguments: ["x"])
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

  // MARK: models

  mutating func model(_ name: String, _ e: TExpr) throws -> ModelValue {
    if case .reference(let other, _) = e.kind, case .model(let m)? = env.values[other] { return m }
    guard case .call(let fn, _, let args) = e.kind else { throw RuntimeError(.argument, "a model must come from a model call") }
    let a = Arguments(args)
    var rng = env.stream(name)
    let text = self.text(e.span)
    switch fn {
    case "mlp":
      let inputs = try intArg(a, "in", name)
      let hidden = try a.value("hidden").map { try intList($0, name) } ?? []
      let outputs = try a.value("out").map { try intValue($0, name) } ?? 1
      let act = try a.value("activation").map { try activation($0) } ?? ScalarFunction.smoothLeakyReLU(0)
      let isTanh = a.value("activation").map { if case .choice("tanh") = $0.kind { return true } else { return false } } ?? true
      let bias = try a.value("bias").map { try boolValue($0) } ?? true
      let scaling: MLP.Scaling = a.value("scaling").map { if case .choice("ntk") = $0.kind { return .ntk } else { return .standard } } ?? .standard
      let net = try MLP(inputs: inputs, hidden: hidden, outputs: outputs, activation: isTanh ? .tanh : .function(act),
                        bias: bias, scaling: scaling)
      try options.limits.checkParameters(net.parameterCount, "model \(name)")
      let theta = try initialParameters(net, a.value("init"), name, &rng)
      var model = ModelValue(description: text, architecture: .mlp(net), initial: theta)
      model.residual = try a.value("residual").map { try boolValue($0) } ?? false
      if model.residual, Set(hidden).count > 1 {
        throw RuntimeError(.argument, "residual: true needs hidden layers of one width (000 Ex 3.3 adds N_{l-1} to layer l), got \(hidden)")
      }
      model.fixed = try fixedRanges(a.value("fixed"), model, name)
      return model
    case "linear_net":
      let dims = try intList(a.value("dims"), name)
      guard dims.count >= 2, dims.allSatisfy({ $0 > 0 }) else {
        throw RuntimeError(.argument, "linear_net needs at least two positive widths")
      }
      let parts = try (1..<dims.count).map { try rng.normalTensor([dims[$0], dims[$0 - 1]], std: 1 / Double(dims[$0 - 1]).squareRoot()) }
      return ModelValue(description: text, architecture: .linearNet(dims: dims), initial: Tensor(parts.flatMap(\.scalars)))
    case "neuron", "glm":
      guard let inputs = try a.value("in").map({ try intValue($0, name) }) ?? modelInputs(e.type) else {
        throw RuntimeError(.argument, "\(fn) needs 'in:' (its input width) when no dataset fixes it")
      }
      let act = try a.value("activation").map { try activation($0) } ?? (fn == "glm" ? .sigmoid : .relu)
      let w = try rng.normalTensor([inputs], std: 1 / Double(inputs).squareRoot())
      return ModelValue(description: text, architecture: .neuron(inputs: inputs, activation: act), initial: w)
    default:
      throw RuntimeError(.argument, "\(fn) is not a model")
    }
  }

  /// `fixed: [l, ...]`: weight layers (1-based, the output layer is the last) kept at their
  /// initial values; their ranges in the flat vector (weights and biases).
  func fixedRanges(_ e: TExpr?, _ model: ModelValue, _ name: String) throws -> [Range<Int>] {
    guard let e, case .mlp(let net) = model.architecture else { return [] }
    let layers = try intList(e, name)
    let per = net.bias ? 2 : 1
    var starts = [0]
    for s in model.parameterShapes { starts.append((starts.last ?? 0) + Tensor.count(of: s)) }
    return try layers.map { l in
      guard l >= 1, l <= net.layerCount else {
        throw RuntimeError(.argument, "fixed: layer \(l) does not exist; the model has weight layers 1...\(net.layerCount)")
      }
      return starts[(l - 1) * per]..<starts[l * per]
    }
  }

  func modelInputs(_ type: PType) -> Int? {
    if case .model(let d, _, _) = type { return d.value }
    return nil
  }

  mutating func initialParameters(_ net: MLP, _ e: TExpr?, _ name: String, _ rng: inout RandomStream) throws -> Tensor {
    guard let e else { return try Initializer.mlp(net, scheme: "lecun", rng: &rng) }
    if case .choice(let scheme) = e.kind { return try Initializer.mlp(net, scheme: scheme, rng: &rng) }
    var scope = Scope(interpreter: self, declaration: name, arguments: [])
    let theta = try Compiler.compile(e, &scope)([]).value.flattened
    guard theta.count == net.parameterCount else {
      throw RuntimeError(.data, "init: load(...) gives \(theta.count) numbers; an mlp with widths \(net.widths)\(net.bias ? "" : " and no biases") has \(net.parameterCount) parameters",
                         hint: "the order is W1 (row-major, out x in), b1, W2, b2, ... (docs/runtime.md)")
    }
    return theta
  }

  func activation(_ e: TExpr) throws -> ScalarFunction {
    guard case .choice(let name) = e.kind else { throw RuntimeError(.argument, "an activation must be a name such as tanh") }
    switch name {
    case "identity": return .identity
    case "tanh": return Builtins.tanhFunction
    case "sigmoid": return .sigmoid
    case "bipolar_sigmoid": return .bipolarSigmoid
    case "softplus": return .softplus
    case "smooth_leaky_relu": return .smoothLeakyReLU(0.1)
    case "leaky_relu": return .leakyReLU(0.1)
    case "relu": return .relu
    case "cloglog": return .cloglog
    case "gelu": return .gelu
    case "swish": return .swish
    default: throw RuntimeError(.argument, "unknown activation '\(name)'")
    }
  }

  // MARK: losses and objectives

  mutating func loss(_ name: String, _ e: TExpr) throws -> ObjectiveValue {
    if case .reference(let other, _) = e.kind, case .objective(let o)? = env.values[other] { return o }
    guard case .call(let fn, _, let args) = e.kind, let kind = LossKind(rawValue: fn) else {
      throw RuntimeError(.argument, "a loss must be square, mse, logistic or cross_entropy")
    }
    let a = Arguments(args)
    guard let me = a.value("model"), case .model(let m) = try evaluate(me, declaration: name),
          let de = a.value("data"), case .dataset(let d) = try evaluate(de, declaration: name) else {
      throw RuntimeError(.argument, "\(fn) needs a model and a dataset")
    }
    let objective = try LossObjective(model: m, data: d, kind: kind)
    let blocks = zip(m.parameterShapes, Tensor.flatRanges(of: m.parameterShapes)).enumerated().map { k, sr in
      ParamBlock(name: "\(name).\(k)", range: sr.1, shape: sr.0, onSphere: false)
    }
    return ObjectiveValue(name: name, objective: objective, initial: m.initial, blocks: blocks, convention: kind.convention)
  }

  mutating func objective(_ name: String, _ e: TExpr) throws -> ObjectiveValue {
    let used = Set(references(in: e))
    let params = env.params.filter { used.contains($0.name) }
    var scope = Scope(interpreter: self, declaration: name, arguments: params.map(\.name))
    let f = try Compiler.compile(e, &scope)
    let ranges = Tensor.flatRanges(of: params.map(\.initial.shape))
    let blocks = zip(params, ranges).map { p, r in
      ParamBlock(name: p.name, range: r, shape: p.initial.shape, onSphere: p.onSphere)
    }
    let objective = ExpressionObjective(blocks: blocks, function: f)
    return ObjectiveValue(name: name, objective: objective, initial: Tensor(params.flatMap(\.initial.scalars)),
                          blocks: blocks, convention: nil)
  }

  /// Names referenced in an expression, in order of appearance.
  func references(in e: TExpr) -> [String] {
    switch e.kind {
    case .reference(let n, _): return [n]
    case .vector(let xs), .tuple(let xs): return xs.flatMap(references)
    case .unary(_, let x), .transpose(let x), .member(let x, _): return references(in: x)
    case .binary(_, let l, let r), .every(let l, let r): return references(in: l) + references(in: r)
    case .call(_, _, let args): return args.compactMap(\.value).flatMap(references)
    case .index(let b, let i): return references(in: b) + i.flatMap(references)
    default: return []
    }
  }
}

/// An `objective` expression of `param`s as an `Objective` on the flat vector of its params.
struct ExpressionObjective: Objective {
  let blocks: [ParamBlock]
  let function: Compiled
  var parameterCount: Int { blocks.last?.range.upperBound ?? 0 }
  var sampleCount: Int? { nil }

  func pieces(_ theta: Tensor) throws -> [Tensor] { try theta.unflattened(into: blocks.map(\.shape)) }

  func value(_ theta: Tensor) throws -> Double {
    try function(pieces(theta).map { Var(constant: $0) }).value.scalar ?? .nan
  }

  func valueAndGradient(_ theta: Tensor) throws -> (value: Double, gradient: Tensor) {
    let (v, g) = try Autodiff.valueAndGradient(at: pieces(theta)) { try function($0).sum() }
    return (v, Tensor(g.flatMap(\.scalars)))
  }

  func valueAndGradient(_ theta: Tensor, batch: [Int]) throws -> (value: Double, gradient: Tensor) {
    throw RuntimeError(.argument, "an objective expression is not a sum over samples, so it has no mini-batches",
                       hint: "use gd, or sgd on a loss of a model on data")
  }
}
