import Foundation
import PCX
import Testing

@Suite("PCX: check, run, results")
struct InterpreterTests {
  @Test func checkReportsPositionsAndRenders() {
    let interpreter = PCXInterpreter()
    #expect(interpreter.check(source: Scripts.quadratic).filter { $0.severity == .error }.isEmpty)
    let bad = interpreter.check(source: "param x: real = 1\nobjective f = x^2 + q\n", fileName: "bad.pcx")
    #expect(bad.count == 1)
    #expect(bad.first?.file == "bad.pcx" && bad.first?.line == 2 && bad.first?.column == 21)
    #expect(bad.first?.message.contains("unknown name 'q'") == true)
    #expect(bad.first?.rendered.contains("objective f = x^2 + q") == true)
  }

  @Test func progressReportsStepsAndCertificates() async throws {
    let (events, task) = PCXInterpreter().runStreaming(source: Scripts.quadratic, fileName: "q.pcx")
    var seen: [ProgressEvent] = []
    for await event in events { seen.append(event) }
    let result = try await task.value
    #expect(seen.first == .started(fileName: "q.pcx"))
    #expect(seen.last == .finished(status: .completed))
    let steps = seen.compactMap { e -> Int? in if case .step(_, let k, 10, _) = e { k } else { nil } }
    #expect(steps.last == 10)
    let losses = seen.compactMap { e -> Double? in if case .step(_, 10, _, let loss) = e { loss } else { nil } }
    #expect(losses == [result.runs[0].finalLoss])
    #expect(seen.contains(.certificateFinished(name: "chatterjee", binding: "c", verdict: "violated")))
  }

  @Test func cancellingTheTaskReturnsAPartialResultMarkedCancelled() async throws {
    let (events, task) = PCXInterpreter().runStreaming(source: Scripts.endless)
    for await event in events {
      if case .step(_, let k, _, _) = event, k >= 50 { task.cancel() }
    }
    let result = try await task.value
    #expect(result.status == .cancelled)
    let run = try #require(result.runs.first)
    #expect(run.status == .cancelled && run.steps >= 50 && run.steps < 9_000_000)
    #expect(result.document.values.isEmpty, "the report after the cancelled run must not run")
    let decoded = try JSONDecoder().decode(RunResult.self, from: JSONEncoder().encode(result))
    #expect(decoded.status == .cancelled)
  }

  /// Cancellation reaches into a certificate's search: a landscape of 10^6 starts (hours of work)
  /// stops once the task is cancelled, the script ends as cancelled and the report after it does
  /// not run.
  @Test func cancellingStopsALongCertificate() async throws {
    let source = """
      param x: real = 0.5
      objective f = (x^2 - 1)^2
      certify l = landscape(f, starts: 1000000, steps: 1000)
      report l.verdict

      """
    let (events, task) = PCXInterpreter().runStreaming(source: source)
    for await event in events {
      if case .certificateStarted = event { task.cancel() }
    }
    let result = try await task.value
    #expect(result.status == .cancelled)
    #expect(result.certificates.isEmpty && result.document.values.isEmpty)
  }

  @Test func twoInterpretersConcurrentlyGiveWhatEachGivesAlone() async throws {
    func configured(_ seed: Int) -> PCXInterpreter {
      var c = InterpreterConfiguration()
      c.seed = seed
      return PCXInterpreter(configuration: c)
    }
    let alone1 = try await configured(1).run(source: Scripts.network).document.withoutTiming()
    let alone2 = try await configured(2).run(source: Scripts.network).document.withoutTiming()
    async let a = configured(1).run(source: Scripts.network)
    async let b = configured(2).run(source: Scripts.network)
    let (together1, together2) = try await (a.document.withoutTiming(), b.document.withoutTiming())
    #expect(try together1.encoded() == alone1.encoded())
    #expect(try together2.encoded() == alone2.encoded())
    #expect(alone1.runs[0].finalLoss != alone2.runs[0].finalLoss, "the seeds must matter")
  }

  @Test func anExceededLimitIsAnErrorValue() async throws {
    var c = InterpreterConfiguration()
    c.maxSteps = 5
    let error = await Scripts.error { try await PCXInterpreter(configuration: c).run(source: Scripts.quadratic) }
    #expect(error?.kind == .resourceLimit)
    #expect(error?.diagnostics.first?.line == 4)
    #expect(error?.message.contains("over the limit of 5") == true, "\(String(describing: error))")
  }

  @Test func theResultEncodesToJSONThatValidatesAgainstTheSchema() async throws {
    let result = try await PCXInterpreter().run(source: Scripts.quadratic)
    let json = try JSONEncoder().encode(result)
    let schema = try Data(contentsOf: Repository.docs.appendingPathComponent("results-schema.json"))
    #expect(try RunResult.schemaViolations(of: json, schema: schema).isEmpty)
    #expect(try RunResult.schemaViolations(of: Data("{}".utf8), schema: schema).count > 0)
    let decoded = try JSONDecoder().decode(RunResult.self, from: json)
    #expect(decoded.document == result.document && decoded.status == .completed)
  }
}
