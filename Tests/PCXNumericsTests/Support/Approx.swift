// The scalar comparison and `relativeError` are shared by every test target; every file of
// this target sees them through this import.
@_exported import PCXTestSupport
import Testing
@testable import PCXNumerics


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
