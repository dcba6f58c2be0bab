import Foundation
import Testing
import PCXFrontEnd
import PCXNumerics
import PCXSema
import PCXSource
@testable import PCXRuntime

/// Runs a script through the front end and the interpreter.
func runScript(_ text: String, name: String = "test.pcx", base: String = ".", options: RunOptions = RunOptions()) throws -> Experiment {
  let file = SourceFile(name: name, bytes: Array(text.utf8))
  let checked = FrontEnd.check(file, catalog: Registry.catalog, probe: DiskFileProbe(directory: base))
  let errors = checked.diagnostics.sorted.filter { $0.severity == .error }
  guard errors.isEmpty else {
    throw RuntimeError(.argument, "script does not check: \(errors.map { $0.message }.joined(separator: "; "))")
  }
  var o = options
  o.baseDirectory = base
  var interpreter = Interpreter(program: checked.typed, source: file, options: o)
  return try interpreter.run()
}

let trajectories = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Trajectories").path

@Suite("Interpreter: scripts against independent references")
struct InterpreterTests {
  @Test func gdOnALoadedMLPMatchesTheNumPyTrajectory() throws {
    let script = try String(contentsOfFile: trajectories + "/gd_mlp.pcx", encoding: .utf8)
    let experiment = try runScript(script, name: "gd_mlp.pcx", base: trajectories)
    let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trajectories + "/reference.json"))) as? [String: Any]
    let losses = reference?["loss"] as? [Double] ?? []
    let gradNorms = reference?["grad_norm"] as? [Double] ?? []
    let finalTheta = reference?["final_theta"] as? [Double] ?? []
    #expect(losses.count == 51)
    let run = try #require(experiment.runs.first).result
    let loss = try #require(run.traces["loss"]).values
    let grad = try #require(run.traces["grad_norm"]).values
    #expect(loss.count == losses.count)
    for (k, (a, b)) in zip(loss, losses).enumerated() { expectClose(a, b, rel: 1e-10, "loss at step \(k)") }
    for (k, (a, b)) in zip(grad, gradNorms).enumerated() { expectClose(a, b, rel: 1e-10, "grad norm at step \(k)") }
    for (k, (a, b)) in zip(run.finalParameters.scalars, finalTheta).enumerated() {
      expectClose(a, b, rel: 1e-10, abs: 1e-12, "theta[\(k)]")
    }
  }
}

/// Expects a relative (or absolute) error within tolerance, printing both values.
func expectClose(_ a: Double, _ b: Double, rel: Double, abs: Double = 0, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
  let err = Swift.abs(a - b)
  #expect(err <= abs || err <= rel * Swift.abs(b), "\(what): observed \(a), expected \(b), error \(err)", sourceLocation: sourceLocation)
}

@Suite("Interpreter: semantics")
struct InterpreterSemanticsTests {
  @Test func gradientFlowOnTheToyObjectiveReachesXYEqualsOne() throws {
    // 001 Sec 3: from (2, 0.2) the flow converges to a point with xy = 1
    let e = try runScript("""
      param x: real = 2.0
      param y: real = 0.2
      objective f = (x * y - 1)^2
      train flow = gradient_flow(f, until: 20.0, tol: 1e-10)
      report flow.final_loss
      """)
    let theta = try #require(e.runs.first).result.finalParameters.scalars
    expectClose(theta[0] * theta[1], 1, rel: 1e-6, "x y at the end of the flow")
  }

  @Test func onlineSGDIsBitIdenticalWithTheSameSeedAndDiffersWithAnother() throws {
    let script = { (seed: Int) in """
      seed \(seed)
      data D = gaussian(n: 40, d: 3)
      model net = mlp(in: 3, hidden: [4], out: 1, activation: tanh)
      loss L = mse(net, D)
      train run = sgd(L, lr: 0.05, batch: 1, steps: 60)
      """ }
    let a = try runScript(script(3)), b = try runScript(script(3)), c = try runScript(script(4))
    let la = try #require(a.runs.first?.result.traces["loss"]?.values)
    let lb = try #require(b.runs.first?.result.traces["loss"]?.values)
    let lc = try #require(c.runs.first?.result.traces["loss"]?.values)
    #expect(la.map(\.bitPattern) == lb.map(\.bitPattern))
    #expect(la != lc)
  }

  @Test func declarationsDrawFromTheirOwnStreams() throws {
    // adding an unrelated declaration before A does not change A's numbers (SPEC 2.3)
    func reported(_ e: Experiment) -> [Double] { e.reports.first?.value.tensor?.scalars ?? [] }
    let a = try runScript("seed 5\nlet A = randn(4)\nreport A")
    let b = try runScript("seed 5\nlet B = randn(3)\nlet A = randn(4)\nreport A")
    let c = try runScript("seed 6\nlet A = randn(4)\nreport A")
    #expect(reported(a).count == 4)
    #expect(reported(a) == reported(b))
    #expect(reported(a) != reported(c))
  }

  @Test func runtimeErrorsNameTheStatementOrArgument() throws {
    do {
      _ = try runScript("""
        param x: real = 1.0
        objective f = x^2
        train run = gd(f, lr: 10.0, steps: 100)
        """, name: "diverge.pcx")
      Issue.record("no error")
    } catch let e as ScriptError {
      #expect(e.span.line == 3 && e.span.column == 1)
      #expect(e.description.hasPrefix("diverge.pcx:3:1: error: the run diverged at step"))
    }
    do {
      _ = try runScript("data D = csv(\"missing.csv\", label: \"y\")", name: "io.pcx")
      Issue.record("no error")
    } catch let e as ScriptError {
      // an error about one argument points at that argument (the path), not at the statement
      #expect(e.description.hasPrefix("io.pcx:1:14: error:"))
      #expect(e.description.contains("missing.csv"))
    }
  }
}

@Suite("Interpreter: examples")
struct InterpreterExampleTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples").path

  @Test func quickstartRuns() throws {
    let script = try String(contentsOfFile: Self.examples + "/quickstart.pcx", encoding: .utf8)
    let e = try runScript(script, name: "quickstart.pcx", base: Self.examples)
    #expect(e.runs.map(\.name) == ["descent", "run"])
    // 001 (3.2): GD on (xy - 1)^2 from (0.5, 2.5) drives the loss down
    let descent = try #require(e.runs.first).result
    #expect(descent.finalLoss < 1e-6)
    #expect(e.certificates.count == 2)
    #expect(e.plots.first?.path == "loss.svg")
  }

  @Test func sweepsKeyTheirResults() throws {
    let e = try runScript("""
      seed 1
      data D = gaussian(n: 16, d: 2)
      sweep width in [4, 8] {
        model m = mlp(in: 2, hidden: [width], out: 1, activation: tanh)
        loss L = mse(m, D)
        train r = gd(L, lr: 0.1, steps: 5)
        report r.final_loss
        plot r.final_loss vs width to "sweep.svg"
      }
      """)
    #expect(e.runs.count == 2)
    #expect(e.runs.map { $0.key.first?.1 } == [4, 8])
    #expect(e.reports.count == 2)
    #expect(e.plots.count == 1 && e.plots.first?.series.first?.x == [4, 8])
  }
}

@Suite("Interpreter: model variants")
struct InterpreterModelTests {
  @Test func fixedOuterLayerStaysAtItsInitialValue() throws {
    // 000 Ex 3.4: one hidden layer, outer weights a_j fixed at initialization
    let e = try runScript("""
      data D = gaussian(n: 20, d: 3)
      model net = mlp(in: 3, hidden: [6], out: 1, activation: softplus, bias: false, fixed: [2])
      loss L = mse(net, D)
      train run = gd(L, lr: 0.1, steps: 20)
      """)
    let r = try #require(e.runs.first).result
    let outer = 18..<24  // W1 is 6 x 3, then the 1 x 6 outer layer
    #expect(Array(r.finalParameters.scalars[outer]) == Array(r.initialParameters.scalars[outer]))
    #expect(Array(r.finalParameters.scalars[0..<18]) != Array(r.initialParameters.scalars[0..<18]))
  }

  @Test func residualNetworkAddsThePreviousLayer() throws {
    // 000 Ex 3.3: N_1 = tanh(W1 x), N_2 = N_1 + tanh(W2 N_1), output a . N_2
    let net = try MLP(inputs: 2, hidden: [3, 3], outputs: 1, activation: .tanh, bias: false)
    var values: [Double] = []
    for k in 0..<18 { values.append(Double(k % 7) * 0.13 - 0.4) }
    let theta = Tensor(values)
    var model = ModelValue(description: "res", architecture: .mlp(net), initial: theta)
    model.residual = true
    let x = Tensor([0.7, -1.2])
    let f = try model.evaluate(theta, try x.reshaped([1, 2])).scalars[0]
    let w = values, x0 = x.scalars[0], x1 = x.scalars[1]
    var n1 = [Double](repeating: 0, count: 3), n2 = n1
    for i in 0..<3 { n1[i] = Foundation.tanh(w[2 * i] * x0 + w[2 * i + 1] * x1) }
    for i in 0..<3 {
      var z = 0.0
      for j in 0..<3 { z += w[6 + 3 * i + j] * n1[j] }
      n2[i] = n1[i] + Foundation.tanh(z)
    }
    var expected = 0.0
    for j in 0..<3 { expected += w[15 + j] * n2[j] }
    expectClose(f, expected, rel: 1e-14, "residual output")
    do {
      _ = try runScript("model m = mlp(in: 2, hidden: [3, 4], out: 1, residual: true)")
      Issue.record("no error")
    } catch let err as ScriptError {
      #expect(err.error.message.contains("one width"))
    }
  }
}

@Suite("Interpreter: limits")
struct InterpreterLimitTests {
  @Test func limitsStopTheScriptWithAClearError() throws {
    var options = RunOptions()
    options.limits.wallTime = 0.05
    do {
      _ = try runScript("""
        param x: vector[200] = ones(200)
        objective f = sum(x^4)
        train run = gd(f, lr: 1e-6, steps: 5000000)
        """, options: options)
      Issue.record("no error")
    } catch let e as ScriptError {
      #expect(e.error.kind == .limit && e.span.line == 3, "\(e)")
    }
    options = RunOptions()
    options.limits.maxParameters = 10
    do {
      _ = try runScript("model m = mlp(in: 4, hidden: [8], out: 1)", options: options)
      Issue.record("no error")
    } catch let e as ScriptError {
      #expect(e.error.kind == .limit && e.description.contains("--max-params"), "\(e)")
    }
  }
}

@Suite("Interpreter: requested traces")
struct InterpreterTraceTests {
  @Test func averagePredictorGradientAndKernelEigenvalueMatchExplicitJacobians() throws {
    let text = """
      seed 3
      data D = gaussian(n: 10, d: 4)
      model net = mlp(in: 4, hidden: [7, 7], out: 1, activation: tanh, scaling: ntk, bias: false)
      loss L = square(net, D)
      train run = gd(L, lr: 0.05, steps: 20)
      report min(run.avg_grad_norm), run.lambda_min.last
      """
    let file = SourceFile(name: "t.pcx", bytes: Array(text.utf8))
    let checked = FrontEnd.check(file, catalog: Registry.catalog)
    var interpreter = Interpreter(program: checked.typed, source: file, options: RunOptions())
    let e = try interpreter.run()
    let r = try #require(e.runs.first).result
    let gbar = try #require(r.traces["avg_grad_norm"]), lmin = try #require(r.traces["lambda_min"])
    #expect(gbar.count == 21 && lmin.steps == Array(0...20))
    guard case .dataset(let data)? = interpreter.env.values["D"], case .model(let model)? = interpreter.env.values["net"] else {
      Issue.record("no D or net")
      return
    }
    // independent: the mean row of the explicit per-sample Jacobian at the start, and J J^T's spectrum
    let j = try Jacobian.perSampleGradients(model.split(r.initialParameters), inputs: data.x, memoryLimit: 1 << 30, model: model.forward)
    let p = j.shape[1]
    var mean = [Double](repeating: 0, count: p)
    for i in 0..<data.n { for c in 0..<p { mean[c] += j.scalars[i * p + c] / Double(data.n) } }
    expectClose(gbar.values[0], mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), rel: 1e-12, "||gbar_0||")
    let k = try Tensor.matmul(j, j, transposeB: true)
    let spectrum = try LinearAlgebra.symmetricEigen(k, vectors: false).values
    expectClose(lmin.values[0], spectrum[0], rel: 1e-9, abs: 1e-12, "lambda_min(K_0)")
    #expect(e.reports.count == 2)
  }
}

@Suite("Interpreter: the good corpus runs")
struct InterpreterCorpusTests {
  static let good = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("cases/check/good").path

  /// Scripts of the front end's good corpus that need no missing data file and no certificate
  /// step size, and run in about a second in a debug build, run without a runtime error (the two
  /// landscape scripts, 50 and 100 starts on a 4th-order tensor, take a minute in debug; the
  /// landscape suite covers that path).
  @Test(arguments: ["paper_001_xy", "paper_002_completion", "paper_002_pca",
                    "spec_2_1a_chatterjee", "sweep_shapes",
                    "certificate_members", "continuation_and_lets", "proxy_convex", "linear_net"])
  func runs(_ name: String) throws {
    let text = try String(contentsOfFile: Self.good + "/\(name).pcx", encoding: .utf8)
    let e = try runScript(text, name: "\(name).pcx", base: Self.good)
    #expect(!e.runs.isEmpty || !e.reports.isEmpty || !e.certificates.isEmpty)
    for r in e.runs { #expect(r.result.finalLoss.isFinite, "\(name): run \(r.name)") }
  }
}
