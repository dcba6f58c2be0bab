import PCXNumerics
import PCXSema

/// One output of a model at one input, f(w; x_i) = F_i(w), as an objective of the parameters:
/// its Hessian H_{F_i} is the model Hessian of 003 Thm 2 and 004 Thm 4.1.
struct ModelOutputObjective: SecondOrderObjective {
  let model: ModelValue
  let input: Tensor
  var parameterCount: Int { model.parameterCount }
  var sampleCount: Int? { nil }

  func output(_ p: [Var]) throws -> Var { try model.forward(p, Var(constant: input)).sum() }
  func value(_ theta: Tensor) throws -> Double { try valueAndGradient(theta).value }
  func valueAndGradient(_ theta: Tensor) throws -> (value: Double, gradient: Tensor) {
    let (v, g) = try Autodiff.valueAndGradient(at: model.split(theta)) { try output($0) }
    return (v, Tensor(g.flatMap(\.scalars)))
  }
  func valueAndGradient(_ theta: Tensor, batch: [Int]) throws -> (value: Double, gradient: Tensor) {
    throw RuntimeError(.argument, "a model output has no mini-batches")
  }
  func hessianOperator(_ theta: Tensor) throws -> HessianOperator {
    try HessianOperator(at: model.split(theta)) { try output($0) }
  }
}

/// The model Hessian norm max_i ||H_{F_i}||_2 (003 Thm 2, 004 Thm 4.1) and the residual ||F(w) - y||.
enum ModelHessian {
  /// max_i ||hess_w f(w; x_i)||_2 over the samples of the loss's data (004 Thm 4.1, 003 Thm 2).
  static func norm(_ loss: LossObjective, _ w: Tensor, rng: inout RandomStream) throws -> (norm: Double, products: Int) {
    var norm = 0.0, products = 0
    for i in 0..<loss.data.n {
      let output = ModelOutputObjective(model: loss.model, input: try loss.data.x.gather([i], axis: 0))
      let s = try HessianSpectrum.at(output, w, rng: &rng)
      norm = Swift.max(norm, Swift.abs(s.smallest), Swift.abs(s.largest))
      products += s.products
    }
    return (norm, products)
  }

  /// ||F(w) - y|| for the loss's data.
  static func residualNorm(_ loss: LossObjective, _ w: Tensor) throws -> Double {
    let out = try loss.model.forward(try loss.model.split(w).map { Var(constant: $0) }, Var(constant: loss.data.x)).value
    return try (out.reshaped([loss.data.n]) - loss.data.y.reshaped([loss.data.n])).norm()
  }
}
