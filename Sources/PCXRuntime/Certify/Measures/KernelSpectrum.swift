import PCXNumerics

/// The ends of a tangent kernel's spectrum K = DF DF^T (003 Def 3): what PL* (003 Thm 1),
/// uniform conditioning, hessian_control and the `lambda_min` trace read.
enum KernelSpectrum {
  /// The smallest and largest eigenvalues and the mean eigenvalue trace(K)/n (a scale for
  /// "numerically zero"), of the kernel at theta (structured for MLPs, chunked otherwise).
  static func ends(_ loss: LossObjective, _ theta: Tensor, _ maxBytes: Int) throws -> (low: Double, high: Double, mean: Double) {
    try ends(of: try loss.tangentKernel(theta, limit: maxBytes))
  }

  /// The ends of a kernel matrix's spectrum (two dsyevr calls for one eigenvalue each).
  static func ends(of k: Tensor) throws -> (low: Double, high: Double, mean: Double) {
    let n = k.shape[0]
    let low = try LinearAlgebra.symmetricEigen(k, range: .indices(0...0), vectors: false).values.first ?? .nan
    let high = try LinearAlgebra.symmetricEigen(k, range: .indices((n - 1)...(n - 1)), vectors: false).values.first ?? .nan
    let trace = (0..<n).reduce(0.0) { $0 + k.scalars[$1 * n + $1] }
    return (low, high, trace / Double(Swift.max(n, 1)))
  }
}
