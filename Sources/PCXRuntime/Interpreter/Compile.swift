import PCXNumerics
import PCXSema
import PCXSource
import PCXSyntax

/// A numeric expression compiled once into a tree of closures over `Var`s: evaluating it walks
/// closures, never the AST (issue 4: objectives are built once). The arguments are the values of
/// the expression's parameters (for an `objective`) or the row `x` (for a label expression).
typealias Compiled = @Sendable ([Var]) throws -> Var

/// What the compiler needs from the interpreter: values of names that are not differentiated.
protocol CompileScope {
  /// The index among the compiled function's arguments of a param (nil: not an argument).
  func argumentIndex(of name: String) -> Int?
  /// The value of any other name (lets, sweep variables, earlier declarations).
  func constant(_ name: String, at span: SourceSpan) throws -> Value
  /// Random constants (`randn`, `rank1`, ...) draw from this declaration's stream.
  mutating func randomStream() -> RandomStream
  /// A file path resolved against the script's directory and the host's read policy.
  func resolve(path: String) throws -> String
}

enum Compiler {
  static func compile<S: CompileScope>(_ e: TExpr, _ scope: inout S) throws -> Compiled {
    if let c = e.constant, let t = tensorConstant(c) { return constant(t) }
    switch e.kind {
    case .literal(let c):
      guard let t = tensorConstant(c) else { throw notNumeric(e) }
      return constant(t)
    case .reference(let name, _), .implicit(let name):
      if let k = scope.argumentIndex(of: name) { return { args in args[k] } }
      guard let t = try scope.constant(name, at: e.span).tensor else { throw notNumeric(e) }
      return constant(t)
    case .vector(let items):
      return try stack(items.map { try compile($0, &scope) })
    case .unary(.negate, let x):
      let f = try compile(x, &scope)
      return { args in -(try f(args)) }
    case .binary(let op, let l, let r):
      return try binary(op, l, r, &scope)
    case .call(let name, _, let arguments):
      return try Builtins.compile(name, arguments, e, &scope)
    case .index(let base, let indices):
      return try index(base, indices, &scope)
    case .transpose(let x):
      let f = try compile(x, &scope)
      return { args in try f(args).transposed() }
    default:
      throw notNumeric(e)
    }
  }

  static func binary<S: CompileScope>(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr, _ scope: inout S) throws -> Compiled {
    if op == .power {
      guard let p = r.constant?.realValue else {
        throw RuntimeError(.argument, "'^' needs a constant exponent")
      }
      let f = try compile(l, &scope)
      return { args in try f(args).pow(p) }
    }
    let a = try compile(l, &scope), b = try compile(r, &scope)
    switch op {
    case .add: return { args in try a(args) + b(args) }
    case .subtract: return { args in try a(args) - b(args) }
    case .multiply: return { args in try a(args) * b(args) }
    case .divide: return { args in try a(args) / b(args) }
    case .matmul: return { args in try Var.matmul(a(args), b(args)) }
    case .tensor: return { args in try Var.outer(a(args), b(args)) }
    default:
      throw RuntimeError(.argument, "'\(op.rawValue)' gives a bool, not a number")
    }
  }

  static func index<S: CompileScope>(_ base: TExpr, _ indices: [TExpr], _ scope: inout S) throws -> Compiled {
    let f = try compile(base, &scope)
    let ks = try indices.map { i -> Int in
      guard let k = i.constant?.intValue else {
        throw RuntimeError(.argument, "indices must be integers known before running")
      }
      return k
    }
    return { args in
      var v = try f(args)
      for k in ks { v = try v.index(k, axis: 0) }
      return v
    }
  }

  /// A constant: a fresh `Var` per evaluation (cheap: the tensor's storage is shared).
  static func constant(_ t: Tensor) -> Compiled { { _ in Var(constant: t) } }

  static func stack(_ parts: [Compiled]) throws -> Compiled {
    return { args in
      let vs = try parts.map { try $0(args) }
      let rows = try vs.map { try $0.reshaped([1] + $0.shape) }
      return try Var.concatenate(rows, axis: 0)
    }
  }

  /// A literal number or (nested) list as a tensor.
  static func tensorConstant(_ c: ConstValue) -> Tensor? {
    switch c {
    case .int(let i): return Tensor(Double(i))
    case .real(let x): return Tensor(x)
    case .list(let items):
      let parts = items.compactMap(tensorConstant)
      guard parts.count == items.count, let first = parts.first, parts.allSatisfy({ $0.shape == first.shape }) else {
        return items.isEmpty ? Tensor([]) : nil
      }
      return try? Tensor(shape: [parts.count] + first.shape, scalars: parts.flatMap(\.scalars))
    default: return nil
    }
  }

  static func notNumeric(_ e: TExpr) -> RuntimeError {
    RuntimeError(.argument, "this expression of type \(e.type) cannot be computed as a number")
  }
}
