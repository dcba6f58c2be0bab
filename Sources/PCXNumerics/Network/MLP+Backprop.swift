/// Hand-written backpropagation for MLPs, for the hot loop of training runs that track more than
/// the loss (004 Sec 6 tracks the average predictor gradient at every step): one forward pass,
/// then the gradients of several output functionals with the signals of all of them stacked into
/// each matrix product. The tape computes the same numbers (tests compare them); this path only
/// saves passes and makes the products larger.
extension MLP {
  /// What a backward pass needs from the forward pass.
  public struct Trace: Sendable {
    /// Activations A_0 = X, A_1, ..., A_L.
    public let activations: [Tensor]
    /// phi'(Z_l) for l = 1..L.
    let slopes: [Tensor]
    /// The outputs F (n x out).
    public let output: Tensor
  }

  /// The forward pass, keeping activations and slopes.
  public func trace(_ params: [Tensor], inputs x: Tensor) throws -> Trace {
    try checkShapes(params.map(\.shape))
    try checkInputs(x.shape)
    var acts = [x]
    var slopes: [Tensor] = []
    for l in 1...layerCount {
      let (w, b) = layer(params, l)
      var z = try Tensor.matmul(acts[l - 1], w, transposeB: true, alpha: layerScale(l))
      if let b { z = try z + b }
      if l == layerCount { return Trace(activations: acts, slopes: slopes, output: z) }
      let (a, slope) = activationAndSlope(z)
      acts.append(a)
      slopes.append(slope)
    }
    return Trace(activations: acts, slopes: slopes, output: x)  // unreachable: layerCount >= 1
  }

  /// For each cotangent U_r (n x out), the gradient of sum_{i,c} U_r[i,c] F[i,c] with respect to
  /// every parameter tensor, in one backward pass whose signal products are stacked over r.
  public func pullback(_ trace: Trace, _ params: [Tensor], cotangents: [Tensor]) throws -> [[Tensor]] {
    let n = trace.output.shape[0], k = widths[layerCount], r = cotangents.count
    guard cotangents.allSatisfy({ $0.shape == [n, k] }) else {
      throw TensorError.shapeMismatch("cotangents must have the output shape [\(n), \(k)]")
    }
    if k == 1 { return try scalarOutputPullback(trace, params, cotangents) }
    var grads = [[Tensor]](repeating: [], count: r)  // filled from the last layer backwards
    var signal = try Tensor.concatenateRows(cotangents)  // (r n) x width of the current layer
    for l in stride(from: layerCount, through: 1, by: -1) {
      let (w, b) = layer(params, l)
      let a = trace.activations[l - 1]
      let width = widths[l]
      for q in 0..<r {
        let block = signal.rowBlock(q * n, n)
        let dw = try Tensor.matmul(block, a, transposeA: true, alpha: layerScale(l))
        grads[q].insert(dw, at: 0)
        if b != nil { grads[q].insert(try block.sumToShape([1, width]).reshaped([width]), at: 1) }
      }
      if l > 1 {
        signal = try Tensor.matmul(signal, w, alpha: layerScale(l))
        signal.multiplyBlocks(by: trace.slopes[l - 2])
      }
    }
    return grads
  }
}

extension MLP {
  /// With one output, samples do not interact and each cotangent only scales a sample's signal:
  /// `D^u_l = diag(u) D^1_l`, where `D^1_l` is the signal for the all-ones cotangent. So one
  /// propagation serves every cotangent, and `dW^u_l = s_l D^1_l^T diag(u) A_{l-1}` for all u
  /// comes from one product `D^1_l^T [diag(u_1) A | diag(u_2) A | ...]`.
  func scalarOutputPullback(_ trace: Trace, _ params: [Tensor], _ cotangents: [Tensor]) throws -> [[Tensor]] {
    let n = trace.output.shape[0], r = cotangents.count
    let u = try Tensor.concatenateColumns(cotangents)  // n x r
    var grads = [[Tensor]](repeating: [], count: r)
    var signal = Tensor.ones([n, 1])  // dF/dZ_{L+1} for the all-ones cotangent
    for l in stride(from: layerCount, through: 1, by: -1) {
      let (w, b) = layer(params, l)
      let a = trace.activations[l - 1], width = widths[l], fanIn = widths[l - 1]
      let scaled = a.scaledRows(by: u)  // n x (r fanIn): [diag(u_1) A | diag(u_2) A | ...]
      let dw = try Tensor.matmul(signal, scaled, transposeA: true, alpha: layerScale(l))  // width x (r fanIn)
      let db = b == nil ? nil : try Tensor.matmul(signal, u, transposeA: true)  // width x r
      for q in 0..<r {
        var block = [Double](repeating: 0, count: width * fanIn)
        for i in 0..<width {
          for j in 0..<fanIn { block[i * fanIn + j] = dw.scalars[i * r * fanIn + q * fanIn + j] }
        }
        grads[q].insert(Tensor(uncheckedShape: [width, fanIn], scalars: block), at: 0)
        if let db { grads[q].insert(Tensor(uncheckedShape: [width], scalars: (0..<width).map { db.scalars[$0 * r + q] }), at: 1) }
      }
      if l > 1 {
        signal = try Tensor.matmul(signal, w, alpha: layerScale(l))
        signal.multiplyBlocks(by: trace.slopes[l - 2])
      }
    }
    return grads
  }
}

extension Tensor {
  /// Matrices with equal row counts side by side.
  static func concatenateColumns(_ parts: [Tensor]) throws -> Tensor {
    guard let rows = parts.first?.shape.first, parts.allSatisfy({ $0.rank == 2 && $0.shape[0] == rows }) else {
      throw TensorError.shapeMismatch("column blocks must be matrices with the same number of rows")
    }
    let cols = parts.reduce(0) { $0 + $1.shape[1] }
    var out = [Double](repeating: 0, count: rows * cols)
    var offset = 0
    for p in parts {
      let c = p.shape[1]
      for i in 0..<rows { for j in 0..<c { out[i * cols + offset + j] = p.scalars[i * c + j] } }
      offset += c
    }
    return Tensor(uncheckedShape: [rows, cols], scalars: out)
  }

  /// `[diag(u[:,0]) self | diag(u[:,1]) self | ...]` for a matrix and an n x r matrix u.
  func scaledRows(by u: Tensor) -> Tensor {
    let n = shape[0], c = shape[1], r = u.shape[1]
    var out = [Double](repeating: 0, count: n * r * c)
    scalars.withUnsafeBufferPointer { a in
      u.scalars.withUnsafeBufferPointer { w in
        out.withUnsafeMutableBufferPointer { o in
          for i in 0..<n {
            for q in 0..<r {
              let s = w[i * r + q], base = i * r * c + q * c
              for j in 0..<c { o[base + j] = s * a[i * c + j] }
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [n, r * c], scalars: out)
  }

  /// Matrices with equal column counts stacked vertically.
  static func concatenateRows(_ parts: [Tensor]) throws -> Tensor {
    guard let cols = parts.first?.shape.last, parts.allSatisfy({ $0.rank == 2 && $0.shape[1] == cols }) else {
      throw TensorError.shapeMismatch("row blocks must be matrices with the same number of columns")
    }
    let rows = parts.reduce(0) { $0 + $1.shape[0] }
    return Tensor(uncheckedShape: [rows, cols], scalars: parts.flatMap(\.scalars))
  }

  /// Rows `start ..< start + count` of a matrix.
  func rowBlock(_ start: Int, _ count: Int) -> Tensor {
    let cols = shape[1]
    return Tensor(uncheckedShape: [count, cols], scalars: Array(scalars[(start * cols)..<((start + count) * cols)]))
  }

  /// Multiplies each block of `other.count` elements elementwise by `other`, in place (a stack
  /// of signals times the one slope matrix they share).
  mutating func multiplyBlocks(by other: Tensor) {
    let m = other.count
    other.scalars.withUnsafeBufferPointer { s in
      scalars.withUnsafeMutableBufferPointer { x in
        var start = 0
        while start + m <= x.count {
          for i in 0..<m { x[start + i] *= s[i] }
          start += m
        }
      }
    }
  }
}
