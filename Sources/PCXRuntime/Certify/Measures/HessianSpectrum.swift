import PCXNumerics

/// Extreme eigenvalues of a Hessian at a point: dense (dsyevr on the exact Hessian, one reverse
/// sweep per column) for at most `denseLimit` parameters, Lanczos with full reorthogonalisation
/// on exact HVPs otherwise (with its residual bound; not converged means inconclusive).
struct HessianSpectrum {
  static let denseLimit = 400

  let smallest: Double
  let largest: Double
  /// An eigenvector for the smallest eigenvalue (a direction of negative curvature when < 0).
  let smallestVector: Tensor
  let converged: Bool
  let products: Int
  let method: String

  static func at(_ f: any SecondOrderObjective, _ theta: Tensor, rng: inout RandomStream) throws -> HessianSpectrum {
    let op = try f.hessianOperator(theta)
    let p = op.dimension
    if p <= denseLimit {
      let eig = try LinearAlgebra.symmetricEigen(op.dense())
      let v = eig.vectors.map { vs in Tensor((0..<p).map { vs.scalars[$0 * vs.shape[1]] }) } ?? Tensor.zeros([p])
      return HessianSpectrum(smallest: eig.values.first ?? .nan, largest: eig.values.last ?? .nan, smallestVector: v,
                             converged: true, products: p, method: "dense Hessian (\(p) exact HVPs) and LAPACK dsyevr")
    }
    let start = try rng.normalTensor([p])
    let r = try LinearAlgebra.lanczos(dimension: p, count: 1, which: .both, start: start, tolerance: 1e-8,
                                      maxIterations: min(p, 300)) { try op.applyFlat($0) }
    return HessianSpectrum(smallest: r.smallest.first ?? .nan, largest: r.largest.first ?? .nan,
                           smallestVector: r.smallestVectors.first ?? Tensor.zeros([p]), converged: r.converged,
                           products: r.matrixVectorProducts,
                           method: "Lanczos with full reorthogonalisation on exact HVPs (\(r.iterations) iterations)")
  }
}
