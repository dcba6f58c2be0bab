#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import PCXNumerics

/// y' = -y + sin t, whose solution through (s, ys) is C e^{-t} + (sin t - cos t) / 2.
private func forced(_ t: Double, _ y: Tensor) -> Tensor { y.map { -$0 + sin(t) } }

/// The exact solution of `forced` through (s, ys).
private func forcedExact(_ t: Double, from s: Double = 0, _ ys: Double = 1) -> Double {
  let c = (ys - (sin(s) - cos(s)) / 2) * exp(s)
  return c * exp(-t) + (sin(t) - cos(t)) / 2
}

/// The largest error of a fixed-step solution of `forced` on [0, 2]: at the step points, or at
/// fraction `theta` inside each step through the dense output.
private func fixedStepError(h: Double, theta: Double? = nil) throws -> Double {
  let sol = try DormandPrince45.solve(forced, y0: Tensor([1]), until: 2, fixedStep: h)
  var worst = 0.0
  for i in 0..<(sol.times.count - 1) {
    let t = theta.map { sol.times[i] + $0 * (sol.times[i + 1] - sol.times[i]) } ?? sol.times[i + 1]
    let y = try theta == nil ? sol.states[i + 1] : sol.value(at: t)
    worst = max(worst, Swift.abs(y.scalars[0] - forcedExact(t)))
  }
  return worst
}

@Suite("ODE: Dormand–Prince 5(4) with step control and dense output")
struct ODETests {
  @Test func tableauSatisfiesTheOrderConditions() {
    let (a, c) = (DormandPrince45.a, DormandPrince45.c)
    for i in 1..<7 { expectClose(a[i].reduce(0, +), c[i], rel: 1e-15, abs: 1e-15, "row \(i) sum") }
    let b = a[6] + [0]
    // Quadrature conditions sum_i b_i c_i^(q-1) = 1/q: q <= 5 for b, q <= 4 for b-hat.
    for q in 1...5 {
      let sum = zip(b, c).reduce(0) { $0 + $1.0 * pow($1.1, Double(q - 1)) }
      expectClose(sum, 1 / Double(q), rel: 1e-14, "b, q = \(q)")
    }
    for q in 1...4 {
      let sum = zip(DormandPrince45.bHat, c).reduce(0) { $0 + $1.0 * pow($1.1, Double(q - 1)) }
      expectClose(sum, 1 / Double(q), rel: 1e-14, "b-hat, q = \(q)")
    }
    for j in 0..<7 {
      expectClose(b[j] - DormandPrince45.bHat[j], DormandPrince45.e[j], rel: 1e-13, abs: 1e-17)
    }
  }

  @Test func exponentialDecayWithinTolerance() throws {
    let (rtol, atol) = (1e-8, 1e-10)
    let y0 = Tensor([1, 2])
    let sol = try DormandPrince45.solve({ _, y in -y }, y0: y0, until: 5, rtol: rtol, atol: atol)
    #expect(sol.finalTime == 5 && !sol.stopped)
    for (t, y) in zip(sol.times, sol.states) {
      for j in 0..<2 {
        let exact = y0.scalars[j] * exp(-t)
        expectClose(y.scalars[j], exact, rel: 0, abs: 10 * (rtol * exact + atol), "t = \(t)")
      }
    }
    // FSAL: one slope at t0, one starting-step probe, six new stages per attempted step.
    #expect(sol.evaluations == 2 + 6 * (sol.acceptedSteps + sol.rejectedSteps))
    #expect(sol.times.count == sol.acceptedSteps + 1)
  }

  @Test func rotationWithinTolerance() throws {
    let (rtol, atol) = (1e-8, 1e-10)
    let rotate: (Double, Tensor) -> Tensor = { _, y in Tensor([-y.scalars[1], y.scalars[0]]) }
    let sol = try DormandPrince45.solve(rotate, y0: Tensor([1, 0]), until: 10, rtol: rtol, atol: atol)
    for (t, y) in zip(sol.times, sol.states) {
      expectClose(y, Tensor([cos(t), sin(t)]), rel: 0, abs: 10 * (rtol + atol), "t = \(t)")
    }
    // Tighter tolerances take more steps and get closer.
    let tight = try DormandPrince45.solve(rotate, y0: Tensor([1, 0]), until: 10, rtol: 1e-11, atol: 1e-13)
    #expect(tight.acceptedSteps > sol.acceptedSteps)
    expectClose(tight.final, Tensor([cos(10), sin(10)]), rel: 0, abs: 10 * 1e-11)
  }

  @Test func fixedStepGlobalErrorIsFifthOrder() throws {
    let (e1, e2) = (try fixedStepError(h: 0.1), try fixedStepError(h: 0.05))
    let order = log2(e1 / e2)
    #expect(order >= 4.7 && order <= 5.3, "errors \(e1), \(e2): observed order \(order)")
    #expect(e2 > 1e-13, "error \(e2) must stay above round-off for the ratio to mean something")
  }

  @Test func embeddedEstimateAndLocalErrorScaleAsPredicted() throws {
    // One step from (s, ys) on a problem with a known solution: the embedded estimate
    // y1 - y1-hat is dominated by the 4th-order solution's local error, O(h^5); the propagated
    // 5th-order solution's local error is O(h^6).
    let (s, ys) = (0.3, 0.8)
    func oneStep(_ h: Double) throws -> (estimate: Double, local: Double) {
      var stepper = DormandPrinceStepper(shape: [1])
      stepper.k[0] = forced(s, Tensor([ys])).scalars
      try stepper.trial({ t, y in forced(t, y) }, t: s, y: [ys], h: h)
      return (Swift.abs(stepper.error[0]), Swift.abs(stepper.y1[0] - forcedExact(s + h, from: s, ys)))
    }
    let (big, small) = (try oneStep(0.2), try oneStep(0.1))
    let estimateOrder = log2(big.estimate / small.estimate)
    let localOrder = log2(big.local / small.local)
    #expect(estimateOrder >= 4.7 && estimateOrder <= 5.3, "estimate exponent \(estimateOrder)")
    #expect(localOrder >= 5.5 && localOrder <= 6.5, "local error exponent \(localOrder)")
  }

  @Test func denseOutputIsAccurateAndFourthOrder() throws {
    let sol = try DormandPrince45.solve(forced, y0: Tensor([1]), until: 5, rtol: 1e-10, atol: 1e-12)
    #expect(sol.acceptedSteps > 5)
    for i in 0..<(sol.times.count - 1) {
      let mid = 0.5 * (sol.times[i] + sol.times[i + 1])
      let exact = forcedExact(mid)
      expectClose(try sol.value(at: mid).scalars[0], exact, rel: 1e-7, abs: 1e-12, "t = \(mid)")
      #expect(try sol.value(at: sol.times[i]) == sol.states[i])
    }
    // The interpolant at theta -> 1 reproduces the step's end point (continuity).
    let i = sol.times.count / 2
    let nearEnd = try sol.value(at: sol.times[i + 1] - 1e-12 * (sol.times[i + 1] - sol.times[i]))
    expectClose(nearEnd, sol.states[i + 1], rel: 1e-12)
    // Observed order of the interpolant inside steps, with fixed steps h and h/2.
    let (e1, e2) = (try fixedStepError(h: 0.2, theta: 0.3), try fixedStepError(h: 0.1, theta: 0.3))
    let order = log2(e1 / e2)
    #expect(order >= 4, "dense errors \(e1), \(e2): observed order \(order)")
  }

  @Test func observerStopsTheSolutionEarly() throws {
    var seen = 0
    let sol = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 10) { _, y in
      seen += 1
      return y.scalars[0] < 0.5 ? .stop : .continue
    }
    #expect(sol.stopped && sol.finalTime < 10)
    #expect(sol.final.scalars[0] < 0.5)
    #expect(sol.states[sol.states.count - 2].scalars[0] >= 0.5)  // the step before did not stop
    #expect(seen == sol.acceptedSteps + 1)  // t0 and every accepted step
    expectClose(sol.final.scalars[0], exp(-sol.finalTime), rel: 1e-7)
    let immediate = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 1) { _, _ in .stop }
    #expect(immediate.acceptedSteps == 0 && immediate.finalTime == 0)
  }

  @Test func failuresThrowErrorsNamingTheTime() throws {
    let nanLate: (Double, Tensor) -> Tensor = { t, y in t > 0.3 ? y.map { _ in .nan } : -y }
    let e1 = #expect(throws: ODEError.self) {
      try DormandPrince45.solve(nanLate, y0: Tensor([1]), until: 1)
    }
    guard case .nonFinite(let t)? = e1 else {
      Issue.record("expected nonFinite, got \(String(describing: e1))")
      return
    }
    #expect(t > 0.3 && t <= 1)
    // y' = y^2, y(0) = 1 blows up at t = 1: the steps shrink until they underflow there.
    let e2 = #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ _, y in y * y.scalars[0] }, y0: Tensor([1]), until: 2)
    }
    guard case .stepSizeUnderflow(let tb)? = e2 else { Issue.record("got \(String(describing: e2))"); return }
    expectClose(tb, 1, rel: 1e-6, "blow-up time")
    #expect(throws: ODEError.tooManySteps(t: 0)) {
      try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 1, maxSteps: 5, fixedStep: 0.1)
    }
    let e3 = #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 100, rtol: 1e-12, maxSteps: 10)
    }
    guard case .tooManySteps(let tm)? = e3 else { Issue.record("got \(String(describing: e3))"); return }
    #expect(tm > 0 && tm < 100)
    #expect(throws: ODEError.nonFinite(t: 0)) {
      try DormandPrince45.solve({ _, y in y }, y0: Tensor([.infinity]), until: 1)
    }
    #expect(throws: ODEError.shapeMismatch(t: 0, expected: [2], got: [1])) {
      try DormandPrince45.solve({ _, _ in Tensor([1]) }, y0: Tensor([1, 2]), until: 1)
    }
    #expect(throws: ODEError.self) { try DormandPrince45.solve({ _, y in y }, y0: Tensor([1]), until: -1) }
    #expect(throws: ODEError.self) {
      try DormandPrince45.solve({ _, y in y }, y0: Tensor([1]), until: 1, atol: 0)
    }
  }

  @Test func denseQueriesOutsideTheSolutionThrow() throws {
    let sol = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 1)
    #expect(throws: ODEError.outsideSolution(t: 1.5, from: 0, to: 1)) { try sol.value(at: 1.5) }
    #expect(throws: ODEError.self) { try sol.value(at: .nan) }
    let ends = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([1]), until: 1, storage: .endpoints)
    #expect(ends.states.count == 2 && ends.final == sol.final && ends.times == sol.times)
    #expect(try ends.value(at: 1) == sol.final)
    #expect(throws: ODEError.noDenseOutput(t: 0.5)) { try ends.value(at: 0.5) }
    let empty = try DormandPrince45.solve({ _, y in -y }, y0: Tensor([3]), t0: 2, until: 2)
    #expect(empty.acceptedSteps == 0 && empty.final == Tensor([3]))
  }

  @Test func largeDecoupledStateMatchesClosedForm() throws {
    // y_i' = -lambda_i y_i with lambda_i in [0.1, 2]: each component is exp(-lambda_i t).
    let n = 2000
    let lambda = Tensor((0..<n).map { 0.1 + 1.9 * Double($0) / Double(n - 1) })
    let sol = try DormandPrince45.solve(
      { _, y in try -(lambda * y) }, y0: Tensor.ones([n]), until: 3, rtol: 1e-9, atol: 1e-12,
      storage: .endpoints)
    expectClose(sol.final, lambda.map { exp(-3 * $0) }, rel: 0, abs: 1e-8)
  }
}
