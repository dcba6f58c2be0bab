import Foundation
import PCX
import Testing

/// Runs every script of `examples/` through the public API (as `pcx run` does, with `--set`
/// overrides where a script names its CI sizes) and asserts the paper's claim from the values it
/// produced: closed forms where the paper has one, trends and verdicts where it states them.
@Suite("Examples: each paper's claims, asserted")
struct ExamplesTests {
  static let examples = Repository.examples

  /// Runs `examples/<name>.pcx` with its data paths relative to `examples/`.
  func run(_ name: String, _ overrides: [String: String] = [:]) async throws -> RunResult {
    var c = InterpreterConfiguration()
    c.baseDirectory = Self.examples.path
    c.outputDirectory = FileManager.default.temporaryDirectory.path
    c.overrides = overrides
    let url = Self.examples.appendingPathComponent("\(name).pcx")
    return try await PCXInterpreter(configuration: c).run(source: String(contentsOf: url, encoding: .utf8), fileName: url.lastPathComponent)
  }

  /// Every value `report` printed for `expression`, in order (one per sweep value).
  func numbers(_ r: RunResult, _ expression: String) -> [Double] {
    r.document.values.filter { $0.expression == expression }.compactMap { if case .number(let x) = $0.value { x } else { nil } }
  }

  func strings(_ r: RunResult, _ expression: String) -> [String] {
    r.document.values.filter { $0.expression == expression }.compactMap { if case .string(let s) = $0.value { s } else { nil } }
  }

  func number(_ r: RunResult, _ expression: String) throws -> Double { try #require(numbers(r, expression).first) }

  /// Certificates bound to `name`, in order (one per sweep value).
  func certificates(_ r: RunResult, _ name: String) -> [CertificateRecord] {
    r.certificates.filter { $0.binding == name }
  }

  func strictlyDecreasing(_ xs: [Double]) -> Bool { zip(xs, xs.dropFirst()).allSatisfy { $0 > $1 } }
  func strictlyIncreasing(_ xs: [Double]) -> Bool { zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 } }

  // MARK: quickstart

  @Test func quickstart() async throws {
    let r = try await run("quickstart")
    // 001 (3.2) at (0.5, 2.5), r = 0.5: alpha = 4 (a - r)^2, a = |(0.5, 2.5)|
    let a = (0.25 + 6.25).squareRoot()
    let c = try #require(r.certificate(named: "c"))
    #expect(c.verdict == .notRefuted)
    #expect(abs((c.estimate["alpha"] ?? 0) - 4 * (a - 0.5) * (a - 0.5)) <= 1e-6 * 4 * (a - 0.5) * (a - 0.5))
    let pl = try #require(r.certificates.first { $0.name == "pl_star" })
    #expect(pl.verdict == .holds && pl.guarantee?.check == .consistent)
  }

  // MARK: 001 Chatterjee

  /// The criterion at radius a/2 is exactly (3.2); flow and descent reach f = 0 from every start
  /// except y = -x, which flows into the saddle at the origin (Prop 3.1).
  @Test func chatterjeeToyRegion() async throws {
    let r = try await run("001-toy-criterion")
    let starts: [(Double, Double)] = [(0.5, 2.5), (2.0, 1.5), (-1.0, -2.0), (3.0, 0.1), (0.5, 0.2), (1.5, -0.5), (0.3, -0.3)]
    let c = certificates(r, "c"), flow = numbers(r, "flow.final_loss"), gd = numbers(r, "descent.final_loss")
    try #require(c.count == starts.count && flow.count == starts.count && gd.count == starts.count)
    var inside = 0
    for (k, (x, y)) in starts.enumerated() {
      let a2 = x * x + y * y
      let region = abs(x * y - 1) < a2 / 4   // 001 (3.2)
      inside += region ? 1 : 0
      #expect(c[k].verdict == (region ? .notRefuted : .violated), "start \(k): \(c[k].verdict)")
      // alpha((x0, y0), a/2) = 4 (a - a/2)^2 = a^2
      #expect(abs((c[k].estimate["alpha"] ?? 0) - a2) <= 1e-6 * a2, "alpha at start \(k)")
      if x == -y {
        #expect(abs(flow[k] - 1) <= 1e-6 && abs(gd[k] - 1) <= 1e-6, "y = -x ends at the saddle, f = 1")
      } else {
        #expect(flow[k] < 1e-10 && gd[k] < 1e-10, "start \(k) converges (Thm 2.1, 2.2, Prop 3.1)")
      }
    }
    #expect(inside == 3, "the list has 3 starts inside (3.2) and 4 outside")
  }

  /// Thm 4.1's initialisation: the criterion holds at w0, and flow and GD reach zero loss.
  /// 001 Figure 1: the criterion met on the grid exactly where (3.2) says, cell by cell, except
  /// within 0.15 of the boundary of the band (where a searched alpha may fall just short); the
  /// picture is written with one hatched cell per point where it was met.
  @Test func chatterjeeFigure1Region() async throws {
    let r = try await run("001-figure1-region", ["n": "15"])
    let c = try #require(certificates(r, "region").first)
    let grid = try #require(c.grid)
    #expect(grid.xs.count == 15 && grid.ys.count == 15)
    var compared = 0
    for (j, y) in grid.ys.enumerated() {
      for (i, x) in grid.xs.enumerated() {
        let margin = (x * x + y * y) / 4 - abs(x * y - 1)  // > 0 inside 001 (3.2)
        guard abs(margin) > 0.15 else { continue }
        compared += 1
        #expect(grid.met[j * grid.xs.count + i] == (margin > 0), "at (\(x), \(y)): margin \(margin)")
      }
    }
    #expect(compared > 180)
    #expect(c.verdict == .violated)  // the criterion fails far from xy = 1
    #expect(Int(c.estimate["met"] ?? -1) == grid.met.filter { $0 }.count)
  }

  /// 001 Thm 2.2 with lr: theorem: eta and delta as printed from the estimated constants, the run
  /// obeys f(x_k) <= (1 - delta)^k f(x0) at every step; Thm 2.1 holds for the flow.
  @Test func chatterjeeTheorems() async throws {
    let r = try await run("001-toy-theorems")
    let c = try #require(certificates(r, "c").first)
    let e = c.estimate
    let (alpha, radius, eps) = (try #require(e["alpha"]), try #require(e["radius"]), try #require(e["epsilon"]))
    let (l1, l2) = (try #require(e["L1"]), try #require(e["L2"]))
    let eta = min(radius / (l1 * 2.0.squareRoot()), 6 * eps / (l2 * 2))
    #expect(abs(try #require(e["eta"]) - eta) <= 1e-12 * eta)
    #expect(abs(try #require(e["delta"]) - min(1, (1 - eps) * alpha * eta)) <= 1e-12)
    #expect(4 * 0.36 < (1 - eps) * (1 - eps) * radius * radius * alpha)  // 001 (2.2)
    let g = try #require(c.guarantee)
    #expect(g.check == .consistent && g.statement.hasPrefix("001 Thm 2.2"))
    let observed = try #require(g.observed), predicted = try #require(g.predicted)
    #expect(zip(observed, predicted).allSatisfy { $0 <= $1 * (1 + 1e-9) })
    let flow = try #require(certificates(r, "flow_c").first?.guarantee)
    #expect(flow.check == .consistent && flow.statement.hasPrefix("001 Thm 2.1"))
  }

  @Test func chatterjeeDeepInit() async throws {
    let r = try await run("001-deep-init")
    let c = try #require(r.certificate(named: "c"))
    let alpha = try #require(c.estimate["alpha"]), f0 = try #require(c.estimate["f_x0"])
    #expect(c.verdict == .notRefuted && 4 * f0 < 1.0 * alpha, "4 f(w0) < r^2 alpha with r = 1")
    #expect(try number(r, "flow.final_loss") < 1e-8)
    #expect(try number(r, "descent.final_loss") < 1e-8)
    let pl = try #require(r.certificates.first { $0.name == "pl" })
    #expect(pl.verdict == .holds && pl.guarantee?.check == .consistent)
  }

  /// Thm 4.5: LeCun draws converge with positive probability; here every one of 20 does.
  @Test func chatterjeeLeCunProbability() async throws {
    let r = try await run("001-lecun-probability")
    let converged = r.document.values.filter { $0.expression == "run.final_loss < eps" }.map { $0.value == .bool(true) }
    #expect(converged.count == 20)
    #expect(converged.filter { $0 }.count == 20, "\(converged.filter { $0 }.count) of 20 reached 1e-6")
    #expect(r.runs.allSatisfy { $0.finalLoss < 1e-6 })
  }

  // MARK: 003 Liu, Zhu & Belkin

  /// The tangent kernel's lambda_min varies less along the run as the width grows.
  @Test func liuWidthConditioning() async throws {
    let r = try await run("003-width-conditioning")
    let spread = numbers(r, "run.lambda_min.max / run.lambda_min.min")
    try #require(spread.count == 4)
    #expect(strictlyDecreasing(spread), "max/min of lambda_min(K) along GD by width 16..1024: \(spread)")
    #expect(numbers(r, "run.lambda_min[0]").allSatisfy { $0 > 0 })
  }

  /// PL* holds along GD and the run obeys the Thm 6 rate at every step.
  @Test func liuPLStarGuarantee() async throws {
    let r = try await run("003-pl-star-guarantee", ["width": "128"])
    let c = try #require(r.certificate(named: "c"))
    #expect(c.verdict == .holds && (c.estimate["mu"] ?? 0) > 0 && (c.estimate["lambda_min"] ?? 0) > 0)
    let g = try #require(c.guarantee)
    #expect(g.check == .consistent)
    let predicted = try #require(g.predicted), observed = try #require(g.observed)
    try #require(predicted.count == observed.count && observed.count == r.runs[0].steps + 1)
    for (p, o) in zip(predicted, observed) { #expect(o <= p * (1 + 1e-12)) }
    #expect(r.runs[0].finalLoss < 1e-6)
  }

  /// kappa(X X^T) against Marchenko-Pastur ((1 + sqrt c) / (1 - sqrt c))^2, c = n/m.
  @Test func liuConditionNumber() async throws {
    let r = try await run("003-condition-number")
    let u = certificates(r, "u")
    let ratios = [2.0, 4, 8, 16, 32]
    try #require(u.count == ratios.count)
    let kappa = u.map { $0.estimate["condition_number"] ?? .nan }
    for (k, ratio) in ratios.enumerated() {
      let c = 1 / ratio, mp = pow((1 + c.squareRoot()) / (1 - c.squareRoot()), 2)
      #expect(abs(kappa[k] - mp) <= 0.2 * mp, "m/n = \(ratio): kappa \(kappa[k]) vs MP \(mp)")
      let low = 64 * ratio * pow(1 - c.squareRoot(), 2)
      #expect(abs((u[k].estimate["mu"] ?? 0) - low) <= 0.25 * low, "lambda_min vs m (1 - sqrt c)^2")
    }
    #expect(strictlyDecreasing(kappa))
  }

  /// 003 Prop 2 on (xy - 1)^2: lambda_min(hess f)(s, s) = -2e with s^2 = 1 + e.
  @Test func liuNonconvexNearMinimum() async throws {
    let r = try await run("003-nonconvex-minimum")
    let lambda = numbers(r, "h.lambda_min")
    let es = [0.1, 0.01, 0.001, 0.0001]
    try #require(lambda.count == es.count)
    for (l, e) in zip(lambda, es) { #expect(abs(l + 2 * e) <= 1e-9, "lambda_min \(l) vs -2e = \(-2 * e)") }
    let convexity = try #require(r.certificates.first { $0.name == "convexity" })
    #expect(convexity.verdict == .violated)
    #expect(abs((convexity.witness?.lhs ?? 0) - 2 * (1 - 1.21)) <= 1e-9, "at (1.1, 1.1): 2 (1 - s^2) = -0.42")
  }

  /// PL* collapses towards 0 on an under-parameterised system; PL*_eps keeps a constant.
  @Test func liuPLStarEps() async throws {
    let r = try await run("003-pl-star-eps")
    let exact = try #require(r.certificate(named: "exact")), relaxed = try #require(r.certificate(named: "relaxed"))
    let muExact = try #require(exact.estimate["mu"]), muRelaxed = try #require(relaxed.estimate["mu"])
    #expect(relaxed.verdict == .holds && muRelaxed > 10 * muExact, "mu_eps \(muRelaxed) vs mu \(muExact)")
    #expect(r.runs[0].finalLoss < 0.5 && r.runs[0].finalLoss > 0.1, "reaches L < eps, and no exact solution")
  }

  // MARK: 002 Ma

  @Test func maGLMQuasiConvex() async throws {
    let r = try await run("002-glm-quasiconvex")
    let q = try #require(r.certificate(named: "q")), s = try #require(r.certificate(named: "s"))
    #expect(q.verdict == .holds && (q.estimate["tau"] ?? 0) > 0)
    #expect(s.verdict == .holds && (s.estimate["tau"] ?? 0) > 0)
    #expect(r.runs[0].finalLoss < 1e-10)
    let land = try #require(r.certificate(named: "land"))
    #expect(land.verdict == .notRefuted && land.estimate["local_minima"] == 1 && land.estimate["spurious_minima"] == 0)
  }

  /// 002 Thm 4.1: lambda_min(hess g) = lambda_i - lambda_1 at the saddles; minima only +-2 e1.
  @Test func maPCASaddles() async throws {
    let r = try await run("002-pca-saddles")
    let lambda = numbers(r, "h.lambda_min")
    try #require(lambda.count == 4)
    let expected: [Double] = [2 - 4, 1 - 4, -4, 2]
    for (l, e) in zip(lambda, expected) { #expect(abs(l - e) <= 1e-10) }
    #expect(r.certificate(named: "saddle")?.verdict == .holds)
    let land = try #require(r.certificate(named: "land"))
    #expect(land.estimate["local_minima"] == 2 && land.estimate["spurious_minima"] == 0)
    // g(+-2 e1) = 1/4 ||diag(0, 2, 1)||_F^2 = 5/4
    #expect(abs((land.estimate["best_value"] ?? 0) - 1.25) <= 1e-9)
  }

  /// 002 Thm 4.4: the local minima are +-z only, both at f = 0.
  @Test func maMatrixCompletion() async throws {
    let r = try await run("002-matrix-completion")
    let land = try #require(r.certificate(named: "land"))
    #expect(land.verdict == .notRefuted)
    #expect(land.estimate["local_minima"] == 2 && land.estimate["spurious_minima"] == 0)
    #expect(abs(land.estimate["best_value"] ?? 1) <= 1e-10)
    #expect(r.runs[0].finalLoss < 1e-10)
  }

  /// 002 Thm 5.2: exactly 2r local maxima of <T, x^4> on the sphere, all of value 1.
  @Test func maOrthogonalTensor() async throws {
    let r = try await run("002-tensor-sphere")
    let land = try #require(r.certificate(named: "land"))
    #expect(land.verdict == .notRefuted)
    #expect(land.estimate["local_minima"] == 6, "2r = 6 for r = 3")
    #expect(land.estimate["spurious_minima"] == 0)
    #expect(abs((land.estimate["best_value"] ?? 0) + 1) <= 1e-8)
  }

  /// 004 Thm 4.1: the model Hessian norm at initialisation falls like 1/sqrt(m) (sqrt(m) times it
  /// stays within 25% across widths 16, 32, 64) and the negative curvature the RSC check finds
  /// (alpha_min < 0) shrinks with the width, as Thm 5.1's c2 / sqrt(m) term says.
  @Test func banerjeeHessianWidth() async throws {
    let r = try await run("004-hessian-width", ["steps": "10", "n": "8"])
    let norms = numbers(r, "h.model_hessian_norm")
    let scaled = numbers(r, "h.model_hessian_norm * sqrt(width)")
    #expect(norms.count == 3 && strictlyDecreasing(norms), "\(norms)")
    #expect((scaled.max() ?? 0) <= 1.25 * (scaled.min() ?? 0), "\(scaled)")
    let alphas = numbers(r, "r.alpha_min")
    #expect(alphas.count == 3 && strictlyIncreasing(alphas), "\(alphas)")
    #expect(r.certificates.filter { $0.name == "rsc" }.allSatisfy { $0.verdict != .holds })
  }

  // MARK: 000 Frei & Gu

  /// Ex 3.2: mu_hat >= 2 c^2 s_min(X)^2 (pcx's PL form has no 1/2).
  @Test func freiGuLeakyNeuronPL() async throws {
    let r = try await run("000-leaky-neuron-pl")
    let p = try #require(r.certificate(named: "p")), gram = try #require(r.certificate(named: "gram"))
    let bound = 2 * 0.1 * 0.1 * (gram.estimate["mu"] ?? .infinity)
    #expect(p.verdict == .holds)
    #expect((p.estimate["mu"] ?? 0) >= bound, "mu \(p.estimate["mu"] ?? 0) vs 2 c^2 s_min^2 = \(bound)")
    #expect(bound > 0)
  }

  /// Ex 4.2: proxy PL with mu >= 2 / ||w0 - v*|| at every iterate; Def 1.1 fails on the diagonal.
  @Test func freiGuReLUNeuron() async throws {
    let r = try await run("000-relu-neuron-proxy-convex")
    let ppl = try #require(r.certificate(named: "ppl"))
    let w0 = [0.3, 0.2, 0.1, -0.1, 0.2], vStar = [1.0, -1.0, 0.5, 0.0, 0.5]
    let d = zip(w0, vStar).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    #expect(ppl.verdict == .holds && (ppl.estimate["mu"] ?? 0) >= 2 / d)
    // at Ex 4.2's comparator v = v* the inequality holds at every iterate, and Thm 4.1(b) is consistent
    let pc = try #require(r.certificate(named: "pc"))
    #expect(pc.verdict == .holds && pc.guarantee?.check == .consistent)
    // for every pair it fails on the diagonal w = v, which Ex 4.2 does not claim
    let all = try #require(r.certificate(named: "pc_all"))
    let point = try #require(all.witness?.point)
    #expect(all.verdict == .violated && point.count == 10 && Array(point[0..<5]) == Array(point[5..<10]), "w = v")
    #expect(r.runs[0].finalLoss < 1e-20)
    // 000 Ex 4.2 (3.9): ||grad F||^2 <= 8 g = 16 G along the run, i.e. Thm 4.1(b)'s L2 <= 8 here
    let l2 = try #require(pc.estimate["L2"])
    #expect(l2 > 0 && l2 <= 8, "L2 = \(l2)")
  }

  /// Ex 3.4: the proxy PL inequality (alpha = 1, xi = 0) holds at every iterate.
  @Test func freiGuOneHiddenProxyPL() async throws {
    let r = try await run("000-one-hidden-proxy-pl")
    let ppl = try #require(r.certificate(named: "ppl"))
    #expect(ppl.verdict == .holds && (ppl.estimate["mu"] ?? 0) > 0)
    let loss = try #require(r.runs.first?.traces["loss"])
    #expect(r.runs[0].finalLoss < (loss.first ?? 0) / 5)
    // 000 Thm 3.1: min_t G(w_t) <= xi + eps, eps = (2/mu)(2 f(w0)/(eta T))^{alpha/2}, hypotheses met
    let g = try #require(ppl.guarantee)
    let mu = try #require(ppl.estimate["mu"])
    let eps = (2 / mu) * (2 * (loss.first ?? .nan) / (5.0 * 1000)).squareRoot()
    #expect(abs((g.predicted?.first ?? .nan) - eps) <= 1e-12 * eps)
    #expect(g.check == .consistent && g.hypotheses.prefix(3).allSatisfy { $0.met == true })
  }

  // MARK: 004 Banerjee et al.

  /// Sec 6: min_t ||gbar_t||^2 sqrt(m) grows with m, and ||gbar_t|| never collapses.
  @Test func banerjeeDigitsGbar() async throws {
    let r = try await run("004-digits-gbar", ["steps": "300"])
    let margin = numbers(r, "min(run.avg_grad_norm)^2 * sqrt(width)")
    let minimum = numbers(r, "min(run.avg_grad_norm)")
    try #require(margin.count == 3 && minimum.count == 3)
    #expect(strictlyIncreasing(margin), "min ||gbar||^2 sqrt(m) by width 16, 64, 256: \(margin)")
    #expect(minimum.allSatisfy { $0 > 0.05 })
    #expect(r.runs.allSatisfy { $0.steps == 300 && $0.finalLoss < ($0.traces["loss"]?.first ?? 0) })
  }
}
