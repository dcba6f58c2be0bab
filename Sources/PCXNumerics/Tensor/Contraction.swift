import _CBLAS

/// Contractions of a tensor with a vector along one axis (tensordot with a vector), the
/// multilinear forms T(x,x,x,x), T(x,x,x,.), T(x,x,.,.) of the orthogonal tensor decomposition
/// problem (002 Sec 5), and the tensor of (5.1) itself.
///
/// Every contraction is one or more `cblas_dgemv` calls on the row-major buffer read as a matrix:
/// the last axis of `[.., n]` is the matrix-vector product of the `[count/n, n]` view, the first
/// axis of `[n, ..]` the transposed product of the `[n, count/n]` view. No index arithmetic per
/// element, and d = 50 (6.25 million entries) costs a few milliseconds.
extension Tensor {
  /// `y = A x` (or `A^T x` when `transpose`) for the row-major `rows x cols` matrix at `a`.
  static func gemv(
    _ a: UnsafePointer<Double>, rows: Int, cols: Int, transpose: Bool,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
  ) {
    cblas_dgemv(
      CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(rows), blasint(cols), 1, a,
      blasint(Swift.max(cols, 1)), x, 1, 0, y, 1)
  }

  /// The vector check shared by the contractions: `x` must be rank 1 of length `n`.
  static func checkContractionVector(_ x: Tensor, _ n: Int, _ op: String, _ shape: [Int]) throws {
    guard x.rank == 1, x.count == n else {
      throw TensorError.shapeMismatch(
        "\(op): a vector of shape \(describe(x.shape)) cannot contract an axis of extent \(n) "
          + "of \(describe(shape))")
    }
  }

  /// `sum_i T[.., i, ..] x_i`: contracts `axis` (negative counts from the end) with the vector `x`,
  /// dropping that axis, like NumPy's `tensordot(T, x, axes=([axis], [0]))`.
  public func contract(_ x: Tensor, axis: Int) throws -> Tensor {
    let a = try Tensor.resolveAxis(axis, rank: rank, "contract")
    let (outer, n, inner) = Tensor.split3(shape, at: a)
    try Tensor.checkContractionVector(x, n, "contract", shape)
    var outShape = shape
    outShape.remove(at: a)
    var out = [Double](repeating: 0, count: outer * inner)
    guard n > 0, !out.isEmpty else { return Tensor(uncheckedShape: outShape, scalars: out) }
    scalars.withUnsafeBufferPointer { t in
      x.scalars.withUnsafeBufferPointer { v in
        out.withUnsafeMutableBufferPointer { y in
          // unreachable nil base addresses: every buffer here is non-empty
          guard let t = t.baseAddress, let v = v.baseAddress, let y = y.baseAddress else { return }
          if inner == 1 {
            Tensor.gemv(t, rows: outer, cols: n, transpose: false, v, y)
          } else {
            // one transposed product per outer position: y[o, :] = T[o]^T x for T[o] of [n, inner]
            for o in 0..<outer {
              Tensor.gemv(t + o * n * inner, rows: n, cols: inner, transpose: true, v, y + o * inner)
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: outShape, scalars: out)
  }

  /// Checks that `self` is `[d, d, d, d]` and `x` is `[d]`; returns d.
  func fourthOrderDimension(_ x: Tensor, _ op: String) throws -> Int {
    let d = x.count
    guard x.rank == 1, shape == [d, d, d, d] else {
      throw TensorError.shapeMismatch(
        "\(op): needs a tensor of shape [d, d, d, d] and a vector of shape [d], got "
          + "\(Tensor.describe(shape)) and \(Tensor.describe(x.shape))")
    }
    return d
  }

  /// T(x,x,x,x) = sum_{ijkl} T_ijkl x_i x_j x_k x_l for T of shape [d,d,d,d] and x of shape [d]
  /// (the objective <T, x⊗x⊗x⊗x> of 002 (5.2)). Contracts the last axis three times, then a dot.
  public func contract4(_ x: Tensor) throws -> Double {
    _ = try fourthOrderDimension(x, "contract4")
    let v = try contract(x, axis: 3).contract(x, axis: 2).contract(x, axis: 1)
    return try Tensor.dot(v, x)
  }

  /// T(x,x,x,.): the vector v_l = sum_{ijk} T_ijkl x_i x_j x_k (the first three axes contracted).
  /// For a symmetric T it is a quarter of the gradient of `contract4`.
  public func contract3(_ x: Tensor) throws -> Tensor {
    _ = try fourthOrderDimension(x, "contract3")
    return try contract(x, axis: 0).contract(x, axis: 0).contract(x, axis: 0)
  }

  /// T(x,x,.,.): the matrix M_kl = sum_{ij} T_ijkl x_i x_j (the first two axes contracted).
  /// For a symmetric T it is a twelfth of the Hessian of `contract4`.
  public func contract2(_ x: Tensor) throws -> Tensor {
    _ = try fourthOrderDimension(x, "contract2")
    return try contract(x, axis: 0).contract(x, axis: 0)
  }

  /// sum_i a_i⊗a_i⊗a_i⊗a_i for vectors a_i of one length d, with no condition on the a_i.
  /// Built as B^T B for the [r, d^2] matrix B whose rows are vec(a_i a_i^T): one `cblas_dgemm`.
  public static func sumOfFourthPowers(_ components: [Tensor]) throws -> Tensor {
    guard let d = components.first?.count else {
      throw TensorError.invalidArgument("sumOfFourthPowers: no components")
    }
    for (i, a) in components.enumerated() where a.rank != 1 || a.count != d {
      throw TensorError.shapeMismatch(
        "sumOfFourthPowers: component \(i) has shape \(describe(a.shape)), expected [\(d)]")
    }
    let d2 = d * d
    let b = components.flatMap { outer($0, $0).scalars }
    var t = [Double](repeating: 0, count: d2 * d2)
    gemm(b, d2, true, b, d2, false, &t, d2, d2, components.count, alpha: 1, beta: 0)
    return Tensor(uncheckedShape: [d, d, d, d], scalars: t)
  }

  /// Largest allowed |<a_i, a_j> - delta_ij| for "orthonormal" components: vectors from a QR
  /// factorisation meet 1e-15; 1e-8 also admits components read back from decimal text while still
  /// catching unnormalised or non-orthogonal input.
  static let orthonormalityTolerance = 1e-8

  /// The orthogonal 4th-order tensor T = sum_i a_i⊗a_i⊗a_i⊗a_i of 002 (5.1), whose components must
  /// be orthonormal (throws `invalidArgument` naming the first offending pair otherwise).
  public static func orthogonalFourthOrder(components: [Tensor]) throws -> Tensor {
    for (i, a) in components.enumerated() {
      for (j, b) in components.enumerated() where j >= i && a.shape == b.shape {
        let g = try dot(a, b), target: Double = i == j ? 1 : 0
        guard (g - target).magnitude <= orthonormalityTolerance else {
          throw TensorError.invalidArgument(
            "orthogonalFourthOrder: components \(i) and \(j) are not orthonormal "
              + "(<a_\(i), a_\(j)> = \(g), expected \(target))")
        }
      }
    }
    return try sumOfFourthPowers(components)
  }
}
