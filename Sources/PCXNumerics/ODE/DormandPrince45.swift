/// Adaptive Dormand–Prince RK5(4)7M with dense output, for gradient flow `dw/dt = -grad L(w)`
/// (001 Thm 2.1) and any other `y' = f(t, y)` on tensors.
///
/// Coefficients: Dormand & Prince (1980) as tabulated in Hairer, Nørsett & Wanner, *Solving
/// Ordinary Differential Equations I*, Table 5.2 (II.5); FSAL (the 7th stage is the next step's
/// first). Error norm: Hairer II.4 (4.11), `sqrt(mean(((y - y_hat) / (atol + rtol max(|y0|, |y1|)))^2))`.
/// Step control: `h * min(facmax, max(facmin, 0.9 err^(-1/5)))`, no increase right after a
/// rejection. Initial step: Hairer II.4's algorithm. Dense output: the 4th-order continuous
/// extension of Hairer's `dopri5` (coefficients d1..d7 from Shampine 1986, as in `contd5`).
public enum DormandPrince45 {
  /// Solves `y' = f(t, y)`, `y(t0) = y0` up to `tEnd`.
  /// - Parameters:
  ///   - fixedStep: run with this constant step and no error control (to measure the order).
  ///   - keepStates: keep every accepted state (needed for `value(at:)`); the final state is
  ///     always kept.
  ///   - observe: called after every accepted step; `.stop` ends the solve there (stop rules).
  public static func solve(
    _ f: (Double, Tensor) throws -> Tensor, y0: Tensor, t0: Double = 0, until tEnd: Double,
    rtol: Double = 1e-8, atol: Double = 1e-10, maxSteps: Int = 1_000_000, fixedStep: Double? = nil,
    keepStates: Bool = true, observe: ((Double, Tensor) throws -> ODEControl)? = nil
  ) throws -> ODESolution {
    guard tEnd >= t0, rtol > 0 || atol > 0, rtol >= 0, atol >= 0 else {
      throw ODEError.invalidArgument("need until >= t0 and non-negative tolerances, not both zero")
    }
    if let h = fixedStep, !(h > 0) { throw ODEError.invalidArgument("the fixed step must be positive") }
    return try withoutActuallyEscaping(f) { f in
      try run(Stepper(f: f, y0: y0, t0: t0, rtol: rtol, atol: atol), y0: y0, t0: t0, tEnd: tEnd,
              maxSteps: maxSteps, fixedStep: fixedStep, keepStates: keepStates, observe: observe)
    }
  }

  static func run(
    _ start: Stepper, y0: Tensor, t0: Double, tEnd: Double, maxSteps: Int, fixedStep: Double?,
    keepStates: Bool, observe: ((Double, Tensor) throws -> ODEControl)?
  ) throws -> ODESolution {
    var stepper = start
    var solution = ODESolution(t0: t0, y0: y0, keepStates: keepStates)
    var h = try fixedStep ?? stepper.initialStep(tEnd: tEnd)
    var rejectedLast = false
    var t = t0
    while t < tEnd {
      guard solution.accepted + solution.rejected < maxSteps else { throw ODEError.tooManySteps(t: t) }
      let last = t + h >= tEnd || (tEnd - t - h) <= 1e-12 * Swift.abs(tEnd)
      let step = last ? tEnd - t : h
      guard step > 16 * Double.ulpOfOne * Swift.max(Swift.abs(t), 1) || last else {
        throw ODEError.stepSizeUnderflow(t: t)
      }
      let err = try stepper.attempt(t: t, h: step)
      if fixedStep != nil || err <= 1 {
        stepper.accept()
        t = last ? tEnd : t + step
        solution.append(t: t, segment: stepper.segment, state: stepper.y, keep: keepStates)
        if let observe, try observe(t, stepper.y) == .stop { solution.stoppedEarly = true; break }
        if let fixed = fixedStep { h = fixed; continue }
        let factor = Swift.min(rejectedLast ? 1 : 10, Swift.max(0.2, 0.9 * pow5(1 / Swift.max(err, 1e-300))))
        h = step * factor
        rejectedLast = false
      } else {
        solution.rejected += 1
        h = step * Swift.max(0.2, 0.9 * pow5(1 / err))
        rejectedLast = true
        guard h > 16 * Double.ulpOfOne * Swift.max(Swift.abs(t), 1) else {
          throw ODEError.stepSizeUnderflow(t: t)
        }
      }
    }
    solution.evaluations = stepper.evaluations
    solution.final = stepper.y
    return solution
  }

  /// x^(1/5).
  static func pow5(_ x: Double) -> Double { libmPow(x, 0.2) }
}

/// What an observer wants after a step.
public enum ODEControl: Sendable { case `continue`, stop }

/// Errors of the ODE solver; each names the time reached.
public enum ODEError: Error, Equatable, CustomStringConvertible, Sendable {
  case tooManySteps(t: Double)
  case stepSizeUnderflow(t: Double)
  case nonFinite(t: Double)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .tooManySteps(let t):
      return "the ODE solver reached its step limit at t = \(t); raise the limit or loosen the tolerances"
    case .stepSizeUnderflow(let t):
      return "the step size underflowed at t = \(t): the solution is probably blowing up there"
    case .nonFinite(let t):
      return "the right-hand side returned NaN or infinity at t = \(t)"
    case .invalidArgument(let m): return m
    }
  }
}
