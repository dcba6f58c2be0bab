import Testing
@testable import PCXNumerics

/// The relative error `|observed - expected| / max(|expected|, floor)`.
func relativeError(_ observed: Double, _ expected: Double, floor: Double = 1e-300) -> Double {
  Swift.abs(observed - expected) / max(Swift.abs(expected), floor)
}

/// Expects `observed` within `rel` relative or `abs` absolute error of `expected`, and prints
/// expected, observed and both errors when it is not.
func expectClose(
  _ observed: Double, _ expected: Double, rel: Double = 1e-12, abs: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  let absErr = Swift.abs(observed - expected)
  let relErr = relativeError(observed, expected)
  let ok = absErr <= abs || relErr <= rel
  #expect(
    ok,
    "\(what) expected \(expected), observed \(observed), abs error \(absErr), rel error \(relErr) (tol rel \(rel), abs \(abs))",
    sourceLocation: sourceLocation)
}

/// Expects two tensors to have the same shape and elements within `rel` of the largest magnitude
/// of `expected` (a norm-wise relative tolerance), or within `abs`.
func expectClose(
  _ observed: Tensor, _ expected: Tensor, rel: Double = 1e-12, abs: Double = 0,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(observed.shape == expected.shape, "\(what) shape \(observed.shape) vs \(expected.shape)",
          sourceLocation: sourceLocation)
  guard observed.shape == expected.shape else { return }
  let scale = expected.scalars.map { Swift.abs($0) }.max() ?? 0
  var worst = 0.0, worstIndex = 0
  for i in 0..<observed.count {
    let e = Swift.abs(observed.scalars[i] - expected.scalars[i])
    if e > worst || e.isNaN { worst = e; worstIndex = i }
  }
  let relErr = worst / max(scale, 1e-300)
  #expect(
    worst <= abs || relErr <= rel,
    "\(what) worst element \(worstIndex): expected \(expected.count > 0 ? expected.scalars[worstIndex] : 0), observed \(observed.count > 0 ? observed.scalars[worstIndex] : 0), abs error \(worst), norm-relative error \(relErr) (tol rel \(rel), abs \(abs))",
    sourceLocation: sourceLocation)
}
