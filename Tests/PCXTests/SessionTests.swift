import Foundation
import PCX
import Testing

@Suite("PCX: incremental session")
struct SessionTests {
  @Test func declareReportAndRejectAnErroneousChunk() async throws {
    let session = Session()
    let first = try await session.submit("param x: real = 0.0\nobjective f = (x - 3)^2\n")
    #expect(first.declared == [.init(name: "x", kind: "param"), .init(name: "f", kind: "objective")])
    let trained = try await session.submit("train d = gd(f, lr: 0.1, steps: 10)")
    #expect(trained.runs.map(\.name) == ["d"])
    // Same closed form as the one-shot run: 9 * 0.64^10.
    let expected = 9 * pow(0.64, 10.0)
    #expect(abs(trained.runs[0].finalLoss - expected) <= 1e-12 * expected)
    let before = await session.source
    await #expect(throws: PCXError.self) { try await session.submit("report d.final_loss + nope\n") }
    #expect(await session.source == before, "an erroneous chunk must leave the session unchanged")
    let reported = try await session.submit("report d.final_loss\n")
    #expect(reported.values.map(\.expression) == ["d.final_loss"])
    #expect(reported.values.first?.value == .number(trained.runs[0].finalLoss))
    #expect(await session.declarations.map(\.name) == ["x", "f", "d"])
    await session.reset()
    let (names, text) = (await session.declarations, await session.source)
    #expect(names.isEmpty && text.isEmpty)
  }

  @Test func aFailingStatementLeavesTheStateUnchanged() async throws {
    var c = InterpreterConfiguration()
    c.maxSteps = 20
    let session = Session(configuration: c)
    _ = try await session.submit("param x: real = 1.0\nobjective f = x^2\nlet k = 2\n")
    let error = await #expect(throws: PCXError.self) {
      try await session.submit("train a = gd(f, lr: 0.1, steps: 10)\ntrain b = gd(f, lr: 0.1, steps: 100)\n")
    }
    #expect(error?.kind == .resourceLimit)
    // `a` ran before `b` failed, but the chunk was rejected as a whole.
    #expect(await session.declarations.map(\.name) == ["x", "f", "k"])
    let again = try await session.submit("train a = gd(f, lr: 0.1, steps: 10)\n")
    #expect(again.runs.map(\.name) == ["a"])
  }
}
