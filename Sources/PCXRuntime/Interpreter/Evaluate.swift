import Foundation
import PCXNumerics
import PCXSema
import PCXSource
import PCXSyntax

/// The compiler's view of the environment while one declaration is built.
struct Scope: CompileScope {
  let env: Environment
  let declaration: String
  let arguments: [String]
  var draws = 0

  func argumentIndex(of name: String) -> Int? { arguments.firstIndex(of: name) }

  func constant(_ name: String, at span: SourceSpan) throws -> Value {
    guard let v = env.values[name] else {
      throw RuntimeError(.argument, "'\(name)' has no value here")
    }
    return v
  }

  /// The declaration's stream; a second random call in the same declaration gets index 1, ...
  mutating func randomStream() -> RandomStream {
    defer { draws += 1 }
    let s = env.stream(declaration)
    return draws == 0 ? s : s.stream(index: draws)
  }

  func resolve(path: String) throws -> String { try env.reads.resolve(path) }
}

/// Evaluating expressions that are not differentiated (numbers, strings, names, members of
/// results) in the environment of the statement being run.
extension Environment {
  /// Evaluates an expression that is not differentiated: numbers, strings, names, members.
  func evaluate(_ e: TExpr, declaration: String = "") throws -> Value {
    switch e.kind {
    case .literal(.string(let s)): return .string(s)
    case .literal(.bool(let b)): return .bool(b)
    case .choice(let c): return .choice(c)
    case .reference(let name, _):
      guard let v = values[name] else { throw RuntimeError(.argument, "'\(name)' has no value here") }
      return v
    case .member(let base, let member):
      return try self.member(evaluate(base, declaration: declaration), member)
    case .tuple(let items):
      return .tuple(try items.map { try evaluate($0, declaration: declaration) })
    case .call(let fn, _, let args) where fn == "min" || fn == "max":
      guard let x = args.first?.value else { throw RuntimeError(.argument, "\(fn) needs an argument") }
      let values: [Double]
      switch try evaluate(x, declaration: declaration) {
      case .trace(_, let v): values = v
      case let other:
        guard let t = other.tensor else { throw RuntimeError(.argument, "\(fn) needs numbers or a trace") }
        values = t.scalars
      }
      let finite = values.filter { $0.isFinite }
      guard !finite.isEmpty else { return .number(.nan) }
      return .number(fn == "min" ? finite.min() ?? .nan : finite.max() ?? .nan)
    case .index(let base, let indices):
      // a trace indexed by position (negative counts from the end); tensors are numeric below
      if case .trace(_, let values) = try evaluate(base, declaration: declaration), indices.count == 1 {
        let k = try intValue(indices[0], declaration)
        let j = k < 0 ? values.count + k : k
        guard j >= 0, j < values.count else {
          throw RuntimeError(.argument, "index \(k) is outside the trace's \(values.count) values")
        }
        return .number(values[j])
      }
      var scope = Scope(env: self, declaration: declaration, arguments: [])
      let t = try Compiler.compile(e, &scope)([]).value
      return t.rank == 0 ? .number(t.scalars[0]) : .tensor(t)
    case .binary(let op, let l, let r) where op.isComparison || op == .and || op == .or:
      return .bool(try condition(op, l, r))
    case .binary(let op, let l, let r) where Environment.readsResults(e) && Environment.scalarArithmetic(op) != nil:
      // `run.lambda_min.max / run.lambda_min.min`: members of runs and certificates are results,
      // not differentiable values, so the compiler cannot build them; scalars combine here
      guard let a = try evaluate(l, declaration: declaration).number,
            let b = try evaluate(r, declaration: declaration).number,
            let apply = Environment.scalarArithmetic(op) else {
        throw RuntimeError(.argument, "'\(op.rawValue)' of results needs numbers on both sides")
      }
      return .number(apply(a, b))
    case .unary(.negate, let x) where Environment.readsResults(x):
      guard let a = try evaluate(x, declaration: declaration).number else {
        throw RuntimeError(.argument, "'-' of a result needs a number")
      }
      return .number(-a)
    case .unary(.not, let x):
      guard case .bool(let b) = try evaluate(x, declaration: declaration) else { throw RuntimeError(.argument, "not needs a bool") }
      return .bool(!b)
    default:
      var scope = Scope(env: self, declaration: declaration, arguments: [])
      let t = try Compiler.compile(e, &scope)([]).value
      return t.rank == 0 ? .number(t.scalars[0]) : .tensor(t)
    }
  }

  func condition(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr) throws -> Bool {
    if op == .and || op == .or {
      guard case .bool(let a) = try evaluate(l), case .bool(let b) = try evaluate(r) else {
        throw RuntimeError(.argument, "'\(op.rawValue)' needs bools")
      }
      return op == .and ? a && b : a || b
    }
    guard let a = try evaluate(l).number, let b = try evaluate(r).number else {
      throw RuntimeError(.argument, "'\(op.rawValue)' compares numbers")
    }
    switch op {
    case .less: return a < b
    case .lessEqual: return a <= b
    case .greater: return a > b
    case .greaterEqual: return a >= b
    case .equal: return a == b
    default: return a != b
    }
  }

  /// Whether an expression reads a member of a run, certificate, trace, dataset or model.
  static func readsResults(_ e: TExpr) -> Bool {
    switch e.kind {
    case .member: return true
    case .unary(_, let x), .transpose(let x): return readsResults(x)
    case .binary(_, let l, let r): return readsResults(l) || readsResults(r)
    case .index(let base, let indices): return readsResults(base) || indices.contains(where: readsResults)
    case .call(_, _, let args): return args.contains { $0.value.map(readsResults) ?? false }
    default: return false
    }
  }

  /// `+ - * / ^` on two numbers; nil for the other operators.
  static func scalarArithmetic(_ op: BinaryOperator) -> ((Double, Double) -> Double)? {
    switch op {
    case .add: return (+)
    case .subtract: return (-)
    case .multiply: return (*)
    case .divide: return (/)
    case .power: return { libmPow($0, $1) }
    default: return nil
    }
  }

  /// The estimate `c.estimate` reports: the certificate's constant by a fixed preference, else the
  /// first name in sorted order. A dictionary's own order changes from process to process, so
  /// reading `values.first` gave a different number on every run.
  static func primaryEstimate(_ estimate: [String: Double]) -> Double {
    let preferred = ["mu", "alpha", "tau", "lambda_min", "beta", "L", "min_slack", "local_minima"]
    if let name = preferred.first(where: { estimate[$0] != nil }) { return estimate[name] ?? .nan }
    return estimate.keys.sorted().first.flatMap { estimate[$0] } ?? .nan
  }

  /// `run.loss`, `run.final_loss`, `trace.min`, `D.n`, ...
  func member(_ base: Value, _ name: String) throws -> Value {
    switch base {
    case .run(let r): return try r.member(name)
    case .certificate(let c):
      guard let o = c.outcome else { return unevaluatedMember(name) }
      switch name {
      case "verdict": return .string(o.verdict.rawValue)
      case "holds": return .bool(o.verdict == .holds)
      case "evaluations": return .int(o.evaluations)
      case "guarantee": return .string(o.guarantee?.check.rawValue ?? "none")
      case "estimate": return .number(Environment.primaryEstimate(o.estimate))
      case "time": return .number(o.timing.seconds)
      case "bound":
        let predicted = o.guarantee?.predicted ?? []
        return .trace(steps: Array(0..<predicted.count), values: predicted)
      default: return .number(o.estimate[name] ?? .nan)
      }

    case .trace(let steps, let values):
      let finite = values.filter { $0.isFinite }
      switch name {
      case "last": return .number(values.last ?? .nan)
      case "min": return .number(finite.min() ?? .nan)
      case "max": return .number(finite.max() ?? .nan)
      case "length": return .int(steps.count)
      default: break
      }
    case .model(let m):
      switch name {
      case "params": return .int(m.parameterCount)
      case "in": return .int(m.inputs)
      case "out": return .int(m.outputs)
      default: break
      }
    case .dataset(let d):
      switch name {
      case "n": return .int(d.n)
      case "d": return .int(d.d)
      case "k": return .int(d.k)
      default: break
      }
    default: break
    }
    throw RuntimeError(.argument, "\(base.kindName) has no member '\(name)' at run time")
  }

  /// Members of a certificate this version does not evaluate: the verdict says so and every
  /// estimate is unknown (NaN, null in JSON).
  func unevaluatedMember(_ name: String) -> Value {
    switch name {
    case "verdict": return .string("inconclusive")
    case "guarantee": return .string("none")
    case "holds": return .bool(false)
    case "evaluations": return .int(0)
    case "bound": return .trace(steps: [], values: [])
    default: return .number(.nan)
    }
  }

  // MARK: argument helpers

  func number(_ e: TExpr, _ declaration: String) throws -> Double {
    if let x = e.constant?.realValue { return x }
    guard let x = try evaluate(e, declaration: declaration).number else { throw RuntimeError(.argument, "expected a number") }
    return x
  }

  func intValue(_ e: TExpr, _ declaration: String) throws -> Int {
    if let i = e.constant?.intValue { return i }
    switch try evaluate(e, declaration: declaration) {
    case .int(let i): return i
    case .number(let x) where x == x.rounded() && Swift.abs(x) < 1e15: return Int(x)
    default: throw RuntimeError(.argument, "expected an integer")
    }
  }

  func boolValue(_ e: TExpr) throws -> Bool {
    guard case .bool(let b) = try evaluate(e) else { throw RuntimeError(.argument, "expected true or false") }
    return b
  }

  func intList(_ e: TExpr?, _ declaration: String) throws -> [Int] {
    guard let e else { throw RuntimeError(.argument, "missing a list of integers") }
    if case .list(let items)? = e.constant { return items.compactMap(\.intValue) }
    if case .vector(let items) = e.kind { return try items.map { try intValue($0, declaration) } }
    guard let t = try evaluate(e, declaration: declaration).tensor else { throw RuntimeError(.argument, "expected a list of integers") }
    return t.scalars.map { Int($0) }
  }
}
