import _CBLAS
import _PCXKernels

/// The square loss `scale * sum_{i,c} (F(X)[i,c] - Y[i,c])^2` of an MLP on fixed data and its
/// gradient, read from and written to flat parameter buffers (the documented order of `MLP`),
/// every intermediate in a workspace allocated once: the hot loop of training runs.
///
/// `evaluate` computes the tape's numbers (`Autodiff.valueAndGradient` over `MLP.forward`) bit
/// for bit: the same BLAS calls on the same operands and the same elementwise expressions in the
/// same order (`g * (1 - y * y)` for tanh, `g * f'(z)` otherwise, the seed `s r + s r`, bias
/// gradients summed row by row). Tests compare the two exactly.
///
/// `evaluateTracking` also returns the norm of 004's average predictor gradient
/// `gbar = (1/n) sum_i grad_theta f(theta; x_i)` (004 Def 5.2, Sec 6) for one output, from the
/// same backward pass: with one output a cotangent u only scales each sample's signal,
/// `G^u_l = diag(u) D_l` with `D_l` the signal of the all-ones cotangent, so one propagation of
/// `D_l` serves both and each layer costs one more product (`D_l^T A_{l-1} / n`) than the
/// gradient alone. The loss gradient is then `s_l (diag(u) D_l)^T A_{l-1}`: the same number
/// rounded in another order, so a run that tracks `gbar` may differ from one that does not in
/// the last bits of its gradients.
public final class MLPSquareLoss {
  /// The network.
  public let net: MLP
  /// The number of samples.
  public let samples: Int
  /// The factor in front of the sum (1/n for mse, 1/2 for square).
  public let scale: Double
  /// The flat offset of each layer's weight and bias (1-based layer l at index l - 1).
  let offsets: [(w: Int, b: Int?)]
  /// One allocation holding inputs, targets, activations, slopes and signals (see `Workspace`).
  let space: Workspace
  /// The two threads of the hot loop (one when OpenBLAS was given one thread: `--threads 1`).
  let halves: Halves

  /// An evaluator of the loss of `net` on inputs `x` (n x in) and targets `y` (n x out).
  /// - Throws: `TensorError` when the shapes do not fit the network.
  public init(net: MLP, inputs x: Tensor, targets y: Tensor, scale: Double) throws {
    try net.checkInputs(x.shape)
    let n = x.shape[0], k = net.widths[net.layerCount]
    guard y.shape == [n, k] else {
      throw TensorError.shapeMismatch("targets must have shape [\(n), \(k)], got \(Tensor.describe(y.shape))")
    }
    self.net = net
    samples = n
    self.scale = scale
    var offset = 0, offs: [(w: Int, b: Int?)] = []
    for l in 1...net.layerCount {
      let w = offset
      offset += net.widths[l] * net.widths[l - 1]
      var b: Int? = nil
      if net.bias { b = offset; offset += net.widths[l] }
      offs.append((w, b))
    }
    offsets = offs
    space = Workspace(net: net, samples: n, x: x.scalars, y: y.scalars)
    halves = Halves(helper: BLAS.threads > 1 ? HelperThread() : nil)
  }

  /// Whether the fast path computes this network's activation the way the tape does (tanh, or a
  /// scalar function without a vectorised form; a vectorised one goes through `Tensor`).
  public static func supports(_ net: MLP) -> Bool {
    switch net.activation {
    case .tanh: return true
    case .function(let f): return f.vectorised == nil
    }
  }

  /// The loss at `theta`; its gradient is written to `gradient` (both `net.parameterCount` long).
  public func evaluate(theta: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>) -> Double {
    BLAS.singleThreaded {
      forward(theta)
      let value = seed()
      backward(theta, gradient)
      return value
    }
  }

  /// The loss at `theta`, its gradient written to `gradient`, and `||gbar||` with `gbar` written
  /// to `averageGradient` (all `net.parameterCount` long). Needs one output (`supportsTracking`).
  public func evaluateTracking(
    theta: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>,
    averageGradient: UnsafeMutablePointer<Double>
  ) -> (value: Double, averageGradientNorm: Double) {
    let value = BLAS.singleThreaded {
      forward(theta)
      let value = seed()
      backwardTracking(theta, gradient, averageGradient)
      return value
    }
    let p = net.parameterCount
    return (value, LaneSums.norm(UnsafeBufferPointer(start: averageGradient, count: p)))
  }

  /// `evaluate` on arrays: the loss at `theta`, its gradient written to `gradient` (0 and nothing
  /// written when either is not `net.parameterCount` long).
  public func evaluate(_ theta: [Double], into gradient: inout [Double]) -> Double {
    let p = net.parameterCount
    guard theta.count == p, gradient.count == p else { return 0 }
    return theta.withUnsafeBufferPointer { t in
      gradient.withUnsafeMutableBufferPointer { g in
        guard let pt = t.baseAddress, let pg = g.baseAddress else { return 0 }
        return evaluate(theta: pt, gradient: pg)
      }
    }
  }

  /// Whether `evaluateTracking` applies: one output per sample.
  public var supportsTracking: Bool { net.widths[net.layerCount] == 1 }

  /// A_l = phi(s_l A_{l-1} W_l^T + b_l) into the workspace, and F into `space.output`; each
  /// layer's rows in two halves (see `halves`).
  func forward(_ theta: UnsafePointer<Double>) {
    let n = samples, L = net.layerCount
    for l in 1...L {
      let fanIn = net.widths[l - 1], width = net.widths[l], s = net.layerScale(l)
      let z = l == L ? space.output : space.activation(l), a = space.activation(l - 1)
      let split = Self.splits(n, width, fanIn)
      halves.run(split) { i in
        let rows = Self.part(i, n, split)
        guard !rows.isEmpty else { return }
        let r0 = rows.lowerBound, zr = z + r0 * width
        Self.gemm(false, true, rows.count, width, fanIn, s, a + r0 * fanIn, fanIn, theta + offsets[l - 1].w, fanIn, zr, width)
        if let b = offsets[l - 1].b {
          for i in 0..<rows.count { for j in 0..<width { zr[i * width + j] = zr[i * width + j] + theta[b + j] } }
        }
        if l < L { activate(zr, count: rows.count * width, slope: space.slope(l).map { $0 + r0 * width }) }
      }
    }
  }

  /// Products of at least this many multiply-adds (about 4 million: 512 x 128 x 64 and up) are
  /// split between the two halves; smaller ones run whole on the caller, with OpenBLAS on one
  /// thread, where a split costs about as much synchronisation as it saves (measured at m = 64).
  static let splitThreshold = 1 << 22

  /// Whether an m x n x k product is split.
  static func splits(_ m: Int, _ n: Int, _ k: Int) -> Bool { m * n * k >= splitThreshold }

  /// Half `i` of 0..<count when split, else all of it for half 0 and nothing for half 1.
  static func part(_ i: Int, _ count: Int, _ split: Bool) -> Range<Int> {
    split ? Halves.range(i, of: count) : (i == 0 ? 0..<count : count..<count)
  }

  /// phi applied in place; for a scalar function its derivative is kept for the backward pass
  /// (the tape evaluates the same `f'(z)` there).
  func activate(_ z: UnsafeMutablePointer<Double>, count: Int, slope: UnsafeMutablePointer<Double>?) {
    switch net.activation {
    case .tanh:
      pcx_vtanh(z, z, count)
    case .function(let f):
      let f0 = f.derivatives[0], f1 = f.derivatives[1]
      if let slope { for i in 0..<count { slope[i] = f1(z[i]) } }
      for i in 0..<count { z[i] = f0(z[i]) }
    }
  }

  /// The residual r = F - Y, the loss `scale * sum r_i r_i` (summed in order, as the tape's sum)
  /// and the output cotangent `s r + s r` (the tape's two uses of r in `r * r`), in `space.seed`.
  func seed() -> Double {
    let count = samples * net.widths[net.layerCount]
    let f = space.output, y = space.targets, u = space.seed
    var sum = 0.0
    for i in 0..<count {
      let r = f[i] - y[i]
      sum += r * r
      let sr = scale * r
      u[i] = sr + sr
    }
    return sum * scale
  }

  /// Reverse pass from `space.seed`: dW_l = s_l G_l^T A_{l-1}, db_l = column sums of G_l,
  /// G_{l-1} = (s_l G_l W_l) * phi'(Z_{l-1}); each half takes half the rows of dW_l and half the
  /// rows of G_{l-1}.
  func backward(_ theta: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>) {
    let n = samples
    var g = UnsafeMutablePointer(mutating: space.seed), spare = space.signalA
    for l in stride(from: net.layerCount, through: 1, by: -1) {
      let fanIn = net.widths[l - 1], width = net.widths[l], s = net.layerScale(l)
      let a = space.activation(l - 1), w = theta + offsets[l - 1].w, dw = gradient + offsets[l - 1].w
      let split = Self.splits(width, fanIn, n), signal = g, next = spare
      halves.run(split) { i in
        let cols = Self.part(i, width, split)
        if !cols.isEmpty {
          let c0 = cols.lowerBound
          Self.gemm(true, false, cols.count, fanIn, n, s, signal + c0, width, a, fanIn, dw + c0 * fanIn, fanIn)
          if let b = offsets[l - 1].b { Self.columnSums(signal, n, width, cols, into: gradient + b) }
        }
        propagateHalf(i, layer: l, split: split, signal, w, into: next)
      }
      guard l > 1 else { break }
      let used = g
      g = spare
      spare = used == space.seed ? space.signalB : used
    }
  }

  /// Half i (rows) of G_{l-1} = (s_l G_l W_l) * phi'(Z_{l-1}) into `next`; nothing below layer 2.
  func propagateHalf(
    _ i: Int, layer l: Int, split: Bool, _ signal: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
    into next: UnsafeMutablePointer<Double>
  ) {
    let n = samples, fanIn = net.widths[l - 1], width = net.widths[l]
    let rows = Self.part(i, n, split)
    guard l > 1, !rows.isEmpty else { return }
    let r0 = rows.lowerBound
    Self.gemm(false, false, rows.count, fanIn, width, net.layerScale(l), signal + r0 * width, width, w, fanIn,
              next + r0 * fanIn, fanIn)
    applySlope(next + r0 * fanIn, layer: l - 1, offset: r0 * fanIn, count: rows.count * fanIn)
  }

  /// g <- g * phi'(Z_l) in place, as the tape writes it: `g * (1 - y * y)` for tanh (y = A_l),
  /// `g * f'(Z_l)` otherwise.
  /// `offset` is where `g`'s first element sits in layer l's n x width block.
  func applySlope(_ g: UnsafeMutablePointer<Double>, layer l: Int, offset: Int, count: Int) {
    switch net.activation {
    case .tanh:
      let y = space.activation(l) + offset
      for i in 0..<count { g[i] = g[i] * (1 - y[i] * y[i]) }
    case .function:
      guard let d = space.slope(l).map({ $0 + offset }) else { return }
      for i in 0..<count { g[i] = g[i] * d[i] }
    }
  }

  /// `c = alpha op(a) op(b)` (row-major, beta 0) with the operands `Tensor.matmul` passes.
  @inline(__always)
  static func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
    _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), 0, c, blasint(ldc))
  }

  /// out_j = sum_i g[i, j] for the columns `which`, rows in order (the tape's `sumToShape`).
  static func columnSums(
    _ g: UnsafePointer<Double>, _ rows: Int, _ cols: Int, _ which: Range<Int>, into out: UnsafeMutablePointer<Double>
  ) {
    for j in which { out[j] = 0 }
    for i in 0..<rows { for j in which { out[j] += g[i * cols + j] } }
  }
}

extension MLPSquareLoss {
  /// Reverse pass for the loss gradient and gbar together (one output): the all-ones signal
  /// D_l is propagated once; dW_l = s_l (diag(u) D_l)^T A_{l-1} and
  /// dW-bar_l = (s_l / n) D_l^T A_{l-1} (004 Def 5.2's gbar, the gradient of the mean output).
  func backwardTracking(
    _ theta: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>,
    _ gbar: UnsafeMutablePointer<Double>
  ) {
    let n = samples, u = space.seed, inverse = 1 / Double(n), L = net.layerCount
    var d = space.ones, spare = space.signalA
    for l in stride(from: L, through: 1, by: -1) {
      let fanIn = net.widths[l - 1], width = net.widths[l], s = net.layerScale(l)
      let a = space.activation(l - 1), w = theta + offsets[l - 1].w, bias = offsets[l - 1].b
      let split = Self.splits(width, fanIn, n), signal = d, next = spare, scaled = space.scaled
      let g = l < L ? UnsafePointer(scaled) : UnsafePointer(u)
      halves.run(split) { i in
        let cols = Self.part(i, width, split)
        if !cols.isEmpty {
          let c0 = cols.lowerBound
          if l < L { for r in 0..<n { for j in cols { scaled[r * width + j] = u[r] * signal[r * width + j] } } }
          Self.gemm(true, false, cols.count, fanIn, n, s, g + c0, width, a, fanIn, gradient + offsets[l - 1].w + c0 * fanIn, fanIn)
          Self.gemm(true, false, cols.count, fanIn, n, s * inverse, signal + c0, width, a, fanIn, gbar + offsets[l - 1].w + c0 * fanIn, fanIn)
          if let b = bias {
            Self.columnSums(g, n, width, cols, into: gradient + b)
            Self.columnSums(signal, n, width, cols, into: gbar + b)
            for j in cols { gbar[b + j] *= inverse }
          }
        }
        propagateHalf(i, layer: l, split: split, signal, w, into: next)
      }
      guard l > 1 else { break }
      let used = d
      d = spare
      spare = used == space.ones ? space.signalB : used
    }
  }

  /// The evaluator's buffers, carved out of one allocation: inputs, targets, activations A_1..A_L-1,
  /// slopes (scalar-function activations), outputs, the output cotangent, two signal buffers,
  /// the scaled signal of the tracking pass and a column of ones.
  final class Workspace {
    let base: UnsafeMutablePointer<Double>
    let inputs: UnsafeMutablePointer<Double>
    let targets: UnsafeMutablePointer<Double>
    let activations: [UnsafeMutablePointer<Double>]
    let slopes: [UnsafeMutablePointer<Double>?]
    let output, seed, signalA, signalB, scaled, ones: UnsafeMutablePointer<Double>

    init(net: MLP, samples n: Int, x: [Double], y: [Double]) {
      let hidden = Array(net.widths.dropFirst().dropLast())
      let k = net.widths[net.layerCount], widest = net.widths.max() ?? 1
      let keepsSlopes: Bool
      if case .function = net.activation { keepsSlopes = true } else { keepsSlopes = false }
      let perLayer = hidden.reduce(0) { $0 + n * $1 } * (keepsSlopes ? 2 : 1)
      let total = x.count + y.count + perLayer + 2 * n * k + 3 * n * widest + n
      base = .allocate(capacity: Swift.max(total, 1))
      var next = base
      func take(_ count: Int) -> UnsafeMutablePointer<Double> {
        defer { next += count }
        return next
      }
      inputs = take(x.count)
      inputs.update(from: x, count: x.count)
      targets = take(y.count)
      targets.update(from: y, count: y.count)
      activations = hidden.map { take(n * $0) }
      slopes = hidden.map { keepsSlopes ? take(n * $0) : nil }
      output = take(n * k)
      seed = take(n * k)
      signalA = take(n * widest)
      signalB = take(n * widest)
      scaled = take(n * widest)
      ones = take(n)
      ones.initialize(repeating: 1, count: n)
    }

    deinit { base.deallocate() }

    /// A_l (A_0 = X) for l below the output layer.
    func activation(_ l: Int) -> UnsafeMutablePointer<Double> { l == 0 ? inputs : activations[l - 1] }
    /// phi'(Z_l) when kept (scalar-function activations), for 1 <= l < L.
    func slope(_ l: Int) -> UnsafeMutablePointer<Double>? { l >= 1 && l <= slopes.count ? slopes[l - 1] : nil }
  }
}
