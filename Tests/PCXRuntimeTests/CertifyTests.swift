import Foundation
import Testing
import PCXNumerics
import PCXSema
import PCXSource
@testable import PCXRuntime

/// Closed forms the run corpus (Tests/cases/run) cannot state: they need the data the script drew.
@Suite("Certificates: closed forms")
struct CertifyTests {
  /// Under-determined least squares 0.5 ||X w - y||^2 (X: 3 x 6): K = X X^T, and
  /// ||grad L||^2 = 2 r^T X X^T r / (r^T r) L >= 2 lambda_min(X X^T) L (003 Thm 1).
  @Test func plStarOnAnUnderdeterminedLinearModel() throws {
    let text = """
      seed 4
      data D = gaussian(n: 3, d: 6)
      model lin = linear_net(dims: [6, 1])
      loss L = square(lin, D)
      train run = gd(L, lr: 0.05, steps: 200)
      certify c = pl_star(L, on: run)
      """
    let file = PCXSource.SourceFile(name: "t.pcx", bytes: Array(text.utf8))
    var interpreter = Interpreter(program: FrontEnd.check(file, catalog: Registry.catalog).typed, source: file, options: RunOptions())
    let e = try interpreter.run()
    let c = try #require(e.certificates.first?.outcome)
    guard case .dataset(let d)? = interpreter.env.values["D"] else { Issue.record("no D"); return }
    let k = try Tensor.matmul(d.x, d.x, transposeB: true)
    let lambdaMin = try LinearAlgebra.symmetricEigen(k, vectors: false).values[0]
    expectClose(try #require(c.estimate["lambda_min"]), lambdaMin, rel: 1e-10, "lambda_min(K) = lambda_min(X X^T)")
    #expect(try #require(c.estimate["mu"]) >= 2 * lambdaMin * (1 - 1e-10))
    #expect(c.verdict == .holds)
    #expect(c.guarantee?.check == .consistent)
  }
}
