import PCXNumerics

/// Dataset transforms of SPEC §4.1: `take`, `standardize`, `normalize_rows`, `one_hot`, `split`.
/// Each returns a new dataset whose source records the transform.
public enum Transforms {
  /// The first `k` rows (1 <= k <= n).
  public static func take(_ d: Dataset, _ k: Int) throws -> Dataset {
    guard k >= 1, k <= d.n else {
      throw RuntimeError(.data, "take(\(k)) needs 1 <= k <= \(d.n), the number of rows of \(d.source)")
    }
    let rows = Array(0..<k)
    return try rowsOf(d, rows, source: "\(d.source) |> take(\(k))")
  }

  /// Features centred and scaled per column to mean 0 and population standard deviation 1
  /// (dividing by n). Constant columns have no scale and become exactly 0. Labels are unchanged.
  public static func standardize(_ d: Dataset) throws -> Dataset {
    let (n, p) = (d.n, d.d)
    var x = d.x.scalars
    for j in 0..<p {
      var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
      for i in 0..<n {
        let v = x[i * p + j]
        lo = min(lo, v)
        hi = max(hi, v)
        sum += v
      }
      let mean = sum / Double(n)
      var squares = 0.0
      for i in 0..<n { squares += (x[i * p + j] - mean) * (x[i * p + j] - mean) }  // two passes: no cancellation
      let std = (squares / Double(n)).squareRoot()
      // min == max, not std == 0: the rounded mean of a constant column can differ from its value.
      let scale = lo == hi || std == 0 ? 0 : 1 / std
      for i in 0..<n { x[i * p + j] = scale == 0 ? 0 : (x[i * p + j] - mean) * scale }
    }
    let xs = try DataChecks.core { try Tensor(shape: [n, p], scalars: x) }
    return try Dataset(x: xs, y: d.y, source: "\(d.source) |> standardize")
  }

  /// Every feature row scaled to Euclidean norm `norm` (e.g. sqrt(d) for 004 Assumption 2); a
  /// zero row cannot be scaled and is an error naming it.
  public static func normalizeRows(_ d: Dataset, norm: Double) throws -> Dataset {
    guard norm.isFinite, norm > 0 else {
      throw RuntimeError(.data, "normalize_rows needs a finite norm > 0, got \(norm)")
    }
    let (n, p) = (d.n, d.d)
    var x = d.x.scalars
    for i in 0..<n {
      let row = x[(i * p)..<((i + 1) * p)]
      let length = Tensor(Array(row)).norm()
      guard length > 0, length.isFinite else {
        throw RuntimeError(.data, "row \(i) of \(d.source) has norm \(length) and cannot be scaled to norm \(norm)")
      }
      let s = norm / length
      for j in 0..<p { x[i * p + j] *= s }
    }
    let xs = try DataChecks.core { try Tensor(shape: [n, p], scalars: x) }
    return try Dataset(x: xs, y: d.y, source: "\(d.source) |> normalize_rows(\(norm))")
  }

  /// Integer class labels in 0..<classes (one label column) turned into n x classes one-hot rows.
  public static func oneHot(_ d: Dataset, classes: Int) throws -> Dataset {
    guard classes >= 1 else {
      throw RuntimeError(.data, "one_hot needs at least 1 class, got \(classes)")
    }
    guard d.k == 1 else {
      throw RuntimeError(.data, "one_hot needs one label column, \(d.source) has \(d.k)")
    }
    var y = [Double](repeating: 0, count: d.n * classes)
    for (i, label) in d.y.scalars.enumerated() {
      guard label.rounded() == label, label >= 0, label < Double(classes) else {
        throw RuntimeError(.data,
          "row \(i) of \(d.source) has label \(label), not an integer in 0..<\(classes)",
          hint: "one_hot needs class labels 0, 1, ..., \(classes - 1)")
      }
      y[i * classes + Int(label)] = 1
    }
    let ys = try DataChecks.core { try Tensor(shape: [d.n, classes], scalars: y) }
    return try Dataset(x: d.x, y: ys, source: "\(d.source) |> one_hot(\(classes))")
  }

  /// A shuffled split: round(fraction * n) rows for training, the rest for testing; both must be
  /// non-empty. The permutation is one draw of `rng.permutation(n)`.
  public static func split(_ d: Dataset, fraction: Double, rng: inout RandomStream) throws -> (train: Dataset, test: Dataset) {
    guard fraction > 0, fraction < 1 else {
      throw RuntimeError(.data, "split fraction must lie strictly between 0 and 1, got \(fraction)")
    }
    let nTrain = Int((fraction * Double(d.n)).rounded())
    guard nTrain >= 1, nTrain < d.n else {
      throw RuntimeError(.data,
        "split(\(fraction)) of \(d.n) rows leaves \(nTrain) for training and \(d.n - nTrain) for testing; both need at least 1")
    }
    let order = try DataChecks.core { try rng.permutation(d.n) }
    let train = try rowsOf(d, Array(order[..<nTrain]), source: "\(d.source) |> split(\(fraction)).train")
    let test = try rowsOf(d, Array(order[nTrain...]), source: "\(d.source) |> split(\(fraction)).test")
    return (train, test)
  }

  /// The dataset of the given rows, in that order.
  static func rowsOf(_ d: Dataset, _ rows: [Int], source: String) throws -> Dataset {
    let x = try DataChecks.core { try d.x.gather(rows, axis: 0) }
    let y = try DataChecks.core { try d.y.gather(rows, axis: 0) }
    return try Dataset(x: x, y: y, source: source)
  }
}
