import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Runtime core types")
struct CoreTypesTests {
  @Test func datasetRowsMustAgree() throws {
    #expect(throws: RuntimeError.self) {
      try Dataset(x: Tensor.zeros([3, 2]), y: Tensor.zeros([4, 1]), source: "test")
    }
    let d = try Dataset(x: Tensor.zeros([3, 2]), y: Tensor.zeros([3, 1]), source: "test")
    #expect(d.n == 3 && d.d == 2 && d.k == 1)
  }

  @Test func limitsAreCheckedWithAHint() {
    var limits = ResourceLimits()
    limits.maxParameters = 10
    #expect(throws: RuntimeError.self) { try limits.checkParameters(11, "mlp net") }
    do {
      try limits.checkBytes(limits.maxBytes + 1, "the tangent kernel")
      Issue.record("no error")
    } catch let e as RuntimeError {
      #expect(e.kind == .limit && e.description.contains("--max-bytes"))
    } catch { Issue.record("\(error)") }
  }

  @Test func closureObjectiveWithoutSamplesRefusesBatches() throws {
    let f = ClosureObjective(parameterCount: 1) { t in (t.scalars[0] * t.scalars[0], t * 2) }
    #expect(try f.value(Tensor([3])) == 9)
    #expect(throws: RuntimeError.self) { try f.valueAndGradient(Tensor([3]), batch: [0]) }
  }
}

@Suite("SHA-256")
struct SHA256Tests {
  @Test func knownVectors() {
    // FIPS 180-4 examples
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }
}
