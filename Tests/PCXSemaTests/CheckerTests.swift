import Foundation
import Testing
import PCXRuntime
@testable import PCXFrontEnd
@testable import PCXSema
@testable import PCXSource
@testable import PCXSyntax

/// A probe with fixed file headers, so shape tests need no files.
struct FakeProbe: FileProbe {
  var csv: [String: [String]] = [:]
  var npy: [String: [Int]] = [:]
  func csvHeader(_ path: String) -> [String]? { csv[path] }
  func npyShape(_ path: String) -> [Int]? { npy[path] }
}

/// Runs the front end on a text.
func check(_ text: String, probe: any FileProbe = NoFileProbe()) -> FrontEndResult {
  FrontEnd.check(SourceFile(name: "t.pcx", text: text), catalog: Registry.catalog, probe: probe)
}

@Suite("Checker: names, types, shapes, signatures, typed program")
struct CheckerTests {
  @Test func fiveUnrelatedErrorsAreEachReportedOnce() {
    // one syntax error and four semantic ones, in five statements; the broken model's name is
    // poisoned and the broken run keeps its type, so their later uses add nothing.
    let text = """
      param w: vector[3] = zeros(4)
      model net = mlp(in: 8 hidden: [16])
      loss L = mse(net, D0)
      let a = 2
      report a, zz
      train run = gd(L, lr: 0.1, stepz: 10)
      report run.loss, net.params
      """
    let result = check(text)
    let errors = result.diagnostics.sorted.filter { $0.severity == .error }
    #expect(errors.map(\.span.line) == [1, 2, 3, 5, 6])
    #expect(errors.map(\.message) == [
      "param 'w' is declared vector[3] but its initial value is vector[4]",
      "expected ')' or ',', found 'hidden'",
      "unknown name 'D0'",
      "unknown name 'zz'",
      "gd has no argument 'stepz'; did you mean 'steps'? (arguments: loss, lr, steps, stop, time)",
    ])
    #expect(result.parse.diagnostics.sorted.map(\.span.line) == [2])
  }

  @Test func shapeErrorNamesBothShapesAndWhereTheyCameFrom() {
    let probe = FakeProbe(csv: ["digits.csv": (0..<65).map { "p\($0)" } + ["label"]])
    let text = "data D = csv(\"digits.csv\", label: \"label\")\nmodel net = mlp(in: 64, hidden: [8])\nloss L = mse(net, D)\n"
    let errors = check(text, probe: probe).diagnostics.sorted
    #expect(errors.count == 1)
    #expect(errors.first?.message == "mlp expects 64 input features; data D has 65 (from \"digits.csv\": 66 columns minus the label)")
    #expect(errors.first?.notes.map(\.span?.line) == [2, 1])
    #expect(errors.first?.notes.first?.message == "the model's input width is fixed by 'in: 64'")
  }

  @Test func npyShapesAndLoadLengthsAreCheckedFromHeaders() {
    let probe = FakeProbe(npy: ["X.npy": [100, 8], "y.npy": [100], "theta.npy": [160]])
    let text = "data D = npy(\"X.npy\", labels: \"y.npy\")\nmodel net = mlp(in: 8, hidden: [16], out: 1, init: load(\"theta.npy\"))\n"
    let errors = check(text, probe: probe).diagnostics.sorted.map(\.message)
    #expect(errors == ["init has 160 values but this mlp has 161 parameters (W1 16x8, b1 16, W2 1x16, b2 1)"])
    let (typed, _) = Checker.check(Parser.parse(SourceFile(name: "t", text: text)).program, catalog: Registry.catalog, probe: probe)
    guard case .declaration(_, _, let value)? = typed.statements.first?.kind else {
      Issue.record("no typed data declaration")
      return
    }
    #expect(value.type == .dataset(n: .known(100), d: .known(8), k: .known(1)))
  }

  @Test func mlpParameterCountFollowsTheLayout() {
    // 001 Sec 4 standard layout: sum_l m_{l-1} m_l + m_l with bias, m_{l-1} m_l without.
    let result = check("model a = mlp(in: 64, hidden: [256, 256], out: 1)\nmodel b = mlp(in: 64, hidden: [256, 256, 256], out: 1, bias: false)\n")
    let types = result.typed.statements.compactMap { statement -> PType? in
      if case .declaration(_, _, let value) = statement.kind { return value.type } else { return nil }
    }
    #expect(types == [
      .model(d: .known(64), k: .known(1), p: .known(64 * 256 + 256 + 256 * 256 + 256 + 256 + 1)),
      .model(d: .known(64), k: .known(1), p: .known(64 * 256 + 256 * 256 + 256 * 256 + 256)),
    ])
  }

  @Test func sweepBodiesAreCheckedOncePerValueAndNamedInNotes() {
    let text = "sweep d in [2, 3, 4] {\n  param x: vector[3] = zeros(d)\n}\n"
    let errors = check(text).diagnostics.sorted
    #expect(errors.map(\.message) == [
      "param 'x' is declared vector[3] but its initial value is vector[2]",
      "param 'x' is declared vector[3] but its initial value is vector[4]",
    ])
    #expect(errors.map { $0.notes.last?.message } == ["when d = 2", "when d = 4"])
    let same = check("sweep d in [2, 3] {\n  report zz\n}\n").diagnostics.sorted
    #expect(same.map(\.message) == ["unknown name 'zz'"])
    #expect(same.first?.notes.isEmpty == true)
  }

  @Test func callsBindPositionalNamedAndDefaultArguments() {
    let result = check("param x: real = 1.0\nobjective f = x^2\ntrain run = gd(f, 0.1, stop: loss < 1e-3)\n")
    #expect(result.diagnostics.isEmpty)
    guard case .declaration(.train, "run", let value)? = result.typed.statements.last?.kind,
      case .call("gd", .optimizer, let arguments) = value.kind
    else {
      Issue.record("no typed gd call")
      return
    }
    #expect(arguments.map(\.name) == ["loss", "lr", "steps", "stop", "time"])
    #expect(arguments.map { $0.value == nil } == [false, false, true, false, true])
    #expect(arguments[3].value?.type == .bool)
  }

  @Test func objectivesListTheirParamsInDeclarationOrder() {
    let text = "param y: real = 1.0\nparam x: real = 2.0\nparam z: real = 0.0\nobjective f = (x * y - 1)^2\ncertify chatterjee(f, at: (1.0, 2.0), radius: auto)\n"
    #expect(check(text).diagnostics.isEmpty)
    let bad = check(text.replacingOccurrences(of: "(1.0, 2.0)", with: "(1.0, 2.0, 3.0)")).diagnostics.sorted.map(\.message)
    #expect(bad == ["'at:' gives one value per param of f (y, x), found 3; give a tuple such as (1.0, 1.0)"])
  }

  @Test func typedDumpShowsTypesAndDefaults() {
    let dump = TypedDump.program(check("let n = 2 + 3\nparam w: vector[n] = zeros(n)\n").typed)
    #expect(dump == """
      seed 0
      let n: int  @1:1
        binary +: int = 5
          literal 2: int = 2
          literal 3: int = 3
      param w: vector[5]  @2:1
        call zeros [builtin]: vector[5]
          m:
            let n: int = 5
          n: default

      """)
  }

  @Test func catalogEntriesCiteTheirSources() {
    #expect(Registry.catalog.entries.filter { $0.kind == .certificate }.allSatisfy { !$0.reference.isEmpty && $0.reference != "-" })
    let names = Set(Registry.catalog.entries.filter { $0.kind == .certificate }.map(\.name))
    let spec: Set = ["pl", "pl_star", "pl_star_eps", "uniform_conditioning", "hessian_control", "chatterjee", "proxy_pl",
      "proxy_convex", "strict_saddle", "quasi_convex", "rsi", "rsc", "hessian_spectrum", "landscape", "smoothness",
      "lipschitz", "convexity"]
    #expect(names == spec)
  }
}
