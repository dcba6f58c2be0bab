import Testing
@testable import PCXRuntime

@Suite("Results trace CSV")
struct ResultsCSVTests {
  @Test func rendersHeaderRowsAndNonFiniteValues() {
    let text = TraceCSV.render(
      steps: [0, 1, 2],
      columns: [("loss", [1, 0.1 + 0.2, .nan]), ("grad_norm", [2.5, .infinity, -.infinity])])
    #expect(text == "step,loss,grad_norm\n0,1,2.5\n1,0.30000000000000004,inf\n2,nan,-inf\n")
  }

  @Test func shortColumnsLeaveEmptyFields() {
    let text = TraceCSV.render(steps: [0, 10, 20], columns: [("a", [1e-5]), ("b", [])])
    #expect(text == "step,a,b\n0,1e-05,\n10,,\n20,,\n")
  }

  @Test func namesAreQuotedPerRFC4180() {
    let text = TraceCSV.render(steps: [], columns: [("plain", []), ("a,b", []), ("say \"hi\"", []), ("two\nlines", [])])
    #expect(text == "step,plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
  }

  @Test func numbersRoundTrip() {
    let values: [Double] = [0.1, 1.0 / 3, 6.02214076e23, -2.2250738585072014e-308, 123456789, .leastNonzeroMagnitude]
    let text = TraceCSV.render(steps: Array(values.indices), columns: [("x", values)])
    let parsed = text.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1]) }
    #expect(parsed == values.map(Optional.some))
  }

  @Test func runFilesSplitDenseAndSparseTraces() {
    let run = sampleDocument().runs[0]
    let files = TraceCSV.files(for: run)
    #expect(files.map(\.name) == ["fit.width=64.csv", "fit.width=64.lambda_min.csv"])
    #expect(files[0].text.hasPrefix("step,loss,grad_norm\n0,1,2\n1,0.5,1\n"))
    #expect(files[0].text.split(separator: "\n").count == 6)
    #expect(files[1].text == "step,lambda_min\n0,0.3\n2,0.28\n")
  }
}
