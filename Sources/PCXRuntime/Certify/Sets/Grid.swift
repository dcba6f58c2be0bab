import PCXNumerics
import PCXSema

/// The points of `on: grid(x: [x0, x1], y: [y0, y1], n: 50)`: n equally spaced values on each
/// axis, both ends included, for objectives of exactly two scalar coordinates (the pictures of
/// 001 Figure 1). The set is finite, so a certificate over it speaks about these n^2 points only.
struct GridSpec: Sendable, Equatable {
  /// The abscissae, increasing (the first coordinate of the objective).
  let xs: [Double]
  /// The ordinates, increasing (the second coordinate).
  let ys: [Double]

  /// The largest n accepted: n^2 = 250000 points already takes minutes for most certificates.
  static let maxSide = 500

  /// The grid points in row-major order: index j * xs.count + i is (xs[i], ys[j]).
  var points: [Tensor] { ys.flatMap { y in xs.map { x in Tensor([x, y]) } } }

  /// The n values x0, x0 + h, ..., x1 with h = (x1 - x0) / (n - 1).
  static func axis(_ lo: Double, _ hi: Double, _ n: Int) -> [Double] {
    (0..<n).map { k in k == n - 1 ? hi : lo + (hi - lo) * Double(k) / Double(n - 1) }
  }
}

extension CertificateContext {
  /// The grid of `e` when it is a `grid(...)` call, nil for any other set. Throws when the
  /// objective does not have exactly two scalar coordinates or the ranges are unusable.
  func gridSpec(_ e: TExpr?, objective f: ObjectiveValue) throws -> GridSpec? {
    guard let e, case .call(let set, _, _) = e.kind, set == SetEntries.grid.name else { return nil }
    guard f.initial.count == 2 else {
      let listed = f.blocks.map { b in b.shape.isEmpty ? b.name : "\(b.name): \(b.shape)" }.joined(separator: ", ")
      throw RuntimeError(.argument,
        "grid(...) is a set of 2-D points, but \(f.name) has \(f.initial.count) coordinate\(f.initial.count == 1 ? "" : "s") (\(listed))",
        hint: "use points([...]) or a run for objectives that are not functions of two scalars", at: e.span)
    }
    let a = CallArguments(e, entry: SetEntries.grid, env: env, declaration: name)
    let (x0, x1) = try gridRange(a, "x")
    let (y0, y1) = try gridRange(a, "y")
    let n = try a.int("n")
    guard n >= 2, n <= GridSpec.maxSide else {
      throw a.error("n", "grid(n: \(n)) needs 2 <= n <= \(GridSpec.maxSide) points per axis")
    }
    return GridSpec(xs: GridSpec.axis(x0, x1, n), ys: GridSpec.axis(y0, y1, n))
  }

  /// `[lo, hi]` with lo < hi, both finite.
  private func gridRange(_ a: CallArguments, _ axis: String) throws -> (Double, Double) {
    let t = try a.tensor(axis)
    guard t.count == 2 else {
      throw a.error(axis, "grid(\(axis): ...) needs a range of two numbers, as in \(axis): [-3, 3]")
    }
    let (lo, hi) = (t.scalars[0], t.scalars[1])
    guard lo.isFinite, hi.isFinite, lo < hi else {
      throw a.error(axis, "grid(\(axis): [\(lo), \(hi)]) needs finite ends with \(axis)0 < \(axis)1")
    }
    return (lo, hi)
  }
}

/// What a certificate measured at every point of a grid, kept in its record so that
/// `plot c to "c.svg"` can draw the region (001 Figure 1).
public struct GridResult: Sendable, Equatable {
  /// The objective the certificate is about (looked up again to draw its zero set finely).
  public var objective: String
  /// The axis names: the objective's two coordinates (`x`, `y`).
  public var labels: [String]
  /// The abscissae.
  public var xs: [Double]
  /// The ordinates.
  public var ys: [Double]
  /// Whether the certificate's criterion was met, row-major: index j * xs.count + i.
  public var met: [Bool]
  /// The objective at each point, row-major.
  public var values: [Double]
  /// Named per-point quantities, row-major (for chatterjee `alpha` and `radius`).
  public var quantities: [String: [Double]]

  /// A grid result; every array has xs.count * ys.count entries.
  public init(objective: String, labels: [String], xs: [Double], ys: [Double], met: [Bool],
              values: [Double], quantities: [String: [Double]] = [:]) {
    self.objective = objective
    self.labels = labels
    self.xs = xs
    self.ys = ys
    self.met = met
    self.values = values
    self.quantities = quantities
  }

  /// `met` as rows (`[j][i]` is the point (xs[i], ys[j])), the shape field plots take.
  public var metRows: [[Bool]] { ys.indices.map { j in Array(met[(j * xs.count)..<((j + 1) * xs.count)]) } }

  /// The record's `grid` object.
  public var json: JSONValue {
    .object([
      "objective": .string(objective), "labels": .array(labels.map(JSONValue.string)),
      "x": .numbers(xs), "y": .numbers(ys), "met": .array(met.map(JSONValue.bool)),
      "values": .numbers(values), "quantities": .object(quantities.mapValues(JSONValue.numbers)),
    ])
  }

  init(fields f: JSONFields) throws {
    objective = try f.string("objective")
    guard case .array(let names) = try f.value("labels"), case .array(let flags) = try f.value("met") else {
      throw RuntimeError(.data, "the results document's grid needs arrays `labels` and `met`")
    }
    labels = try names.map { v in
      guard case .string(let s) = v else { throw RuntimeError(.data, "grid labels must be strings") }
      return s
    }
    met = try flags.map { v in
      guard case .bool(let b) = v else { throw RuntimeError(.data, "grid `met` entries must be true or false") }
      return b
    }
    xs = try f.numbers("x")
    ys = try f.numbers("y")
    values = try f.numbers("values")
    let q = try f.nested("quantities")
    quantities = try Dictionary(uniqueKeysWithValues: q.fields.keys.map { ($0, try q.numbers($0)) })
  }
}
