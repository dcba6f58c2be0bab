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
      var scope = Scope(env: env, declaration: name, arguments: [])
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
      var context = buildContext(name, value)
      env.values[name] = .dataset(try Build.dataset(value, &context))
    case .model:
      var context = buildContext(name, value)
      env.values[name] = .model(try Build.model(value, &context))
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
    return try env.evaluate(value, declaration: name)
  }

  /// `--set name=value`: a number for numeric lets, else the text (quotes removed).
  func overrideValue(_ name: String, _ text: String, _ type: PType) throws -> Value {
    if type == .int, let i = Int(text) { return .int(i) }
    if type.isScalar, let x = Double(text) { return .number(x) }
    if type == .string { return .string(text.trimmingCharacters(in: ["\""])) }
    throw RuntimeError(.argument, "--set \(name)=\(text): '\(text)' is not a \(type)")
  }

  /// The context a dataset or model declaration is built in.
  func buildContext(_ name: String, _ e: TExpr) -> BuildContext {
    BuildContext(name: name, env: env, limits: options.limits, rng: env.stream(name), text: text(e.span), type: e.type)
  }

  // MARK: losses and objectives

  mutating func loss(_ name: String, _ e: TExpr) throws -> ObjectiveValue {
    if case .reference(let other, _) = e.kind, case .objective(let o)? = env.values[other] { return o }
    guard case .call(let fn, _, _) = e.kind, let kind = LossKind(rawValue: fn) else {
      throw RuntimeError(.argument, "a loss must be square, mse, logistic or cross_entropy", at: e.span)
    }
    let a = CallArguments(e, entry: kind.entry, env: env, declaration: name)
    guard case .model(let m)? = try a.value("model"), case .dataset(let d)? = try a.value("data") else {
      throw a.error("model", "\(fn) needs a model and a dataset")
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
    var scope = Scope(env: env, declaration: name, arguments: params.map(\.name))
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
