/// Per-sample gradients (the rows of `DF`) and the tangent kernel `K = DF DF^T` for any model
/// written with `Var` operations, chunked over samples so that `DF` is never held whole when it
/// does not fit the memory limit.
public enum Jacobian {
  /// A model: parameters and a batch of inputs (b x d) to outputs (b x k, or b for k = 1).
  public typealias Model = ([Var], Var) throws -> Var

  /// The Jacobian rows `d F_{i,c} / d theta` for samples `range`, one row per (sample, output),
  /// flattened over the parameters in order: a (|range| k) x p buffer.
  static func rows(
    _ params: [Tensor], _ x: Tensor, _ range: Range<Int>, _ model: Model
  ) throws -> (rows: [Double], outputs: Int) {
    let d = x.shape[1]
    var out: [Double] = []
    var k = 0
    for i in range {
      let tape = Tape()
      let vars = tape.variables(params)
      let xi = Tensor(uncheckedShape: [1, d], scalars: Array(x.scalars[(i * d)..<((i + 1) * d)]))
      let y = try model(vars, Var(constant: xi))
      k = y.value.count
      for c in 0..<k {
        var seed = Tensor.zeros(y.shape)
        seed.scalars[c] = 1
        let g = try tape.backward(outputs: [y], seeds: [Var(constant: seed)], wrt: vars, createGraph: false)
        for (gi, p) in zip(g, params) { out += gi?.value.scalars ?? [Double](repeating: 0, count: p.count) }
      }
    }
    return (out, k)
  }

  /// The per-sample gradients `DF` as an (n k) x p matrix (row `i * k + c`).
  public static func perSampleGradients(
    _ params: [Tensor], inputs x: Tensor, memoryLimit: Int, model: Model
  ) throws -> Tensor {
    try checkInputs(x)
    let p = params.reduce(0) { $0 + $1.count }
    let probe = try rows(params, x, 0..<min(1, x.shape[0]), model)
    let needed = Memory.doubles(x.shape[0] * probe.outputs * p)
    guard needed <= memoryLimit else {
      throw AutodiffError.memoryLimit(needed: needed, limit: memoryLimit, what: "per-sample gradients (\(x.shape[0]) x \(p))")
    }
    let all = try rows(params, x, 0..<x.shape[0], model)
    return Tensor(uncheckedShape: [x.shape[0] * all.outputs, p], scalars: all.rows)
  }

  /// The tangent kernel `DF DF^T` ((n k) x (n k)), computing `DF` in sample chunks sized to fit
  /// `memoryLimit` (K itself plus two chunks of rows); throws before allocating if even one
  /// sample per chunk does not fit.
  public static func tangentKernel(
    _ params: [Tensor], inputs x: Tensor, memoryLimit: Int, model: Model
  ) throws -> Tensor {
    try checkInputs(x)
    let n = x.shape[0]
    let p = params.reduce(0) { $0 + $1.count }
    let k = try rows(params, x, 0..<min(1, n), model).outputs
    let kernelBytes = Memory.doubles((n * k) * (n * k))
    let perSample = Memory.doubles(k * p)
    let room = memoryLimit - kernelBytes
    guard n == 0 || room >= 2 * perSample else {
      throw AutodiffError.memoryLimit(
        needed: kernelBytes + 2 * perSample, limit: memoryLimit, what: "the tangent kernel of \(n) samples")
    }
    let chunk = n == 0 ? 1 : max(1, min(n, room / (2 * perSample)))
    var kernel = [Double](repeating: 0, count: (n * k) * (n * k))
    let starts = Array(stride(from: 0, to: n, by: chunk))
    for a in starts {
      let ra = a..<min(a + chunk, n)
      let ja = try rows(params, x, ra, model).rows
      for b in starts where b >= a {
        let rb = b..<min(b + chunk, n)
        let jb = b == a ? ja : try rows(params, x, rb, model).rows
        var block = [Double](repeating: 0, count: ra.count * k * rb.count * k)
        Tensor.gemm(ja, p, false, jb, p, true, &block, ra.count * k, rb.count * k, p, alpha: 1, beta: 0)
        let stride = n * k, width = rb.count * k
        for i in 0..<(ra.count * k) {
          for j in 0..<width {
            let v = block[i * width + j]
            kernel[(a * k + i) * stride + (b * k + j)] = v
            kernel[(b * k + j) * stride + (a * k + i)] = v
          }
        }
      }
    }
    return Tensor(uncheckedShape: [n * k, n * k], scalars: kernel)
  }

  static func checkInputs(_ x: Tensor) throws {
    guard x.rank == 2 else {
      throw TensorError.shapeMismatch("inputs must be a matrix (samples x features), got \(Tensor.describe(x.shape))")
    }
  }
}
