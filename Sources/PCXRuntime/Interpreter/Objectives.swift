import PCXNumerics

/// A contiguous block of the flat parameter vector that belongs to one `param` or model tensor.
public struct ParamBlock: Sendable, Equatable {
  public let name: String
  public let range: Range<Int>
  public let shape: [Int]
  /// Optimised on the unit sphere (`param u: vector[d] on sphere`, 002 Sec 2.3).
  public let onSphere: Bool
}

/// A scalar function the script can train, certify or report: a loss of a model on data, or an
/// `objective` expression of `param`s. Its computation is built once, when it is declared.
public struct ObjectiveValue: Sendable {
  /// The declared name.
  public let name: String
  /// The computation.
  public let objective: any Objective
  /// Where training starts: the declared initial values, flat.
  public let initial: Tensor
  /// The parameters in flat order (declaration order for expressions).
  public let blocks: [ParamBlock]
  /// The loss convention, printed in reports (nil for expressions).
  public let convention: String?
}

/// How a loss reduces over samples (SPEC §4.3; the papers differ, so it is explicit and printed).
public enum LossKind: String, Sendable {
  case square, mse, logistic, crossEntropy = "cross_entropy"

  /// The formula as printed in reports.
  public var convention: String {
    switch self {
    case .square: return "square: 0.5 * sum_i (f(x_i) - y_i)^2 (003 eq (2))"
    case .mse: return "mse: (1/n) * sum_i (y_i - f(x_i))^2 (001 Sec 4, 004 Sec 3)"
    case .logistic: return "logistic: (1/n) * sum_i log(1 + exp(-y_i f(x_i))) (000 Sec 2)"
    case .crossEntropy: return "cross_entropy: (1/n) * sum_i -log softmax(f(x_i))[y_i]"
    }
  }
}

/// A loss of a model on a dataset as an `Objective`: the tape is recorded per evaluation on the
/// model's parameter tensors (no flat-vector slicing on the tape), the gradient flattened once.
public struct LossObjective: Objective {
  public let model: ModelValue
  public let data: Dataset
  public let kind: LossKind

  public var parameterCount: Int { model.parameterCount }
  public var sampleCount: Int? { data.n }

  public init(model: ModelValue, data: Dataset, kind: LossKind) throws {
    guard model.inputs == data.d else {
      throw RuntimeError(.data, "\(model.description) expects \(model.inputs) input features; the data has \(data.d) (\(data.source))")
    }
    if kind == .crossEntropy {
      guard data.k == 1 || data.k == model.outputs else {
        throw RuntimeError(.data, "cross_entropy needs integer labels or one-hot rows of \(model.outputs) classes; the data has \(data.k) label columns")
      }
    } else if model.outputs != data.k {
      throw RuntimeError(.data, "\(model.description) has \(model.outputs) outputs; the data has \(data.k) label columns (\(data.source))")
    }
    self.model = model
    self.data = data
    self.kind = kind
  }

  public func value(_ theta: Tensor) throws -> Double {
    try loss(model.split(theta).map { Var(constant: $0) }, x: data.x, y: data.y, scale: fullScale).scalar ?? .nan
  }

  public func valueAndGradient(_ theta: Tensor) throws -> (value: Double, gradient: Tensor) {
    try differentiate(theta, x: data.x, y: data.y, scale: fullScale)
  }

  /// The loss on `batch` rescaled so that its mean over uniform batches is the full loss.
  public func valueAndGradient(_ theta: Tensor, batch: [Int]) throws -> (value: Double, gradient: Tensor) {
    let x = try data.x.gather(batch, axis: 0), y = try data.y.gather(batch, axis: 0)
    // square sums over samples: a batch of b stands for n/b of itself; the means are unbiased as is
    let scale = kind == .square ? 0.5 * Double(data.n) / Double(max(batch.count, 1)) : 1 / Double(max(batch.count, 1))
    return try differentiate(theta, x: x, y: y, scale: scale)
  }

  /// The tangent kernel K = DF DF^T at theta: the structured per-layer formula for plain MLPs,
  /// chunked per-sample gradients for every other model, within `limit` bytes.
  func tangentKernel(_ theta: Tensor, limit: Int) throws -> Tensor {
    let params = try model.split(theta)
    if case .mlp(let net) = model.architecture, !model.residual {
      return try net.tangentKernel(params, inputs: data.x, memoryLimit: limit)
    }
    return try Jacobian.tangentKernel(params, inputs: data.x, memoryLimit: limit, model: model.forward)
  }

  var fullScale: Double { kind == .square ? 0.5 : 1 / Double(max(data.n, 1)) }

  func differentiate(_ theta: Tensor, x: Tensor, y: Tensor, scale: Double) throws -> (value: Double, gradient: Tensor) {
    let (v, g) = try Autodiff.valueAndGradient(at: model.split(theta)) { p in
      try loss(p, x: x, y: y, scale: scale)
    }
    var gradient = Tensor(g.flatMap(\.scalars))
    // fixed layers (000 Ex 3.4) get no gradient, so no optimizer moves them
    for r in model.fixed { for i in r { gradient.scalars[i] = 0 } }
    return (v, gradient)
  }

  /// scale * sum_i ell(f(x_i), y_i), recorded on the parameters' tape.
  func loss(_ p: [Var], x: Tensor, y: Tensor, scale: Double) throws -> Var {
    let f = try model.forward(p, Var(constant: x))
    switch kind {
    case .square, .mse:
      return try (f - Var(constant: y)).squared().sum() * scale
    case .logistic:
      return try (f * Var(constant: y)).apply(.logisticLoss).sum() * scale
    case .crossEntropy:
      return try crossEntropy(f, y) * scale
    }
  }

  /// sum_i (logsumexp(f_i) - f_i[y_i]), with the row maximum shifted out as a constant.
  func crossEntropy(_ f: Var, _ y: Tensor) throws -> Var {
    let k = f.shape[1], n = f.shape[0]
    let target: Tensor
    if y.shape[1] == k { target = y } else {
      var t = Tensor.zeros([n, k])
      for i in 0..<n {
        let c = Int(y.scalars[i])
        guard Double(c) == y.scalars[i], c >= 0, c < k else {
          throw RuntimeError(.data, "cross_entropy: label \(y.scalars[i]) of row \(i) is not a class in 0..<\(k)")
        }
        t.scalars[i * k + c] = 1
      }
      target = t
    }
    let shift = try Var(constant: f.value.max(alongAxes: [1], keepingDims: true))
    let z = try f - shift
    let lse = try z.exp().sum(alongAxes: [1], keepingDims: true).log()
    return try (lse.sum() - (z * Var(constant: target)).sum())
  }
}
