import Foundation
import Testing
import PCXNumerics
import PCXFrontEnd
import PCXSource
@testable import PCXRuntime

@Suite("Certificates: closed forms")
struct CertifyTests {
  /// 001 (3.2): for f = (xy - 1)^2, ||grad f||^2 / f = 4 (x^2 + y^2), so on B(x0, r) with
  /// r < ||x0|| the infimum is alpha = 4 (||x0|| - r)^2, at the point of the ball nearest 0.
  @Test func chatterjeeAlphaMatchesTheClosedForm() throws {
    let e = try runScript("""
      param x: real = 2.0
      param y: real = 0.2
      objective f = (x * y - 1)^2
      certify c = chatterjee(f, at: (x, y), radius: 0.5)
      """)
    let c = try #require(e.certificates.first?.outcome)
    let s = (4.0 + 0.04).squareRoot()
    expectClose(try #require(c.estimate["alpha"]), 4 * (s - 0.5) * (s - 0.5), rel: 1e-6, "alpha(x0, 0.5)")
    // 4 f(x0) = 4 * 0.36 = 1.44 < r^2 alpha = 0.25 * 4 (s - 0.5)^2 = 2.36: not refuted (a ball is continuous)
    #expect(c.verdict == .notRefuted)
  }

  /// With radius: auto the criterion can be met iff |x0 y0 - 1| < (x0^2 + y0^2) / 4 (001 (3.2),
  /// best radius ||x0|| / 2); on the diagonal the boundary is at a = sqrt(2/3) = 0.8165.
  @Test(arguments: [(2.0, 0.2, true), (0.85, 0.85, true), (3.0, 1.0, true), (3.0, -1.0, false),
                    (0.78, 0.78, false), (0.5, 0.5, false), (0.1, 0.2, false)])
  func chatterjeeAutoRadiusFollowsTheRegionOf001(_ x0: Double, _ y0: Double, _ inside: Bool) throws {
    #expect((Swift.abs(x0 * y0 - 1) < (x0 * x0 + y0 * y0) / 4) == inside)
    let e = try runScript("""
      param x: real = \(x0)
      param y: real = \(y0)
      objective f = (x * y - 1)^2
      certify c = chatterjee(f, at: (x, y), radius: auto)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.verdict == (inside ? .notRefuted : .violated), "at (\(x0), \(y0)): \(c.verdict), estimate \(c.estimate)")
    if !inside {
      let w = try #require(c.witness)
      #expect(w.lhs <= w.rhs)  // r^2 alpha_hat <= 4 f(x0) at the witness
    }
  }

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
    var interpreter = Interpreter(program: PCXFrontEnd.FrontEnd.check(file, catalog: Registry.catalog).typed, source: file, options: RunOptions())
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

@Suite("Certificates: curvature on finite sets")
struct CurvatureCertificateTests {
  /// 002 Thm 4.1 with g = 1/4 ||M - x x^T||_F^2: at x = sqrt(lambda_i) v_i the Hessian is
  /// ||x||^2 I + 2 x x^T - M, whose eigenvalue along v_1 is lambda_i - lambda_1 < 0 for i != 1.
  /// M has eigenvalues 4 (v_1 = (1, 1, 0)/sqrt 2), 2 (v_2 = (1, -1, 0)/sqrt 2) and 1.
  @Test func pcaSaddleOf002() throws {
    let e = try runScript("""
      let M = [[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]]
      param x: vector[3] = [1.0, -1.0, 0.0]
      objective g = 0.25 * fro(M - outer(x, x))^2
      certify s = hessian_spectrum(g, at: x)
      certify ss = strict_saddle(g, alpha: 0.1, beta: 0.1, gamma: 0.1, on: points([[1.0, -1.0, 0.0], [1.4142135623730951, 1.4142135623730951, 0.0]]))
      certify cv = convexity(g, on: points([[1.0, -1.0, 0.0]]))
      """)
    let records = e.certificates.compactMap(\.outcome)
    #expect(records.count == 3)
    expectClose(try #require(records[0].estimate["lambda_min"]), 2 - 4, rel: 1e-12, "lambda_2 - lambda_1")
    #expect(records[1].verdict == .holds)
    #expect(records[1].estimate["negative_curvature"] == 1 && records[1].estimate["near_local_min"] == 1)
    #expect(records[2].verdict == .violated)
    expectClose(try #require(records[2].witness?.lhs), -2, rel: 1e-12, "convexity witness")
  }

  /// A point with a small gradient, curvature above -beta and no minimum nearby breaks 002 Def 2.1
  /// with these constants: f(x) = x^3 at x = -0.01 (gradient 3e-4 < alpha, curvature -0.06 >
  /// -beta, and descent runs off to -infinity).
  @Test func strictSaddleViolatedWithAWitness() throws {
    let e = try runScript("""
      param x: real = -0.01
      objective f = x^3
      certify ss = strict_saddle(f, alpha: 0.001, beta: 0.1, gamma: 0.05, on: points([-0.01]))
      """)
    let r = try #require(e.certificates.first?.outcome)
    #expect(r.verdict == .violated)
    #expect(r.witness?.point == [-0.01])
  }
}

@Suite("Certificates: secant inequalities")
struct SecantCertificateTests {
  /// For f = 1/2 x^T A x and x* = 0: grad f(x)^T x = x^T A x = 2 f(x), so quasi-convexity holds
  /// with tau = 2 exactly (002 Def 2.5), and the RSI ratio is the Rayleigh quotient of A (002 (2.3)).
  @Test func quadraticClosedForms() throws {
    let e = try runScript("""
      let A = [[1.0, 0.0], [0.0, 3.0]]
      param x: vector[2] = [1.0, 1.0]
      objective f = 0.5 * inner(x, A @ x)
      certify q = quasi_convex(f, x_star: [0.0, 0.0], on: points([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
      certify r = rsi(f, x_star: [0.0, 0.0], on: points([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
      certify wrong = rsi(f, x_star: [0.0, 0.0], tau: 1.5, on: points([[1.0, 0.0], [0.0, 1.0]]))
      """)
    let c = e.certificates.compactMap(\.outcome)
    #expect(c.count == 3)
    expectClose(try #require(c[0].estimate["tau"]), 2, rel: 1e-14, "quasi-convexity tau")
    expectClose(try #require(c[1].estimate["tau"]), 1, rel: 1e-14, "RSI tau = lambda_min(A)")
    #expect(c[0].verdict == .holds && c[1].verdict == .holds)
    // a deliberately wrong claim is violated with its witness, never silently held
    #expect(c[2].verdict == .violated)
    #expect(c[2].witness?.point == [1, 0])
  }
}

@Suite("Certificates: proxy conditions of 000")
struct ProxyCertificateTests {
  /// f = 1/2 ||w||^2: <grad f(w), w - v> - (f(w) - f(v)) = 1/2 ||w - v||^2 >= 0 (so f is
  /// (f, f)-proxy convex, 000 Def 1.1, with the smallest slack 0 at w = v), and
  /// ||grad f||^2 = ||w||^2 = 2 f, so the proxy PL constant with g = f, alpha = 2 is mu = 4.
  @Test func quadraticClosedForms() throws {
    let e = try runScript("""
      param w: vector[2] = [1.0, 2.0]
      objective f = 0.5 * sum(w * w)
      certify c = proxy_convex(f, g: f, h: f, on: points([[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]))
      certify p = proxy_pl(f, g: f, on: points([[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]))
      certify wrong = proxy_pl(f, g: f, mu: 5.0, on: points([[1.0, 2.0]]))
      """)
    let c = e.certificates.compactMap(\.outcome)
    #expect(c.count == 3)
    #expect(c[0].verdict == .holds)
    expectClose(try #require(c[0].estimate["min_slack"]), 0, rel: 0, abs: 1e-15, "min slack")
    expectClose(try #require(c[1].estimate["mu"]), 4, rel: 1e-14, "proxy PL mu")
    #expect(c[2].verdict == .violated && c[2].witness?.point == [1, 2])
  }
}

@Suite("Certificates: landscape")
struct LandscapeCertificateTests {
  /// 002 Thm 5.2: on the unit sphere the local maxima of T(x, x, x, x) for an orthogonal tensor
  /// T = sum_i a_i^(x4) are exactly the 2r points +-a_i; minimising -T finds them as the only local
  /// minima, all with value -1.
  @Test func orthogonalTensorOnTheSphere() throws {
    let e = try runScript("""
      seed 11
      let T = orthogonal_tensor(5, 3)
      param u: vector[5] on sphere
      objective h = -inner(T, u ⊗ u ⊗ u ⊗ u)
      certify l = landscape(h, starts: 60, steps: 500)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.estimate["local_minima"] == 6, "\(c.estimate)")
    #expect(c.estimate["spurious_minima"] == 0)
    expectClose(try #require(c.estimate["best_value"]), -1, rel: 1e-9, "T(a_i, a_i, a_i, a_i)")
    #expect(c.verdict == .notRefuted)
  }

  /// A tilted double well (x^2 - 1)^2 + 0.3 x has a spurious local minimum near x = +1.
  @Test func spuriousMinimumIsAViolationWithItsWitness() throws {
    let e = try runScript("""
      param x: real = 0.0
      objective f = (x^2 - 1)^2 + 0.3 * x
      certify l = landscape(f, starts: 30)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.verdict == .violated)
    #expect(c.estimate["local_minima"] == 2)
    let w = try #require(c.witness)
    #expect(w.point[0] > 0.8 && w.lhs > w.rhs)
  }
}

@Suite("Certificates: under-parameterised")
struct UnderParameterisedTests {
  /// 003 Prop 3: with fewer parameters than samples (a linear model on 3 features, 8 samples) the
  /// tangent kernel X X^T (8 x 8, rank 3) is singular, so pl_star is violated with a witness.
  @Test func singularKernelViolatesPLStar() throws {
    let e = try runScript("""
      seed 2
      data D = gaussian(n: 8, d: 3)
      model lin = linear_net(dims: [3, 1])
      loss L = square(lin, D)
      train run = gd(L, lr: 0.02, steps: 50)
      certify c = pl_star(L, on: run every 10)
      """)
    let c = try #require(e.certificates.first?.outcome)
    #expect(c.verdict == .violated)
    #expect(c.witness != nil && c.reason?.contains("003 Prop 3") == true)
  }
}
