import PCXSema
import PCXSource

/// The sweep points of a checked program: the unit of work when a sweep runs apart (`pcx run
/// --jobs`, `--points`, Slurm). A point is one value of an innermost sweep block, with the values
/// of the sweeps around it; points are numbered in the order a serial run reaches them, so nested
/// sweeps `width in [16, 32, 64] { trial in [0, 1, 2, 3] { ... } }` give 12 points, width-major.
/// Statements outside innermost blocks (top level, the outer part of a nested sweep) are not
/// points: `gather` runs them once, in order, between the points' results.
public struct SweepPlan: Sendable {
  /// One sweep point.
  public struct Point: Sendable {
    /// The position among the points (0-based, serial order).
    public let index: Int
    /// The sweep values, outermost first, as the results' `key` holds them.
    public let key: [(String, Double)]
    /// The statements that run for this point (its innermost block).
    let body: [TStmt]
    /// The span of its innermost `sweep` statement.
    let sweepSpan: SourceSpan

    /// The key as text: `width=16, trial=3`.
    public var label: String { SweepPlan.label(key) }
  }

  /// Every point, in serial order.
  public let points: [Point]
  /// The statements outside innermost blocks, with the points each precedes (for `needs`).
  let outer: [TStmt]

  /// The points of `program`.
  public init(_ program: TypedProgram) {
    var points: [Point] = [], outer: [TStmt] = []
    Self.collect(program.statements, key: [], into: &points, outer: &outer)
    self.points = points
    self.outer = outer
  }

  private static func collect(_ stmts: [TStmt], key: [(String, Double)], into points: inout [Point], outer: inout [TStmt]) {
    for stmt in stmts {
      guard case .sweep(let variable, let values, let bodies) = stmt.kind else {
        outer.append(stmt)
        continue
      }
      for (value, body) in zip(values, bodies) {
        let inner = key + [(variable, value.realValue ?? .nan)]
        if isInnermost(body) {
          points.append(Point(index: points.count, key: inner, body: body, sweepSpan: stmt.span))
        } else {
          collect(body, key: inner, into: &points, outer: &outer)
        }
      }
    }
  }

  /// A block without sweeps of its own: each of its runs is one point.
  static func isInnermost(_ body: [TStmt]) -> Bool {
    !body.contains { if case .sweep = $0.kind { return true } else { return false } }
  }

  /// How many points one value of a sweep holds (1 for an innermost block).
  static func pointCount(_ body: [TStmt]) -> Int {
    guard !isInnermost(body) else { return 1 }
    return body.reduce(0) { total, stmt in
      guard case .sweep(_, _, let bodies) = stmt.kind else { return total }
      return total + bodies.reduce(0) { $0 + pointCount($1) }
    }
  }

  /// A sweep key as text, `width=16, trial=3` (integral values without a fraction), as reports
  /// and plot legends print it.
  public static func label(_ key: [(String, Double)]) -> String {
    key.map { k, v in "\(k)=\(v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : String(v))" }
      .joined(separator: ", ")
  }

  /// Parses a point list `3,7-9` into sorted indices, each below `count`.
  public static func parseList(_ text: String, count: Int) throws -> [Int] {
    var out = Set<Int>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard (1...2).contains(bounds.count), let lo = bounds.first ?? nil, let hi = bounds.last ?? nil, lo >= 0, lo <= hi else {
        throw RuntimeError(.argument, "'\(part)' in the point list '\(text)' is not an index or a range a-b",
                           hint: "write indices and ranges such as 3,7-9")
      }
      guard hi < count else {
        throw RuntimeError(.argument, "point \(hi) does not exist: the script has \(count) point\(count == 1 ? "" : "s") (0-\(count - 1))")
      }
      out.formUnion(lo...hi)
    }
    return out.sorted()
  }

  /// A sorted index list in its shortest `3,7-9` form.
  public static func listText(_ indices: [Int]) -> String {
    var parts: [String] = [], i = 0
    let sorted = Array(Set(indices)).sorted()
    while i < sorted.count {
      var j = i
      while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
      parts.append(j == i ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
      i = j + 1
    }
    return parts.joined(separator: ",")
  }
}
