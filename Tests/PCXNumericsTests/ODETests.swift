#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PCXNumerics

@Suite("Dormand-Prince RK45")
struct ODETests {
  /// y' = -y + sin t, y(0) = 1: y(t) = 1.5 e^-t + (sin t - cos t) / 2.
  static func forced(_ t: Double, _ y: Tensor) -> Tensor { Tensor([-y.scalars[0] + sin(t)]) }
  static func exact(_ t: Double) -> Double { 1.5 * exp(-t) + (sin(t) - cos(t)) / 2 }

  @Test func adaptiveSolutionsMeetTheirTolerances() throws {
    let decay = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1, 2]), until: 5, rtol: 1e-9, atol: 1e-12)
    expectClose(decay.final.scalars[0], exp(-5), rel: 1e-7, "y' = -y")
    expectClose(decay.final.scalars[1], 2 * exp(-5), rel: 1e-7, "y' = -y")
    // rotation y' = (y2, -y1): y(t) = (cos t, -sin t)
    let rot = try DormandPrince45.solve({ _, y in Tensor([y.scalars[1], -y.scalars[0]]) },
                                        y0: Tensor([1, 0]), until: 10, rtol: 1e-10, atol: 1e-12)
    expectClose(rot.final.scalars[0], cos(10), rel: 0, abs: 1e-8, "rotation x")
    expectClose(rot.final.scalars[1], -sin(10), rel: 0, abs: 1e-8, "rotation y")
    #expect(rot.accepted > 10 && rot.evaluations >= 6 * rot.accepted)
  }

  @Test func fixedStepGlobalErrorIsFifthOrder() throws {
    func error(_ h: Double) throws -> Double {
      let s = try DormandPrince45.solve(Self.forced, y0: Tensor([1]), until: 2, fixedStep: h)
      return Swift.abs(s.final.scalars[0] - Self.exact(2))
    }
    // the observed order log2(e(h) / e(h/2)) approaches 5 from above as h shrinks
    let e1 = try error(0.1), e2 = try error(0.05), e3 = try error(0.025)
    let order1 = log2(e1 / e2), order2 = log2(e2 / e3)
    #expect(order2 > 4.8 && order2 < 5.25, "observed order \(order2) (errors \(e2), \(e3))")
    #expect(order2 < order1 && order1 < 5.5, "orders \(order1), \(order2) should fall toward 5")
  }

  @Test func denseOutputIsAccurateBetweenSteps() throws {
    let s = try DormandPrince45.solve(Self.forced, y0: Tensor([1]), until: 4, rtol: 1e-10, atol: 1e-12)
    for t in stride(from: 0.05, to: 4, by: 0.37) {
      expectClose(try s.value(at: t).scalars[0], Self.exact(t), rel: 1e-7, abs: 1e-9, "dense output at \(t)")
    }
    // the interpolant's own order, with fixed steps: error at step midpoints shrinks >= h^4
    func midError(_ h: Double) throws -> Double {
      let f = try DormandPrince45.solve(Self.forced, y0: Tensor([1]), until: 2, fixedStep: h)
      return try stride(from: h / 2, to: 2, by: h).map { Swift.abs(try f.value(at: $0).scalars[0] - Self.exact($0)) }.max() ?? 0
    }
    let order = log2(try midError(0.2) / midError(0.1))
    #expect(order >= 3.8, "dense output order \(order)")
  }

  @Test func observerStopsEarly() throws {
    let s = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 100) { _, y in
      y.scalars[0] < 1e-3 ? .stop : .continue
    }
    #expect(s.stoppedEarly)
    #expect(s.final.scalars[0] < 1e-3 && (s.times.last ?? 100) < 100)
  }

  @Test func failuresAreErrorsNamingTheTime() throws {
    #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ t, y in t > 0.5 ? Tensor([.nan]) : y }, y0: Tensor([1]), until: 1)
    }
    // y' = y^2, y(0) = 1 blows up at t = 1
    #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ _, y in y * y.scalars[0] }, y0: Tensor([1]), until: 2)
    }
    #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 100, maxSteps: 3)
    }
    #expect(throws: ODEError.self) { try DormandPrince45.solve({ _, y in y }, y0: Tensor([1]), until: -1) }
  }
}
