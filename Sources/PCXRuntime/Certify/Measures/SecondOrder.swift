import PCXNumerics

/// Objectives whose Hessians pcx applies exactly (reverse over reverse), for the adversarial
/// searches of certificates (grad ||grad f||^2 = 2 H grad f) and for Hessian spectra.
protocol SecondOrderObjective: Objective {
  /// The Hessian at theta as an operator: the function and its gradient graph recorded once.
  func hessianOperator(_ theta: Tensor) throws -> HessianOperator
}

extension SecondOrderObjective {
  /// f(theta), grad f(theta) and H(theta) v.
  func hessianVectorProduct(_ theta: Tensor, _ v: Tensor) throws -> (value: Double, gradient: Tensor, hv: Tensor) {
    let op = try hessianOperator(theta)
    return (op.value, Tensor(op.gradient.flatMap(\.scalars)), try op.applyFlat(v))
  }
}

extension ExpressionObjective: SecondOrderObjective {
  func hessianOperator(_ theta: Tensor) throws -> HessianOperator {
    try HessianOperator(at: pieces(theta)) { try function($0).sum() }
  }
}

extension LossObjective: SecondOrderObjective {
  func hessianOperator(_ theta: Tensor) throws -> HessianOperator {
    try HessianOperator(at: model.split(theta)) { p in try loss(p, x: data.x, y: data.y, scale: fullScale) }
  }
}
