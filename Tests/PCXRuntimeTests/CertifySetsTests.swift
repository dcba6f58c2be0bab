import Foundation
import Testing
import PCXNumerics
@testable import PCXRuntime

/// The spectral-ball projection of the continuous sets (SPEC §5); the certificates on balls,
/// spheres and spectral balls are cases of the run corpus (Tests/cases/run).
@Suite("Certificates: continuous sets")
struct CertifySetsTests {
  /// The spectral-ball projection clips singular values: ||P(D)||_2 = rho for a matrix outside,
  /// D unchanged inside, and P(D) = U min(S, rho) V^T (checked through its singular values).
  @Test func spectralProjectionClipsSingularValues() throws {
    var rng = RandomStream(seed: 9)
    let d = try rng.normalTensor([5, 3])
    let s = try LinearAlgebra.singularValues(d)
    let rho = (s[0] + s[1]) / 2
    let p = try ContinuousSet.clipSpectralNorm(d, rho)
    let sp = try LinearAlgebra.singularValues(p)
    expectClose(sp[0], rho, rel: 1e-12, "clipped top singular value")
    expectClose(sp[2], s[2], rel: 1e-10, "an untouched singular value")
    let inside = try ContinuousSet.clipSpectralNorm(d, s[0] * 2)
    #expect(inside.scalars == d.scalars)
  }
}
