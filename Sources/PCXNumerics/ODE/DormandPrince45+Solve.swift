#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DormandPrince45 {
  /// Integrates y' = f(t, y) from y(t0) = y0 to t = tEnd with adaptive Dormand–Prince steps
  /// (or constant steps `fixedStep`, without error control).
  ///
  /// A step is accepted when the scaled RMS error norm (Hairer I, II.4 (4.11)) is at most 1,
  /// with per-component scale `atol + rtol * max(|y_n|, |y_n+1|)`. `observe` sees (t0, y0) and
  /// then every accepted step; `.stop` ends the solution at that step. f must return a tensor of
  /// y0's shape; a NaN or infinity throws `ODEError.nonFinite` naming the stage time (no retry
  /// with a smaller step). `storage: .endpoints` keeps only the first and last states.
  /// - Throws: `ODEError` (too many steps, step-size underflow, non-finite values, bad options),
  ///   or whatever f or `observe` throws.
  public static func solve(
    _ f: (Double, Tensor) throws -> Tensor, y0: Tensor, t0: Double = 0, until tEnd: Double,
    rtol: Double = 1e-8, atol: Double = 1e-10, maxSteps: Int = 1_000_000,
    fixedStep: Double? = nil, control: ODEStepControl = ODEStepControl(),
    storage: ODEStorage = .dense, observe: ((Double, Tensor) throws -> ODEControl)? = nil
  ) throws -> ODESolution {
    try validate(y0: y0, t0: t0, tEnd: tEnd, rtol: rtol, atol: atol, maxSteps: maxSteps)
    try control.validate()
    var run = try DormandPrinceRun(
      f, y0: y0, t0: t0, rtol: rtol, atol: atol, control: control, storage: storage)
    var stopped = try observe?(t0, y0) == .stop
    if !stopped {
      if let h = fixedStep {
        stopped = try run.integrateFixed(f, h: h, until: tEnd, maxSteps: maxSteps, observe: observe)
      } else {
        stopped = try run.integrateAdaptive(f, until: tEnd, maxSteps: maxSteps, observe: observe)
      }
    }
    return run.solution(stopped: stopped)
  }

  /// Throws `ODEError` for arguments outside their domain.
  static func validate(
    y0: Tensor, t0: Double, tEnd: Double, rtol: Double, atol: Double, maxSteps: Int
  ) throws {
    guard t0.isFinite, tEnd.isFinite, tEnd >= t0 else {
      throw ODEError.invalidArgument("the ODE interval [\(t0), \(tEnd)] must be finite with end >= start")
    }
    // atol > 0 keeps every error scale atol + rtol |y_i| positive, even where y_i = 0.
    guard rtol >= 0, atol > 0, rtol.isFinite, atol.isFinite else {
      throw ODEError.invalidArgument("ODE tolerances need rtol >= 0 and atol > 0 (got \(rtol), \(atol))")
    }
    guard maxSteps >= 1 else {
      throw ODEError.invalidArgument("the ODE step limit must be at least 1, got \(maxSteps)")
    }
    guard y0.isFinite else { throw ODEError.nonFinite(t: t0) }
  }
}

/// The mutable state of one integration: current point, FSAL slope, step counts and the record.
struct DormandPrinceRun {
  /// Stage machinery and buffers.
  var stepper: DormandPrinceStepper
  /// Relative and absolute tolerances.
  let rtol: Double, atol: Double
  /// Controller settings.
  let control: ODEStepControl
  /// The current time and state.
  var t: Double
  var y: [Double]
  /// Accepted and rejected step counts.
  var accepted = 0, rejected = 0
  /// What the solution will keep.
  var recorder: ODERecorder

  /// Starts at (t0, y0) and evaluates the first slope f(t0, y0).
  init(
    _ f: (Double, Tensor) throws -> Tensor, y0: Tensor, t0: Double, rtol: Double, atol: Double,
    control: ODEStepControl, storage: ODEStorage
  ) throws {
    stepper = DormandPrinceStepper(shape: y0.shape)
    self.rtol = rtol
    self.atol = atol
    self.control = control
    t = t0
    y = y0.scalars
    stepper.k[0] = try stepper.evaluate(f, t0, y0)
    recorder = ODERecorder(storage: storage, t0: t0, y0: y0.scalars, slope: stepper.k[0])
  }

  /// Adaptive integration to tEnd; returns true when `observe` asked to stop.
  mutating func integrateAdaptive(
    _ f: (Double, Tensor) throws -> Tensor, until tEnd: Double, maxSteps: Int,
    observe: ((Double, Tensor) throws -> ODEControl)?
  ) throws -> Bool {
    guard t < tEnd else { return false }
    let hMax = min(control.maxStep, tEnd - t)
    var h = min(try control.initialStep ?? initialStep(f, hMax: hMax), hMax)
    var errPrev = 1e-4, lastRejected = false  // `dopri5`'s FACOLD start and reject flag
    while t < tEnd {
      guard accepted + rejected < maxSteps else { throw ODEError.tooManySteps(t: t) }
      guard h >= max(control.minStep, 16 * t.ulp) else { throw ODEError.stepSizeUnderflow(t: t) }
      let last = t + 1.01 * h >= tEnd  // stretch by 1% rather than leave a sliver (dopri5)
      if last { h = tEnd - t }
      try stepper.trial(f, t: t, y: y, h: h)
      let err = stepper.errorNorm(y: y, rtol: rtol, atol: atol)
      guard err <= 1 else {  // also rejects a NaN norm from overflowing stages
        rejected += 1
        lastRejected = true
        h *= err.isFinite ? max(control.facMin, control.safety * pow(err, -0.2)) : control.facMin
        continue
      }
      accept(h: h, tNew: last ? tEnd : t + h)
      if try observe?(t, Tensor(uncheckedShape: stepper.shape, scalars: y)) == .stop { return true }
      h = min(h * acceptFactor(err: err, errPrev: errPrev, afterReject: lastRejected), hMax)
      errPrev = max(err, 1e-4)
      lastRejected = false
    }
    return false
  }

  /// The step-size ratio after an accepted step: the PI controller
  /// safety * err^-(1/5 - 3 beta/4) * errPrev^beta (Hairer I, II.4 (4.13); `dopri5`), clamped to
  /// [facMin, facMax], and never growing right after a rejection.
  func acceptFactor(err: Double, errPrev: Double, afterReject: Bool) -> Double {
    let alpha = 0.2 - 0.75 * control.beta
    var factor = err == 0
      ? control.facMax
      : control.safety * pow(err, -alpha) * pow(errPrev, control.beta)
    factor = min(control.facMax, max(control.facMin, factor))
    return afterReject ? min(factor, 1) : factor
  }

  /// Constant steps h (the last one shortened to land on tEnd); returns true on a stop request.
  mutating func integrateFixed(
    _ f: (Double, Tensor) throws -> Tensor, h: Double, until tEnd: Double, maxSteps: Int,
    observe: ((Double, Tensor) throws -> ODEControl)?
  ) throws -> Bool {
    guard h > 0, h.isFinite else {
      throw ODEError.invalidArgument("a fixed ODE step must be positive and finite, got \(h)")
    }
    let t0 = t, span = tEnd - t0
    // The 1e-12 slack keeps round-off in span / h from adding a sliver step.
    let ratio = (span / h * (1 - 1e-12)).rounded(.up)
    guard ratio <= Double(maxSteps) else { throw ODEError.tooManySteps(t: t0) }
    let steps = Int(ratio)
    for step in stride(from: 1, through: steps, by: 1) {
      let tNew = step == steps ? tEnd : t0 + Double(step) * h
      try stepper.trial(f, t: t, y: y, h: tNew - t)
      accept(h: tNew - t, tNew: tNew)
      if try observe?(t, Tensor(uncheckedShape: stepper.shape, scalars: y)) == .stop { return true }
    }
    return false
  }

  /// Moves to the trial's end point; the last slope becomes the next first slope (FSAL).
  mutating func accept(h: Double, tNew: Double) {
    let dense = recorder.storage == .dense ? stepper.denseCoefficient(h: h) : []
    t = tNew
    y = stepper.y1
    stepper.k[0] = stepper.k[6]
    accepted += 1
    recorder.append(t: tNew, y: y, slope: stepper.k[0], dense: dense)
  }

  /// The starting step of Hairer I, II.4 ("Starting Step Size", steps a–f; `dopri5` HINIT):
  /// an explicit Euler probe estimates the second derivative, and h^5 * max(d1, d2) = 0.01.
  mutating func initialStep(_ f: (Double, Tensor) throws -> Tensor, hMax: Double) throws -> Double {
    let f0 = stepper.k[0]
    let scale = y.map { atol + rtol * Swift.abs($0) }
    let d0 = DormandPrinceRun.rms(y, scale), d1 = DormandPrinceRun.rms(f0, scale)
    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    h0 = min(h0, hMax)
    var probe = y
    for i in 0..<probe.count { probe[i] += h0 * f0[i] }
    let f1 = try stepper.evaluate(f, t + h0, Tensor(uncheckedShape: stepper.shape, scalars: probe))
    var diff = f1
    for i in 0..<diff.count { diff[i] -= f0[i] }
    let d2 = DormandPrinceRun.rms(diff, scale) / h0
    let d12 = max(d1, d2)
    let h1 = d12 <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / d12, 0.2)
    return min(100 * h0, h1, hMax)
  }

  /// sqrt(mean_i (x_i / scale_i)^2); 0 for an empty state.
  static func rms(_ x: [Double], _ scale: [Double]) -> Double {
    guard !x.isEmpty else { return 0 }
    var sum = 0.0
    for i in 0..<x.count { sum += (x[i] / scale[i]) * (x[i] / scale[i]) }
    return (sum / Double(x.count)).squareRoot()
  }

  /// The finished solution.
  func solution(stopped: Bool) -> ODESolution {
    ODESolution(
      recorder: recorder, shape: stepper.shape, final: y, accepted: accepted, rejected: rejected,
      evaluations: stepper.evaluations, stopped: stopped)
  }
}
