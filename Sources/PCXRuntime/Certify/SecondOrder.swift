import PCXNumerics

/// Objectives whose Hessian-vector products pcx computes exactly (reverse over reverse), for
/// the adversarial searches of certificates (e.g. grad ||grad f||^2 = 2 H grad f).
protocol SecondOrderObjective: Objective {
  /// f(theta), grad f(theta) and H(theta) v.
  func hessianVectorProduct(_ theta: Tensor, _ v: Tensor) throws -> (value: Double, gradient: Tensor, hv: Tensor)
}

extension ExpressionObjective: SecondOrderObjective {
  func hessianVectorProduct(_ theta: Tensor, _ v: Tensor) throws -> (value: Double, gradient: Tensor, hv: Tensor) {
    let op = try HessianOperator(at: pieces(theta)) { try function($0).sum() }
    return (op.value, Tensor(op.gradient.flatMap(\.scalars)), try op.applyFlat(v))
  }
}

extension LossObjective: SecondOrderObjective {
  func hessianVectorProduct(_ theta: Tensor, _ v: Tensor) throws -> (value: Double, gradient: Tensor, hv: Tensor) {
    let op = try HessianOperator(at: model.split(theta)) { p in try loss(p, x: data.x, y: data.y, scale: fullScale) }
    return (op.value, Tensor(op.gradient.flatMap(\.scalars)), try op.applyFlat(v))
  }
}
