import Foundation
import PCXSema
import PCXSource
import Testing
@testable import PCXRuntime

/// A checked program (the test fails on a check error).
func checkedProgram(_ text: String, name: String = "s.pcx") throws -> (TypedProgram, SourceFile) {
  let file = SourceFile(name: name, bytes: Array(text.utf8))
  let checked = FrontEnd.check(file, catalog: Registry.catalog)
  let errors = checked.diagnostics.sorted.filter { $0.severity == .error }
  guard errors.isEmpty else { throw RuntimeError(.argument, errors.map(\.message).joined(separator: "; ")) }
  return (checked.typed, file)
}

/// Sweep points: numbering, keys, point lists, what a point needs, which scripts cannot split.
@Suite("Sweep points: plan, needs, independence")
struct SweepPlanTests {
  static let nested = """
    let n = 4
    param x: real = 1.0
    objective f = (x - 2)^2
    train base = gd(f, lr: 0.1, steps: 5)
    sweep a in [1, 2, 3] {
      let s = a * n
      sweep b in [10, 20] {
        report s + b
      }
      report s
    }
    sweep c in [0.5] {
      report c
    }

    """

  @Test func pointsOfNestedSweepsInSerialOrder() throws {
    let plan = SweepPlan(try checkedProgram(Self.nested).0)
    #expect(plan.points.map(\.label) == [
      "a=1, b=10", "a=1, b=20", "a=2, b=10", "a=2, b=20", "a=3, b=10", "a=3, b=20", "c=0.5",
    ])
    #expect(plan.points.map(\.index) == Array(0..<7))
    // the outer parts of the sweeps are not points: gather runs them
    #expect(plan.outer.count == 4 + 3 * 2)
  }

  @Test func pointListsParseAndPrint() throws {
    #expect(try SweepPlan.parseList("3,7-9", count: 12) == [3, 7, 8, 9])
    #expect(try SweepPlan.parseList("9-9,0,0-1", count: 12) == [0, 1, 9])
    for bad in ["9-7", "x", "3,", "-1", "1-2-3"] {
      #expect(throws: RuntimeError.self, "\(bad)") { try SweepPlan.parseList(bad, count: 12) }
    }
    #expect(throws: RuntimeError.self) { try SweepPlan.parseList("12", count: 12) }
    #expect(SweepPlan.listText([8, 0, 1, 2, 5, 7]) == "0-2,5,7-8")
    #expect(SweepPlan.listText([]) == "")
  }

  /// A point runs the outside statements it reads (transitively) and skips the rest.
  @Test func pointsRunOnlyTheOutsideStatementsTheyRead() throws {
    let (program, file) = try checkedProgram("""
      let unused = 3
      data D = gaussian(n: 6, d: 2)
      model m = mlp(in: 2, hidden: [3], out: 1, activation: tanh)
      param x: real = 1.0
      objective f = (x - 2)^2
      train base = gd(f, lr: 0.1, steps: 5)
      sweep w in [1, 2] {
        loss L = mse(m, D)
        report w
      }

      """)
    let interpreter = Interpreter(program: program, source: file, options: RunOptions())
    let plan = SweepPlan(program)
    let needed = interpreter.outerNeeds(plan, [1])
    let names = plan.outer.filter { needed.contains($0.span.start) }.compactMap(\.declaredName)
    #expect(names == ["D", "m"])
  }

  /// `lr: theorem` reaches the certificate that prescribes the step; a bound certificate's
  /// runs complete its guarantee; a certificate without `on:` measures the objective's latest run.
  @Test func lookupsThroughTheResultsAreNeedsToo() throws {
    let (program, file) = try checkedProgram("""
      param x: real = 0.5
      param y: real = 2.5
      objective f = (x * y - 1)^2
      certify c = chatterjee(f, at: (x, y), radius: 0.5)
      train t = gd(f, lr: theorem, steps: 5)
      objective g = (x - 1)^2
      train tg = gd(g, lr: 0.1, steps: 5)
      objective h = (x + 1)^2
      train th = gd(h, lr: 0.1, steps: 5)
      sweep w in [1, 2] {
        report t.final_loss
        certify pl(g)
      }

      """)
    let interpreter = Interpreter(program: program, source: file, options: RunOptions())
    let plan = SweepPlan(program)
    let needed = interpreter.outerNeeds(plan, [0])
    let names = plan.outer.filter { needed.contains($0.span.start) }.compactMap(\.declaredName)
    #expect(names == ["x", "y", "f", "c", "t", "g", "tg"])
  }

  @Test func aCertificateWithoutOnThatCouldMeasureAnotherPointsRunIsRefused() throws {
    let refused = try checkedProgram("""
      param x: real = 1.0
      objective f = (x - 2)^2
      sweep w in [1, 2] {
        certify pl(f)
        train t = gd(f, lr: 0.1 * w, steps: 5)
      }

      """).0
    let problem = try #require(SweepPlan.independenceProblem(refused))
    #expect(problem.span.line == 4)
    #expect(problem.error.message.contains("latest run of f, which can come from another sweep point"))
    #expect(problem.error.hint?.contains("on:") == true)
    let fine = try checkedProgram("""
      param x: real = 1.0
      objective f = (x - 2)^2
      sweep w in [1, 2] {
        train t = gd(f, lr: 0.1 * w, steps: 5)
        certify pl(f)
        certify pl(f, on: t)
      }

      """).0
    #expect(SweepPlan.independenceProblem(fine) == nil)
  }

  @Test func twoSweepsWithTheSameKeyThatTrainAreRefused() throws {
    let body = "{\n  train t = gd(f, lr: 0.1 * w, steps: 5)\n}\n"
    let head = "param x: real = 1.0\nobjective f = (x - 2)^2\n"
    let refused = try checkedProgram(head + "sweep w in [1, 2] " + body + "sweep w in [2, 3] " + body).0
    let problem = try #require(SweepPlan.independenceProblem(refused))
    #expect(problem.span.line == 6 && problem.error.message.contains("same key (w=2)"))
    let distinct = try checkedProgram(head + "sweep w in [1, 2] " + body + "sweep w in [3, 4] " + body).0
    #expect(SweepPlan.independenceProblem(distinct) == nil)
  }
}
