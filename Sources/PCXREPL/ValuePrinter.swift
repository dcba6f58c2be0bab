import Foundation
import PCX

/// How the REPL shows a value: numbers as `pcx run` writes them (same digits), small vectors
/// and matrices inline, records one field a line, long number lists (traces) as a sparkline.
public enum ValuePrinter {
  /// Vectors up to this length print every number; longer ones are traces.
  static let inlineLimit = 12
  /// The eight block heights of a sparkline.
  static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// `expression = value`, ending in a newline.
  public static func line(_ expression: String, _ value: JSONValue) -> String {
    let text = render(value)
    return text.contains("\n") ? "\(expression) =\n\(text)\n" : "\(expression) = \(text)\n"
  }

  /// The value as text (several lines for matrices and records).
  public static func render(_ value: JSONValue) -> String {
    switch value {
    case .array(let items):
      if let numbers = numbers(items) {
        return numbers.count <= inlineLimit ? scalar(value) : sparkline(numbers, items)
      }
      if let rows = matrix(items) { return rows.map { "  " + scalar(.array($0)) }.joined(separator: "\n") }
      return scalar(value)
    case .object(let fields):
      // A trace (`run.loss`): the sparkline of its values over the recorded steps.
      if case .array(let items)? = fields["values"], let ys = numbers(items), ys.count > inlineLimit,
        case .array(let steps)? = fields["steps"], let first = steps.first, let last = steps.last {
        return sparkline(ys, items) + " over steps \(scalar(first))...\(scalar(last))"
      }
      return fields.keys.sorted().map { key in "  \(key): \(render(fields[key] ?? .null))" }.joined(separator: "\n")
    default:
      return scalar(value)
    }
  }

  /// One-line JSON text, exactly as the results document writes it.
  static func scalar(_ value: JSONValue) -> String {
    value.serialized().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
      .replacingOccurrences(of: "[ ", with: "[").replacingOccurrences(of: " ]", with: "]")
  }

  /// A sparkline of `xs` (log scale when positive over more than two decades, as losses are),
  /// with its length, first, last, min and max.
  static func sparkline(_ xs: [Double], _ items: [JSONValue]) -> String {
    let finite = xs.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return "\(xs.count) values, none finite" }
    let useLog = lo > 0 && hi / lo > 100
    let f: (Double) -> Double = useLog ? { log10($0) } : { $0 }
    let (a, b) = (f(lo), f(hi))
    let width = min(60, xs.count)
    var line = ""
    for i in 0..<width {
      // The bucket's mean, so a long trace is summarised rather than subsampled.
      let range = (i * xs.count / width)..<max(i * xs.count / width + 1, (i + 1) * xs.count / width)
      let bucket = xs[range].filter(\.isFinite)
      guard !bucket.isEmpty else { line += " "; continue }
      let mean = bucket.reduce(0, +) / Double(bucket.count)
      let t = b > a ? (f(mean) - a) / (b - a) : 0.5
      line += String(blocks[min(7, max(0, Int((t * 7).rounded())))])
    }
    let first = scalar(items.first ?? .null), last = scalar(items.last ?? .null)
    return "\(line)  (\(xs.count) values\(useLog ? ", log scale" : ""); first \(first), last \(last), min \(scalar(.number(lo))), max \(scalar(.number(hi))))"
  }

  static func numbers(_ items: [JSONValue]) -> [Double]? {
    var out: [Double] = []
    for item in items {
      switch item {
      case .number(let x): out.append(x)
      case .null: out.append(.nan)
      default: return nil
      }
    }
    return out
  }

  /// Rows of a small matrix (a list of equally long number lists), else nil.
  static func matrix(_ items: [JSONValue]) -> [[JSONValue]]? {
    let rows = items.compactMap { item -> [JSONValue]? in
      if case .array(let r) = item, numbers(r) != nil, r.count <= inlineLimit { return r }
      return nil
    }
    guard rows.count == items.count, rows.count <= inlineLimit, let n = rows.first?.count, rows.allSatisfy({ $0.count == n })
    else { return nil }
    return rows
  }
}
