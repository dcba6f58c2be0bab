import _CBLAS

/// The tangent kernel `K = DF DF^T` of an MLP, layer by layer, without forming `DF`.
///
/// For layer l with pre-activations `Z_l = s_l A_{l-1} W_l^T (+ b_l)`, the derivative of output
/// c of sample i with respect to `W_l[j, k]` is `s_l D^c_l[i, j] A_{l-1}[i, k]`, where
/// `D^c_l = dF_c / dZ_l` row by row. Hence (003 Sec 4, the NTK as a sum over layers)
///   K[(i,c),(i',c')] = sum_l s_l^2 (D^c_l D^c'_l^T)[i,i'] (A_{l-1} A_{l-1}^T)[i,i']
///                      + [bias] (D^c_l D^c'_l^T)[i,i'],
/// a handful of n x n products (dsyrk/dgemm) instead of an n x p Jacobian.
extension MLP {
  /// Bytes the structured kernel needs for `n` samples: K, two n x n work matrices, the
  /// activations and their derivatives, and the backpropagated signals of every output.
  public func tangentKernelBytes(samples n: Int) -> Int {
    let k = widths[layerCount]
    let hidden = widths[1..<layerCount].reduce(0, +)
    let doubles = (n * k) * (n * k) + 2 * n * n + n * (widths[0] + 2 * hidden) + k * n * hidden
    return Memory.doubles(doubles)
  }

  /// The tangent kernel at `params` for inputs `x` (n x in): an (n k) x (n k) matrix indexed by
  /// `i * k + c` for sample i and output c. Throws before allocating if it needs more than
  /// `memoryLimit` bytes.
  public func tangentKernel(_ params: [Tensor], inputs x: Tensor, memoryLimit: Int) throws -> Tensor {
    try checkShapes(params.map(\.shape))
    try checkInputs(x.shape)
    let n = x.shape[0], k = widths[layerCount], L = layerCount - 1
    let needed = tangentKernelBytes(samples: n)
    guard needed <= memoryLimit else {
      throw AutodiffError.memoryLimit(needed: needed, limit: memoryLimit, what: "the tangent kernel of \(n) samples")
    }
    // forward: activations A_0..A_L and derivatives phi'(Z_1..Z_L)
    var acts = [x]
    var slopes: [Tensor] = []
    // a linear model (hidden: []) has L = 0: no hidden layer, K = s^2 X X^T (+ ones with a bias)
    for l in stride(from: 1, through: L, by: 1) {
      let (w, b) = layer(params, l)
      var z = try Tensor.matmul(acts[l - 1], w, transposeB: true) * layerScale(l)
      if let b { z = try z + b }
      let (a, slope) = activationAndSlope(z)
      acts.append(a)
      slopes.append(slope)
    }
    // backward signals D^c_l for l = 1..L, per output c
    var signals = [[Tensor]](repeating: [], count: k)
    let (wOut, _) = layer(params, L + 1)
    for c in 0..<k where L > 0 {
      let row = Tensor(uncheckedShape: [1, widths[L]], scalars: Array(wOut.scalars[(c * widths[L])..<((c + 1) * widths[L])]))
      var d = try slopes[L - 1] * (row * layerScale(L + 1))
      var perLayer = [d]
      var l = L
      while l > 1 {
        let (w, _) = layer(params, l)
        d = try Tensor.matmul(d, w) * layerScale(l)
        d = try d * slopes[l - 2]
        perLayer.append(d)
        l -= 1
      }
      signals[c] = perLayer.reversed()
    }
    var kernel = [Double](repeating: 0, count: (n * k) * (n * k))
    var gram = [Double](repeating: 0, count: n * n)
    var cross = [Double](repeating: 0, count: n * n)
    for l in 1...(L + 1) {
      Self.syrk(acts[l - 1], n, &gram)
      let s2 = layerScale(l) * layerScale(l)
      for c in 0..<k {
        for c2 in c..<k {
          if l == L + 1 {
            // the output layer's signal is e_c: D D^T is all ones when c == c', else zero
            guard c == c2 else { continue }
            for i in 0..<(n * n) { cross[i] = 1 }
          } else if c == c2 {
            Self.syrk(signals[c][l - 1], n, &cross)
          } else {
            Self.gemmNT(signals[c][l - 1], signals[c2][l - 1], n, &cross)
          }
          Self.accumulate(&kernel, n: n, k: k, c, c2, cross, gram, s2, bias: bias)
        }
      }
    }
    return Tensor(uncheckedShape: [n * k, n * k], scalars: kernel)
  }

  /// The activation and its derivative at the pre-activations `z`.
  func activationAndSlope(_ z: Tensor) -> (Tensor, Tensor) {
    switch activation {
    case .tanh:
      let a = z.tanh()
      return (a, a.map { 1 - $0 * $0 })
    case .function(let f):
      let v = f.vectorised.map { $0(z) } ?? z.map(f.derivatives[0])
      return (v, z.map(f.derivatives[1]))
    }
  }

  /// `out = a a^T` (n x n, full, symmetric) with dsyrk.
  static func syrk(_ a: Tensor, _ n: Int, _ out: inout [Double]) {
    let m = a.shape[1]
    a.scalars.withUnsafeBufferPointer { pa in
      out.withUnsafeMutableBufferPointer { po in
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, blasint(n), blasint(m), 1,
                    pa.baseAddress, blasint(max(m, 1)), 0, po.baseAddress, blasint(n))
        for i in 0..<n { for j in 0..<i { po[i * n + j] = po[j * n + i] } }
      }
    }
  }

  /// `out = a b^T` (n x n).
  static func gemmNT(_ a: Tensor, _ b: Tensor, _ n: Int, _ out: inout [Double]) {
    let m = a.shape[1]
    Tensor.gemm(a.scalars, m, false, b.scalars, m, true, &out, n, n, m, alpha: 1, beta: 0)
  }

  /// K[(i,c),(i',c')] += s2 * cross ⊙ gram (+ cross with biases), and the mirrored block.
  static func accumulate(
    _ kernel: inout [Double], n: Int, k: Int, _ c: Int, _ c2: Int, _ cross: [Double],
    _ gram: [Double], _ s2: Double, bias: Bool
  ) {
    let stride = n * k
    kernel.withUnsafeMutableBufferPointer { K in
      for i in 0..<n {
        for j in 0..<n {
          let g = cross[i * n + j]
          let v = s2 * g * gram[i * n + j] + (bias ? g : 0)
          K[(i * k + c) * stride + (j * k + c2)] += v
          if c != c2 { K[(j * k + c2) * stride + (i * k + c)] += v }
        }
      }
    }
  }
}
