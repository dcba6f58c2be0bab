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

extension Tensor {
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
