import _CBLAS
import _PCXKernels

/// Exact Hessian-vector products of the square loss `scale * sum (F(X) - Y)^2` of a tanh MLP,
/// forward over reverse (Pearlmutter's R-operator, 1994): one forward pass carrying the tangent
/// of every activation along the direction V, then one reverse pass carrying the tangent of every
/// signal. Matrix products per hidden layer of width m (each n x m x m), none done twice:
///
/// - forward: `[A; dA] W^T` (the activation and the tangent's first term, one call on 2n rows)
///   and `A V^T` (the tangent's second term, accumulated): 3 products;
/// - reverse: `[dG; G] W` (the signal and the tangent's first term, one call on 2n rows) and
///   `G V` (accumulated): 3 products; the Hessian block `dG^T A + G^T dA` as one call with the
///   inner dimension 2n: 2 products.
///
/// 8 products a layer against 3 for the gradient; the gradient's own `G^T A` is not formed (an
/// HVP does not need it), the first layer skips the terms of dA_0 = 0 (4 products), and the
/// output layer's are vector products. Tangents: dZ_l = s_l (dA_{l-1} W_l^T + A_{l-1} V_l^T) + c_l,
/// dA_l = (1 - A_l^2) dZ_l; G_{l-1} = P (1 - A^2), dG_{l-1} = dP (1 - A^2) - 2 A P dA with
/// P = s_l G_l W_l and dP = s_l (dG_l W_l + G_l V_l); seeds G = 2 scale r, dG = 2 scale dF.
public final class MLPSquareLossHVP {
  /// The network (tanh hidden layers).
  public let net: MLP
  /// The factor in front of the sum.
  public let scale: Double
  let n: Int
  let offsets: [(w: Int, b: Int?)]
  /// X, Y, then per hidden layer [A_l; dA_l] (2n x width), the outputs [F; dF] (2n x k) and two
  /// signal buffers [dG; G] (2n x widest).
  let base: UnsafeMutablePointer<Double>
  let x, y, out, signalA, signalB: UnsafeMutablePointer<Double>
  let acts: [UnsafeMutablePointer<Double>]

  /// An HVP operator of the loss of `net` on `x` (n x in) and `y` (n x out).
  /// - Throws: `TensorError` for shapes that do not fit, or an activation other than tanh.
  public init(net: MLP, inputs x: Tensor, targets y: Tensor, scale: Double) throws {
    guard case .tanh = net.activation else {
      throw TensorError.invalidArgument("the structured HVP handles tanh networks; \(net.activation.name) goes through the tape")
    }
    let loss = try MLPSquareLoss(net: net, inputs: x, targets: y, scale: scale)
    self.net = net
    self.scale = scale
    let n = loss.samples
    self.n = n
    offsets = loss.offsets
    let hidden = Array(net.widths.dropFirst().dropLast()), k = net.widths[net.layerCount]
    let widest = net.widths.max() ?? 1
    let total = x.count + y.count + hidden.reduce(0) { $0 + 2 * n * $1 } + 2 * n * k + 4 * n * widest
    base = .allocate(capacity: Swift.max(total, 1))
    var next = base
    func take(_ c: Int) -> UnsafeMutablePointer<Double> { defer { next += c }; return next }
    self.x = take(x.count)
    self.x.update(from: x.scalars, count: x.count)
    self.y = take(y.count)
    self.y.update(from: y.scalars, count: y.count)
    acts = hidden.map { take(2 * n * $0) }
    out = take(2 * n * k)
    signalA = take(2 * n * widest)
    signalB = take(2 * n * widest)
  }

  deinit { base.deallocate() }

  /// H v at `theta` for the flat direction `v`, written to `hv` (all `net.parameterCount` long).
  public func apply(theta: UnsafePointer<Double>, direction v: UnsafePointer<Double>, into hv: UnsafeMutablePointer<Double>) {
    forward(theta, v)
    seed()
    backward(theta, v, hv)
  }

  /// `apply` on arrays: H v written to `hv` (nothing written unless all three are
  /// `net.parameterCount` long).
  public func apply(_ theta: [Double], direction v: [Double], into hv: inout [Double]) {
    let p = net.parameterCount
    guard theta.count == p, v.count == p, hv.count == p else { return }
    theta.withUnsafeBufferPointer { t in
      v.withUnsafeBufferPointer { d in
        hv.withUnsafeMutableBufferPointer { o in
          guard let pt = t.baseAddress, let pd = d.baseAddress, let po = o.baseAddress else { return }
          apply(theta: pt, direction: pd, into: po)
        }
      }
    }
  }

  /// [A_l; dA_l] for every hidden layer and [F; dF] in `out`.
  func forward(_ theta: UnsafePointer<Double>, _ v: UnsafePointer<Double>) {
    let L = net.layerCount
    for l in 1...L {
      let fanIn = net.widths[l - 1], width = net.widths[l], s = net.layerScale(l)
      let w = theta + offsets[l - 1].w, vw = v + offsets[l - 1].w
      let z = l == L ? out : acts[l - 1], zd = z + n * width
      if l == 1 {
        gemm(false, true, n, width, fanIn, s, x, fanIn, w, fanIn, 0, z, width)
        gemm(false, true, n, width, fanIn, s, x, fanIn, vw, fanIn, 0, zd, width)
      } else {
        let a = acts[l - 2]
        gemm(false, true, 2 * n, width, fanIn, s, a, fanIn, w, fanIn, 0, z, width)
        gemm(false, true, n, width, fanIn, s, a, fanIn, vw, fanIn, 1, zd, width)
      }
      if let b = offsets[l - 1].b {
        for i in 0..<n {
          for j in 0..<width {
            z[i * width + j] += theta[b + j]
            zd[i * width + j] += v[b + j]
          }
        }
      }
      guard l < L else { break }
      let count = n * width
      pcx_vtanh(z, z, count)
      for i in 0..<count { zd[i] *= 1 - z[i] * z[i] }
    }
  }

  /// The reverse pass's seeds [dG; G] = 2 scale [dF; F - Y] in `signalA`.
  func seed() {
    let count = n * net.widths[net.layerCount], c = 2 * scale
    for i in 0..<count {
      signalA[i] = c * out[count + i]
      signalA[count + i] = c * (out[i] - y[i])
    }
  }

  /// The reverse pass: each layer's Hessian block into `hv`, then the signals one layer down.
  func backward(_ theta: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ hv: UnsafeMutablePointer<Double>) {
    var g = signalA, spare = signalB
    for l in stride(from: net.layerCount, through: 1, by: -1) {
      let fanIn = net.widths[l - 1], width = net.widths[l], s = net.layerScale(l)
      let w = theta + offsets[l - 1].w, vw = v + offsets[l - 1].w
      let gd = g, gg = g + n * width  // dG, G
      if l == 1 {
        gemm(true, false, width, fanIn, n, s, gd, width, x, fanIn, 0, hv + offsets[0].w, fanIn)
      } else {
        gemm(true, false, width, fanIn, 2 * n, s, g, width, acts[l - 2], fanIn, 0, hv + offsets[l - 1].w, fanIn)
      }
      if let b = offsets[l - 1].b { MLPSquareLoss.columnSums(gd, n, width, 0..<width, into: hv + b) }
      guard l > 1 else { break }
      gemm(false, false, 2 * n, fanIn, width, s, g, width, w, fanIn, 0, spare, fanIn)  // [dG W; G W]
      gemm(false, false, n, fanIn, width, s, gg, width, vw, fanIn, 1, spare, fanIn)  // dP += s G V
      let a = acts[l - 2], ad = a + n * fanIn, p = spare + n * fanIn
      for i in 0..<(n * fanIn) {
        let slope = 1 - a[i] * a[i]
        spare[i] = spare[i] * slope - 2 * a[i] * p[i] * ad[i]
        p[i] *= slope
      }
      swap(&g, &spare)
    }
  }

  /// `c = alpha op(a) op(b) + beta c` (row-major).
  @inline(__always)
  func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
    _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
  }
}
