import Testing
import PCXNumerics
@testable import PCXRuntime

/// Fixture paths and error expectations shared by the data tests.
enum DataTestSupport {
  /// The directory of the committed fixtures (written by Fixtures/make_fixtures.py).
  static let fixtures: String = {
    let file = "\(#filePath)"
    let dir = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return dir + "/Fixtures"
  }()

  /// The path of fixture `name`.
  static func fixture(_ name: String) -> String { fixtures + "/" + name }

  /// Runs `body`, expecting a `RuntimeError` of `kind` whose description contains every fragment.
  static func expectError(
    _ kind: RuntimeError.Kind, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
  ) {
    do {
      try body()
      Issue.record("expected a .\(kind) error containing \(fragments), got none", sourceLocation: sourceLocation)
    } catch let e as RuntimeError {
      #expect(e.kind == kind, "kind \(e.kind) for: \(e.description)", sourceLocation: sourceLocation)
      for f in fragments {
        #expect(e.description.contains(f), "\"\(e.description)\" lacks \"\(f)\"", sourceLocation: sourceLocation)
      }
    } catch {
      Issue.record("expected a RuntimeError, got \(error)", sourceLocation: sourceLocation)
    }
  }

  /// Expects every element of `observed` within `tol` (absolute) of `expected`, same shape.
  static func expectEqual(
    _ observed: Tensor, _ expected: Tensor, tol: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(observed.shape == expected.shape, "\(what) shape \(observed.shape) vs \(expected.shape)",
            sourceLocation: sourceLocation)
    guard observed.shape == expected.shape else { return }
    let worst = zip(observed.scalars, expected.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    #expect(worst <= tol, "\(what) largest difference \(worst) > \(tol)", sourceLocation: sourceLocation)
  }

  /// A tensor from nested rows (test input, always well formed).
  static func matrix(_ rows: [[Double]]) throws -> Tensor { try Tensor(rows: rows) }

  /// The mean and (population) variance of `v`.
  static func moments(_ v: [Double]) -> (mean: Double, variance: Double) {
    let mean = v.reduce(0, +) / Double(v.count)
    return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count))
  }
}
