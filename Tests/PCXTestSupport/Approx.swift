import Testing

// Floats are compared with an explicit relative and absolute tolerance, and a failure prints
// expected, observed and both errors (as swift-numerics' `ApproximateEquality` does).

/// The relative error `|observed - expected| / max(|expected|, floor)`.
public func relativeError(_ observed: Double, _ expected: Double, floor: Double = 1e-300) -> Double {
  Swift.abs(observed - expected) / max(Swift.abs(expected), floor)
}

/// Expects `observed` within `rel` relative or `abs` absolute error of `expected`, and prints
/// expected, observed and both errors when it is not.
public func expectClose(
  _ observed: Double, _ expected: Double, rel: Double = 1e-12, abs: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  let absErr = Swift.abs(observed - expected)
  let relErr = relativeError(observed, expected)
  #expect(
    absErr <= abs || relErr <= rel,
    "\(what) expected \(expected), observed \(observed), abs error \(absErr), rel error \(relErr) (tol rel \(rel), abs \(abs))",
    sourceLocation: sourceLocation)
}

/// Expects two vectors of the same length whose largest difference is within `rel` of the
/// largest |expected| (a norm-wise relative tolerance) or within `abs`; prints both vectors and
/// the errors when not.
public func expectClose(
  _ observed: [Double], _ expected: [Double], rel: Double = 1e-12, abs: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(observed.count == expected.count, "\(what) lengths \(observed.count) vs \(expected.count)",
          sourceLocation: sourceLocation)
  let scale = expected.map { Swift.abs($0) }.max() ?? 0
  let worst = zip(observed, expected).map { Swift.abs($0 - $1) }.max() ?? 0
  let relErr = worst / max(scale, 1e-300)
  #expect(
    worst <= abs || relErr <= rel,
    "\(what) expected \(expected), observed \(observed), max abs error \(worst), norm-relative error \(relErr) (tol rel \(rel), abs \(abs))",
    sourceLocation: sourceLocation)
}
