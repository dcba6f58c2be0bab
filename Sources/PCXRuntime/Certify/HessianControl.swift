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

/// `hessian_control` (003 Thm 2): with lambda_0 = lambda_min(K(w0)) > 0, if
/// ||H_F|| = max_i ||H_{F_i}||_2 <= (lambda_0 - mu) / (2 L_F sqrt(n) R) on B(w0, R), then
/// lambda_min(K(w)) >= mu on the ball (uniform conditioning, hence mu-PL* for the square loss).
extension Interpreter {
  mutating func hessianControl(_ a: Arguments, name: String) throws -> CertificateRecord {
    let f = try objectiveArg(a, ["loss"])
    guard let loss = f.objective as? LossObjective, loss.model.outputs == 1 else {
      throw RuntimeError(.argument, "hessian_control needs a loss of a one-output model on data (003 Thm 2's map F(w) = (f(w; x_i))_i)")
    }
    let w0 = f.initial
    let n = loss.data.n
    var rng = env.stream("certify \(name)")
    let limit = options.limits.maxBytes
    let k0 = try loss.tangentKernel(w0, limit: limit)
    let ends0 = try Self.kernelEnds(k0)
    let lambda0 = ends0.low
    let mu = try a.value("mu").map { try number($0, name) } ?? lambda0 / 2
    guard lambda0 > 0, mu > 0, mu < lambda0 else {
      return CertificateRecord(
        name: "hessian_control", verdict: .inconclusive, estimate: ["lambda_0": lambda0, "mu": mu],
        method: "lambda_0 = lambda_min(K(w0)) by dsyevr", evaluations: 1, source: "003 Thm 2",
        reason: "003 Thm 2 needs 0 < mu < lambda_0 = lambda_min(K(w0)); here lambda_0 = \(lambda0), mu = \(mu)")
    }
    // L_F = sup ||DF||_2 = sup sqrt(lambda_max(K)) over the ball: samples give a lower bound
    var lf = ends0.high.squareRoot()
    let residual = try Self.residualNorm(loss, w0)
    var radius: Double
    var auto = false
    if let r = a.value("radius"), case .choice("auto") = r.kind {
      auto = true
      // 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu with ||DF(w0)||_2 <= L_F: a lower bound of that R
      radius = 2 * lf * residual / mu
    } else {
      radius = try a.value("radius").map { try number($0, name) } ?? 1
    }
    let samples = try a.value("samples").map { try intValue($0, name) } ?? 12
    var points = [w0]
    for _ in 0..<Swift.max(samples, 1) { points.append(try ballSample(w0, radius, &rng)) }
    var kernelLow = Double.infinity, hNorm = 0.0, worst = w0, products = 0
    for w in points {
      try checkCancelled()
      let ends = try Self.kernelEnds(try loss.tangentKernel(w, limit: limit))
      kernelLow = Swift.min(kernelLow, ends.low)
      lf = Swift.max(lf, ends.high.squareRoot())
      let h = try modelHessianNorm(loss, w, rng: &rng)
      products += h.products
      if h.norm > hNorm { (hNorm, worst) = (h.norm, w) }
    }
    let bound = (lambda0 - mu) / (2 * lf * Double(n).squareRoot() * radius)
    let violated = hNorm > bound
    let conditioned = kernelLow >= mu
    return CertificateRecord(
      name: "hessian_control", verdict: violated ? .violated : .notRefuted,
      estimate: ["lambda_0": lambda0, "mu": mu, "radius": radius, "L_F": lf, "hessian_norm": hNorm,
                 "hessian_bound": bound, "lambda_min_ball": kernelLow],
      witness: Witness(point: worst.scalars, lhs: hNorm, rhs: bound),
      method: "||H_F|| = max_i ||H_{F_i}||_2 (\(HessianSpectrum.denseLimit >= w0.count ? "dense" : "Lanczos") per sample) and L_F = sup sqrt(lambda_max(K)) at w0 and \(samples) points uniform in B(w0, R)"
        + (auto ? "; radius: auto is 003 Thm 6's R = 2 L_F ||F(w0) - y|| / mu with ||DF(w0)||_2 for L_F (so R is a lower bound of the theorem's)" : "")
        + "; both sups are lower bounds, so the bound (lambda_0 - mu) / (2 L_F sqrt(n) R) is an upper bound of the theorem's",
      evaluations: points.count * (n + 1) + products, source: "003 Thm 2, Def 1, Thm 6",
      guarantee: Guarantee(
        statement: "003 Thm 2: lambda_min(K(w)) >= mu = \(mu) in B(w0, \(radius)); checked at the \(points.count) sampled points (smallest \(kernelLow))",
        check: conditioned ? .consistent : .contradicted,
        hypotheses: [
          Guarantee.Hypothesis("lambda_0 = lambda_min(K(w0)) = \(lambda0) > mu", met: true),
          Guarantee.Hypothesis("||H_F|| <= (lambda_0 - mu) / (2 L_F sqrt(n) R) = \(bound) on the ball (largest found \(hNorm))", met: violated ? false : nil),
        ]),
      reason: violated
        ? "the model Hessian at the witness is larger than 003 Thm 2 allows, so the theorem does not certify uniform conditioning on this ball"
        : "no sampled point has a model Hessian above the bound (a sampled sup is a lower bound)")
  }

  /// hessian_spectrum of a loss of a one-output model also reports the model Hessian norm
  /// max_i ||hess_theta f(theta; x_i)||_2 at the point (004 Thm 4.1's O(1/sqrt(m)) quantity).
  func addModelHessianNorm(_ record: inout CertificateRecord, _ a: Arguments, name: String) throws {
    guard record.verdict != .inconclusive, let f = try? objectiveArg(a, ["f", "loss"]),
          let loss = f.objective as? LossObjective, loss.model.outputs == 1 else { return }
    var rng = env.stream("certify \(name) model hessian")
    let at = try a.value("at").map { try point($0, dimension: f.initial.count) } ?? f.initial
    let h = try modelHessianNorm(loss, at, rng: &rng)
    record.estimate["model_hessian_norm"] = h.norm
    record.evaluations += h.products
    record.method += "; model_hessian_norm = max_i ||hess_theta f(theta; x_i)||_2 over the \(loss.data.n) samples (004 Thm 4.1)"
  }

  /// max_i ||hess_w f(w; x_i)||_2 over the samples of the loss's data (004 Thm 4.1, 003 Thm 2).
  func modelHessianNorm(_ loss: LossObjective, _ w: Tensor, rng: inout RandomStream) throws -> (norm: Double, products: Int) {
    var norm = 0.0, products = 0
    for i in 0..<loss.data.n {
      let output = ModelOutputObjective(model: loss.model, input: try loss.data.x.gather([i], axis: 0))
      let s = try HessianSpectrum.at(output, w, rng: &rng)
      norm = Swift.max(norm, Swift.abs(s.smallest), Swift.abs(s.largest))
      products += s.products
    }
    return (norm, products)
  }

  /// The smallest and largest eigenvalues of a tangent kernel, and its mean eigenvalue trace(K)/n.
  static func kernelEnds(_ k: Tensor) throws -> (low: Double, high: Double, mean: Double) {
    let n = k.shape[0]
    let low = try LinearAlgebra.symmetricEigen(k, range: .indices(0...0), vectors: false).values.first ?? .nan
    let high = try LinearAlgebra.symmetricEigen(k, range: .indices((n - 1)...(n - 1)), vectors: false).values.first ?? .nan
    let trace = (0..<n).reduce(0.0) { $0 + k.scalars[$1 * n + $1] }
    return (low, high, trace / Double(Swift.max(n, 1)))
  }

  /// ||F(w) - y|| for the loss's data.
  static func residualNorm(_ loss: LossObjective, _ w: Tensor) throws -> Double {
    let out = try loss.model.forward(try loss.model.split(w).map { Var(constant: $0) }, Var(constant: loss.data.x)).value
    return try (out.reshaped([loss.data.n]) - loss.data.y.reshaped([loss.data.n])).norm()
  }
}
