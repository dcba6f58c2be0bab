import PCXNumerics

/// Local search and classification of its limits for `landscape` (002 Sec 2.2, 2.3, 4, 5).
enum LandscapeSearch {
  /// Gradient descent with backtracking (Armijo, constant 1/2), on the sphere with the projected gradient and
  /// the normalising retraction (002 Sec 2.3). Returns the last point and the evaluations used.
  static func localMinimum(_ f: any Objective, from start: Tensor, steps: Int, sphere: Bool) throws -> (Tensor, Int) {
    var x = start, step = 1.0, used = 0
    for _ in 0..<steps {
      var (v, g) = try f.valueAndGradient(x)
      used += 1
      if sphere { g = try g - x * (try Tensor.dot(x, g)) }
      let g2 = try Tensor.dot(g, g)
      if g2.squareRoot() < Tolerance.searchStep * Swift.max(Swift.abs(v), 1) { break }
      var accepted = false
      for _ in 0..<60 {
        var trial = try x - g * step
        if sphere { trial = try trial.normalized() }
        let vt = try f.value(trial)
        used += 1
        // sufficient decrease with constant 1/2: accepted steps stay below about 1/(curvature),
        // so the search converges linearly at a non-degenerate minimum instead of oscillating
        if vt <= v - 0.5 * step * g2 {
          x = trial
          step = Swift.min(step * 2, 1e4)  // grow after success, but never past what 60 halvings undo
          accepted = true
          break
        }
        step /= 2
      }
      if !accepted { break }
    }
    return (x, used)
  }

  /// min / max / saddle / degenerate from the (Riemannian) gradient and Hessian at x.
  static func classify(_ f: any SecondOrderObjective, _ x: Tensor, sphere: Bool) throws -> (String, Int) {
    let op = try f.hessianOperator(x)
    let p = op.dimension
    var h = try op.dense()
    var g = Tensor(op.gradient.flatMap(\.scalars))
    if sphere {
      // 002 Sec 2.3: Hess f = P hess f P - (x^T grad f) P, P = I - x x^T; the normal direction is
      // shifted far away (+-c x x^T) so the extreme eigenvalues are tangent ones
      let proj = try Tensor.identity(p) - Tensor.outer(x, x)
      let radial = try Tensor.dot(x, g)
      h = try Tensor.matmul(Tensor.matmul(proj, h), proj) - proj * radial
      g = try g - x * radial
    }
    let scale = Swift.max(try h.norm(), 1)
    if try g.norm() > Tolerance.stationary * scale { return ("not converged", p) }
    func extreme(_ shift: Double) throws -> [Double] {
      let shifted = sphere ? try h + Tensor.outer(x, x) * shift : h
      return try LinearAlgebra.symmetricEigen(LinearAlgebra.symmetricPart(shifted), vectors: false).values
    }
    let low = try extreme(1e6 * scale).first ?? .nan, high = try extreme(-1e6 * scale).last ?? .nan
    let tol = Tolerance.eigenvalueSign * scale
    if low > tol { return ("min", p) }
    if high < -tol { return ("max", p) }
    if low < -tol { return ("saddle", p) }
    return ("degenerate", p)
  }
}
