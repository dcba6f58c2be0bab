import Foundation

// Evaluates expectation expressions against a case's observation and decides each comparison.

extension CorpusObservation {
  /// The value of `e`; paths end projected (a hypothesis is its met state).
  func evaluate(_ e: CorpusExpr) throws -> CorpusValue {
    switch e {
    case .number(let x): return .number(x)
    case .string(let s): return .text(s)
    case .symbol("true"): return .bool(true)
    case .symbol("false"): return .bool(false)
    case .symbol("none"): return .none
    case .symbol(let s): return .text(s)
    case .list(let items): return .list(try items.map(evaluate))
    case .root, .reported, .field, .index: return try navigate(e).projected
    case .negate(let a): return .number(-(try number(a)))
    case .binary(let op, let a, let b): return .number(arithmetic(op, try number(a), try number(b)))
    case .call(let f, let args): return .number(try call(f, args))
    }
  }

  /// The value at a path, before projection.
  func navigate(_ e: CorpusExpr) throws -> CorpusValue {
    switch e {
    case .root(let name): return try root(name)
    case .reported(let text): return try reported(text)
    case .field(let base, let name): return try field(try navigate(base), name, path: e)
    case .index(let base, let i):
      guard case .list(let items) = try navigate(base) else { throw ExpectationError(message: "\(describe(base)) is not a list") }
      guard items.indices.contains(i) else {
        throw ExpectationError(message: "\(describe(base)) has \(items.count) entries, no [\(i)]")
      }
      return items[i]
    default: return try evaluate(e)
    }
  }

  /// `.name` of a record (falling back to its `estimate` and `traces`, so `c.mu` is the estimate
  /// mu and `r.loss` the loss trace) or a list's `first last count min max`.
  private func field(_ base: CorpusValue, _ name: String, path: CorpusExpr) throws -> CorpusValue {
    switch base {
    case .record(let r):
      if let v = r[name] { return v }
      for nested in ["estimate", "traces"] {
        if case .record(let inner)? = r[nested], let v = inner[name] { return v }
      }
      throw ExpectationError(message: "\(describe(path)) does not exist (fields: \(fieldNames(r)))")
    case .list(let items):
      switch name {
      case "count": return .number(Double(items.count))
      case "first", "last":
        guard let v = name == "first" ? items.first : items.last else { throw ExpectationError(message: "\(describe(path)): the list is empty") }
        return v
      case "min", "max":
        let xs = try items.map { v -> Double in
          guard case .number(let x) = v else { throw ExpectationError(message: "\(describe(path)): not a list of numbers") }
          return x
        }
        guard let v = name == "min" ? xs.min() : xs.max() else { throw ExpectationError(message: "\(describe(path)): the list is empty") }
        return .number(v)
      default: throw ExpectationError(message: "\(describe(path)): a list has count, first, last, min, max")
      }
    case .none: throw ExpectationError(message: "\(describe(path)) does not exist: its record is none")
    default: throw ExpectationError(message: "\(describe(path)): \(base.shown) has no field '\(name)'")
    }
  }

  /// A record's field names, with its estimates and traces.
  private func fieldNames(_ r: [String: CorpusValue]) -> String {
    var names = Set(r.keys)
    for nested in ["estimate", "traces"] { if case .record(let inner)? = r[nested] { names.formUnion(inner.keys) } }
    return names.sorted().joined(separator: ", ")
  }

  func number(_ e: CorpusExpr) throws -> Double {
    guard case .number(let x) = try evaluate(e) else { throw ExpectationError(message: "\(describe(e)) is not a number") }
    return x
  }

  private func arithmetic(_ op: Character, _ a: Double, _ b: Double) -> Double {
    switch op {
    case "+": return a + b
    case "-": return a - b
    case "*": return a * b
    case "/": return a / b
    default: return Foundation.pow(a, b)
    }
  }

  private func call(_ f: String, _ args: [CorpusExpr]) throws -> Double {
    var xs = try args.map(number)
    if f == "min" || f == "max", xs.count == 1, case .list(let items) = try evaluate(args[0]) {
      xs = items.compactMap { if case .number(let x) = $0 { x } else { nil } }
    }
    guard let x = xs.first, f == "min" || f == "max" || xs.count == 1 else {
      throw ExpectationError(message: "\(f) takes \(f == "min" || f == "max" ? "numbers" : "one number")")
    }
    switch f {
    case "sqrt": return x.squareRoot()
    case "exp": return Foundation.exp(x)
    case "log": return Foundation.log(x)
    case "abs": return Swift.abs(x)
    case "tanh": return Foundation.tanh(x)
    case "min": return xs.min() ?? x
    default: return xs.max() ?? x
    }
  }
}

/// The source form of an expression, for messages.
func describe(_ e: CorpusExpr) -> String {
  switch e {
  case .number(let x): return corpusNumberText(x)
  case .string(let s): return quoted(s)
  case .symbol(let s), .root(let s): return s
  case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
  case .reported(let s): return "value \(quoted(s))"
  case .field(let b, let n): return "\(describe(b)).\(n)"
  case .index(let b, let i): return "\(describe(b))[\(i)]"
  case .negate(let a): return "-\(describe(a))"
  case .binary(let op, let a, let b): return "(\(describe(a)) \(op) \(describe(b)))"
  case .call(let f, let args): return "\(f)(" + args.map(describe).joined(separator: ", ") + ")"
  }
}

/// The outcome of one comparison: nil when it holds, else why not.
func compare(_ observed: CorpusValue, _ op: Comparison, _ expected: CorpusValue, _ tolerance: Tolerance?) -> String? {
  switch op {
  case .equal: return equalityFailure(observed, expected, tolerance)
  case .notEqual:
    return equalityFailure(observed, expected, tolerance) == nil ? "observed \(observed.shown), expected anything else" : nil
  case .contains, .starts:
    guard case .text(let a) = observed, case .text(let b) = expected else {
      return "\(op.rawValue) compares texts; observed \(observed.shown)"
    }
    let ok = op == .contains ? a.contains(b) : a.hasPrefix(b)
    return ok ? nil : "observed \(quoted(a))"
  case .less, .lessOrEqual, .greater, .greaterOrEqual:
    guard case .number(let a) = observed, case .number(let b) = expected else {
      return "\(op.rawValue) compares numbers; observed \(observed.shown), bound \(expected.shown)"
    }
    let slack = tolerance?.width(around: b) ?? 0
    let ok: Bool
    switch op {
    case .less: ok = a < b + slack
    case .lessOrEqual: ok = a <= b + slack
    case .greater: ok = a > b - slack
    default: ok = a >= b - slack
    }
    return ok ? nil : "observed \(corpusNumberText(a)), bound \(corpusNumberText(b)) (slack \(corpusNumberText(slack)))"
  }
}

/// nil when `observed` equals `expected` (numbers within the tolerance, lists entry by entry).
private func equalityFailure(_ observed: CorpusValue, _ expected: CorpusValue, _ tolerance: Tolerance?) -> String? {
  switch (observed, expected) {
  case (.number(let a), .number(let b)):
    let error = Swift.abs(a - b)
    if a == b || (tolerance.map { error <= $0.width(around: b) } ?? false) { return nil }
    let relative = b == 0 ? "" : ", relative error \(corpusNumberText(error / Swift.abs(b)))"
    return "observed \(corpusNumberText(a)), expected \(corpusNumberText(b)), error \(corpusNumberText(error))\(relative)"
  case (.list(let a), .list(let b)):
    guard a.count == b.count else { return "observed \(a.count) entries \(observed.shown), expected \(b.count) \(expected.shown)" }
    for (i, (x, y)) in zip(a, b).enumerated() {
      if let why = equalityFailure(x, y, tolerance) { return "entry [\(i)]: \(why)" }
    }
    return nil
  default:
    return observed == expected ? nil : "observed \(observed.shown), expected \(expected.shown)"
  }
}
