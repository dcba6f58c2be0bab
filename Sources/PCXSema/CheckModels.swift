import PCXSource
import PCXSyntax

extension Checker {
  /// `mlp(in, hidden, out, ...)`: parameter count sum_l (m_{l-1} m_l + m_l [bias]) in the order
  /// W1 (out x in, row-major), b1, W2, b2, ... (SPEC 2.1a), checked against `init: load(...)`.
  mutating func mlp(_ call: BoundCall) -> Ruled? {
    guard positive(call, ["in", "out"]) else { return nil }
    let hidden = call.ints("hidden") ?? []
    if let bad = hidden.first(where: { $0 <= 0 }) {
      error(.hiddenWidthNotPositive(bad, at: call.spans["hidden"] ?? call.span))
      return nil
    }
    let d = call.dim("in", symbol: "\(declaring).in")
    let k = call.dim("out", symbol: "\(declaring).out")
    let bias: Bool = { if case .bool(let b)? = call.value("bias")?.constant { return b } else { return true } }()
    var p: Dim = .symbol("\(declaring).params")
    var layout: [String] = []
    if let input = d.value, let output = k.value {
      let widths = [input] + hidden + [output]
      var total = 0
      for layer in 1..<widths.count {
        total += widths[layer - 1] * widths[layer] + (bias ? widths[layer] : 0)
        layout.append("W\(layer) \(widths[layer])x\(widths[layer - 1])" + (bias ? ", b\(layer) \(widths[layer])" : ""))
      }
      p = .known(total)
    }
    if let initial = call.value("init"), case .vector(let length) = initial.type, let have = length.value, let want = p.value, have != want {
      error(.initLength(have, parameters: want, layout: layout, at: initial.span))
      return nil
    }
    var facts = Facts(entry: "mlp")
    if let origin = call.origin("in") { facts.origins["d"] = origin }
    if let origin = call.origin("out") { facts.origins["k"] = origin }
    return (.model(d: d, k: k, p: p), facts)
  }

  /// `linear_net(dims: [d0, d1, ..., dL])`: parameters sum_l d_{l-1} d_l.
  mutating func linearNet(_ call: BoundCall) -> Ruled? {
    guard let dims = call.ints("dims"), dims.count >= 2, dims.allSatisfy({ $0 > 0 }) else {
      error(.linearNetDims(at: call.spans["dims"] ?? call.span))
      return nil
    }
    var facts = Facts(entry: "linear_net")
    if let origin = call.origin("dims") { facts.origins["d"] = origin }
    let p = zip(dims, dims.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
    return (.model(d: .known(dims[0]), k: .known(dims[dims.count - 1]), p: .known(p)), facts)
  }

  /// Losses: the model's input width must equal the data's feature count, its outputs the labels.
  mutating func loss(_ call: BoundCall) -> Ruled? {
    guard let modelArg = call.value("model"), let dataArg = call.value("data"),
      case .model(let d, let k, _) = modelArg.type, case .dataset(_, let features, let labels) = dataArg.type
    else { return nil }
    let model = symbolOf(modelArg)
    let data = symbolOf(dataArg)
    if !d.compatible(with: features) {
      error(.inputWidth(model: model?.entry, expects: d, data: data?.name, has: features, dataOrigin: data?.origins["d"],
        modelOrigin: model?.origins["d"], at: call.span))
      return nil
    }
    let classIndices = call.entry.name == "cross_entropy" && labels.value == 1
    if !classIndices, !k.compatible(with: labels) {
      error(.outputWidth(model: model?.entry, has: k, data: data?.name, labels: labels, modelOrigin: model?.origins["k"], at: call.span))
      return nil
    }
    return (.objective, Facts(entry: call.entry.name, params: model.map { [$0.name] } ?? [], isDataLoss: true))
  }

  private func symbolOf(_ expr: TExpr) -> Symbol? {
    if case .reference(let name, _) = expr.kind { return lookup(name) }
    return nil
  }

  /// Optimizers: positive step sizes and counts; Riemannian GD needs a param on the sphere.
  mutating func optimizer(_ call: BoundCall) -> Ruled? {
    guard positive(call, ["lr", "steps", "batch", "until", "tol", "time"]) else { return nil }
    if call.entry.name == "riemannian_gd", let loss = call.value("loss"), let symbol = symbolOf(loss), !symbol.params.isEmpty,
      !symbol.params.contains(where: { lookup($0)?.manifold != nil })
    {
      error(.riemannianNeedsSphere(symbol.name, at: loss.span, declared: symbol.span))
      return nil
    }
    return (.run, Facts(entry: call.entry.name))
  }

  /// Certificates: `at:`/`x_star:` give a value per param of the objective, in declaration order.
  mutating func certificate(_ call: BoundCall) -> Ruled? {
    guard positive(call, ["radius", "alpha", "beta", "gamma", "kappa", "starts", "eps", "count"]) else { return nil }
    let objective = call.value("f") ?? call.value("loss")
    for name in ["at", "x_star"] {
      guard let point = call.value(name), let objective, let symbol = symbolOf(objective), !symbol.params.isEmpty,
        !symbol.isDataLoss
      else { continue }
      let params = symbol.params.compactMap { lookup($0) }
      let values: [TExpr] = { if case .tuple(let items) = point.kind { return items } else { return [point] } }()
      guard values.count == params.count else {
        error(.pointArity(name, objective: symbol.name, params: symbol.params, found: values.count, at: point.span))
        return nil
      }
      for (value, param) in zip(values, params) {
        guard let have = value.type.shape, let want = param.type.shape else { continue }
        let fits = have.count == want.count && zip(have, want).allSatisfy { $0.compatible(with: $1) }
        if !fits && !(have.isEmpty && want.isEmpty) {
          error(.pointShape(name, param: param.name, found: value.type, declared: param.type, at: value.span, declaredAt: param.span))
          return nil
        }
      }
    }
    return (.certificate, Facts(entry: call.entry.name))
  }
}
