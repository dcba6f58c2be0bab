import PCXNumerics
import PCXSema

/// A continuous set of parameter vectors (SPEC §5): `ball(center, radius, samples)`, `sphere`
/// and `spectral_ball(radius, rho1, samples)` (004 Def 3.1). pcx samples it and projects onto it.
struct ContinuousSet {
  /// One hidden weight matrix of an MLP inside the flat vector (for the spectral ball).
  struct Layer {
    let range: Range<Int>
    let rows: Int
    let cols: Int
  }

  enum Shape {
    case ball(center: Tensor, radius: Double)
    /// The unit sphere of each block (the rest stays at `base`).
    case sphere(blocks: [Range<Int>], base: Tensor)
    /// ||W_l - W_l^0||_2 <= rho for each hidden layer, ||v - v^0|| <= rho1 for the last layer,
    /// every other coordinate (biases) at theta_0.
    case spectral(center: Tensor, layers: [Layer], last: Range<Int>, rho: Double, rho1: Double)
  }

  let shape: Shape
  let samples: Int
  /// How the set is sampled, for method texts.
  let description: String

  /// A random point of the set (the distribution is in `description`).
  func sample(_ rng: inout RandomStream) throws -> Tensor {
    switch shape {
    case .ball(let center, let radius):
      let direction = try rng.unitSphere(center.count)
      let r = radius * libmPow(rng.nextDouble(), 1 / Double(Swift.max(center.count, 1)))
      return try center + (direction * r).reshaped(center.shape)
    case .sphere(let blocks, let base):
      var x = base
      for b in blocks {
        let u = try rng.unitSphere(b.count)
        x.scalars.replaceSubrange(b, with: u.scalars)
      }
      return x
    case .spectral(let center, let layers, let last, let rho, let rho1):
      var x = center
      for l in layers {
        let g = try rng.normalTensor([l.rows, l.cols])
        let s = try LinearAlgebra.largestSingularValue(g)
        let scale = s > 0 ? rho * rng.nextDouble() / s : 0
        for (k, i) in l.range.enumerated() { x.scalars[i] += g.scalars[k] * scale }
      }
      let u = try rng.unitSphere(last.count)
      let r = rho1 * libmPow(rng.nextDouble(), 1 / Double(Swift.max(last.count, 1)))
      for (k, i) in last.enumerated() { x.scalars[i] += u.scalars[k] * r }
      return x
    }
  }

  /// The nearest point of the set (for the spectral ball: each layer's singular values clipped
  /// at rho, the last layer's change scaled into rho1, other coordinates reset to theta_0).
  func project(_ x: Tensor) throws -> Tensor {
    switch shape {
    case .ball(let center, let radius):
      let offset = try x - center
      let n = offset.norm()
      return n <= radius ? x : try center + offset * (radius / n)
    case .sphere(let blocks, _):
      var y = x
      for b in blocks {
        let n = Tensor(Array(x.scalars[b])).norm()
        guard n > 0 else { continue }
        for i in b { y.scalars[i] = x.scalars[i] / n }
      }
      return y
    case .spectral(let center, let layers, let last, let rho, let rho1):
      var y = center
      for l in layers {
        let delta = try Tensor(shape: [l.rows, l.cols], scalars: l.range.map { x.scalars[$0] - center.scalars[$0] })
        let clipped = try Self.clipSpectralNorm(delta, rho)
        for (k, i) in l.range.enumerated() { y.scalars[i] += clipped.scalars[k] }
      }
      let v = Tensor(last.map { x.scalars[$0] - center.scalars[$0] })
      let n = v.norm()
      let scale = n <= rho1 ? 1 : rho1 / n
      for (k, i) in last.enumerated() { y.scalars[i] += v.scalars[k] * scale }
      return y
    }
  }

  /// D with its singular values clipped at rho: with D^T D = V S^2 V^T (dsyevr), D V = U S, so
  /// the projection onto {||.||_2 <= rho} is D V diag(min(1, rho / s)) V^T.
  static func clipSpectralNorm(_ d: Tensor, _ rho: Double) throws -> Tensor {
    guard try LinearAlgebra.largestSingularValue(d) > rho else { return d }
    let gram = try Tensor.matmul(d, d, transposeA: true)
    let eig = try LinearAlgebra.symmetricEigen(gram)
    guard let v = eig.vectors else { throw RuntimeError(.numerics, "the eigen-solver returned no vectors for a spectral-ball projection") }
    let n = gram.shape[0]
    var scaled = v
    for j in 0..<n {
      let s = Swift.max(eig.values[j], 0).squareRoot()
      let f = s > rho ? rho / s : 1
      for i in 0..<n { scaled.scalars[i * n + j] *= f }
    }
    let m = try Tensor.matmul(scaled, v, transposeB: true)
    return try Tensor.matmul(d, m)
  }
}

/// Minimises a slack over a continuous set: uniform samples, then projected, normalised descent
/// from the `starts` lowest along the slack's gradient (autodiff, usually through an HVP), or —
/// for slacks without one (extreme Hessian eigenvalues) — along random directions, keeping a step
/// only when it lowers the slack. The lowest value found and its point; a lower bound of nothing:
/// the true infimum can be lower, which is why a continuous set is never `holds`.
struct SlackSearch {
  var starts: Int
  var steps: Int
  private(set) var evaluations = 0
  /// Asked at every sample and step; true stops the search with `CertificateCancelled`.
  let isCancelled: @Sendable () -> Bool

  /// A search with `starts` descents of `steps` steps, stopped by `isCancelled`.
  init(starts: Int = 4, steps: Int = 40, isCancelled: @escaping @Sendable () -> Bool) {
    self.starts = starts
    self.steps = steps
    self.isCancelled = isCancelled
  }

  /// The method text for a set searched this way.
  func method(_ set: ContinuousSet, gradient: Bool) -> String {
    "\(set.samples) samples (\(set.description)) and \(steps) steps of projected descent on the slack from the \(starts) lowest"
      + (gradient ? " along its exact gradient (autodiff)" : " along random directions (no gradient of an eigenvalue), keeping improving steps")
  }

  mutating func minimise(
    _ set: ContinuousSet, scale: Double, rng: inout RandomStream,
    slack: (Tensor) throws -> Double?, gradient: ((Tensor) throws -> Tensor)?
  ) throws -> (value: Double, point: Tensor)? {
    var found: [(Double, Tensor)] = []
    for _ in 0..<Swift.max(set.samples, 1) {
      if isCancelled() { throw CertificateCancelled() }
      let x = try set.sample(&rng)
      evaluations += 1
      if let s = try slack(x), s.isFinite { found.append((s, x)) }
    }
    var best = found.min { $0.0 < $1.0 }
    for (s0, start) in found.sorted(by: { $0.0 < $1.0 }).prefix(starts) {
      var (s, x, step) = (s0, start, scale / 4)
      for _ in 0..<steps {
        if isCancelled() { throw CertificateCancelled() }
        let d = try gradient.map { try $0(x) } ?? (try rng.unitSphere(x.count).reshaped(x.shape)) * (rng.nextDouble() < 0.5 ? -1 : 1)
        let n = d.norm()
        guard n > 0, n.isFinite, step > scale * Tolerance.searchStep else { break }
        let trial = try set.project(x - d * (step / n))
        evaluations += 1
        if let t = try slack(trial), t.isFinite, t < s { (s, x) = (t, trial) } else { step /= 2 }
      }
      if s < (best?.0 ?? .infinity) { best = (s, x) }
    }
    return best.map { (value: $0.0, point: $0.1) }
  }
}

extension CertificateContext {
  /// The continuous set of `on:` (`ball`, `spectral_ball`, `sphere`), or nil for finite sets.
  func continuousSet(_ e: TExpr?, objective f: ObjectiveValue) throws -> ContinuousSet? {
    guard let e else { return nil }
    if case .choice("sphere") = e.kind { return try sphere(f) }
    guard case .call(let set, _, _) = e.kind else { return nil }
    if set == SetEntries.ball.name {
      let a = CallArguments(e, entry: SetEntries.ball, env: env, declaration: name)
      let radius = try a.real("radius"), samples = try a.int("samples")
      guard samples > 0 else { throw a.error("samples", "ball needs samples > 0") }
      guard radius > 0 else { throw a.error("radius", "ball needs a positive radius; got \(radius)") }
      let center = try point(a.expression("center") ?? e, dimension: f.initial.count)
      return ContinuousSet(shape: .ball(center: center, radius: radius),
                           samples: samples, description: "uniform in the ball of radius \(radius)")
    }
    guard set == SetEntries.spectralBall.name else { return nil }
    return try spectralBall(CallArguments(e, entry: SetEntries.spectralBall, env: env, declaration: name), f)
  }

  /// `on: sphere`: the unit sphere of each block declared `on sphere`, else of the whole vector.
  private func sphere(_ f: ObjectiveValue) throws -> ContinuousSet {
    let blocks = f.blocks.filter(\.onSphere).map(\.range)
    let chosen = blocks.isEmpty ? [0..<f.initial.count] : blocks
    let base = try ContinuousSet(shape: .sphere(blocks: chosen, base: f.initial), samples: 200, description: "").project(f.initial)
    return ContinuousSet(shape: .sphere(blocks: chosen, base: base), samples: 200,
                         description: blocks.isEmpty ? "uniform on the unit sphere of all \(f.initial.count) coordinates" : "uniform on the unit sphere of each block declared on sphere")
  }

  /// 004 Def 3.1's layerwise ball around an MLP's initial weights.
  private func spectralBall(_ a: CallArguments, _ f: ObjectiveValue) throws -> ContinuousSet {
    guard let loss = f.objective as? LossObjective, case .mlp(let net) = loss.model.architecture else {
      throw a.error("radius", "spectral_ball is the layerwise ball of 004 Def 3.1 around an MLP's initial weights; \(f.name) is not a loss of an mlp")
    }
    let samples = try a.int("samples")
    guard samples > 0 else { throw a.error("samples", "spectral_ball needs samples > 0") }
    let rho = try a.real("radius")
    let rho1 = try a.optionalReal("rho1") ?? rho
    guard rho > 0, rho1 > 0 else { throw a.error("radius", "spectral_ball needs positive radii") }
    var layers: [ContinuousSet.Layer] = [], offset = 0
    for shape in net.parameterShapes {
      let count = Tensor.count(of: shape)
      if shape.count == 2 { layers.append(.init(range: offset..<(offset + count), rows: shape[0], cols: shape[1])) }
      offset += count
    }
    guard let last = layers.popLast() else { throw a.error("radius", "spectral_ball needs an mlp with weights") }
    return ContinuousSet(
      shape: .spectral(center: f.initial, layers: layers, last: last.range, rho: rho, rho1: rho1), samples: samples,
      description: "W_l^0 + rho u G / ||G||_2 per hidden layer (G Gaussian, u uniform in [0, 1]) and the last layer uniform in its rho1-ball; biases at theta_0")
  }
}

extension ContinuousSet {
  /// The scale of the set, for step sizes: its radius.
  var scale: Double {
    switch shape {
    case .ball(_, let r): return r
    case .sphere: return 1
    case .spectral(_, _, _, let rho, let rho1): return Swift.max(rho, rho1)
    }
  }
}
