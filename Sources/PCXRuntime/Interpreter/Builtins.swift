import PCXNumerics
import PCXSema

/// The builtin functions of the catalog, compiled to `Var` operations (differentiable ones) or
/// evaluated once to constants (zeros, randn, load, rank1, ...).
enum Builtins {
  static func compile<S: CompileScope>(
    _ name: String, _ arguments: [TArgument], _ e: TExpr, _ scope: inout S
  ) throws -> Compiled {
    func arg(_ k: Int) throws -> Compiled {
      guard k < arguments.count, let v = arguments[k].value else {
        throw RuntimeError(.argument, "\(name) is missing its argument \(k + 1)")
      }
      return try Compiler.compile(v, &scope)
    }
    func int(_ k: Int) -> Int? { k < arguments.count ? arguments[k].value?.constant?.intValue : nil }
    func real(_ k: Int) -> Double? { k < arguments.count ? arguments[k].value?.constant?.realValue : nil }
    switch name {
    case "sin", "cos", "exp", "log", "tanh", "sqrt", "abs", "sigmoid":
      let f = try arg(0), fn = elementwise(name)
      return { args in try f(args).apply(fn) }
    case "sum": let f = try arg(0); return { args in try f(args).sum() }
    case "mean": let f = try arg(0); return { args in try f(args).mean() }
    case "norm", "fro": let f = try arg(0); return { args in try f(args).norm() }
    case "inner":
      let a = try arg(0), b = try arg(1)
      return { args in try (a(args) * b(args)).sum() }
    case "outer":
      let a = try arg(0), b = try arg(1)
      return { args in try Var.outer(a(args), b(args)) }
    case "normalize":
      let f = try arg(0)
      return { args in let x = try f(args); return try x / x.norm() }
    case "mask":
      // 002 (4.5): P_Omega with a fixed observation pattern
      guard let omegaExpr = arguments.first?.value else { throw RuntimeError(.argument, "mask needs omega") }
      let omega = try Compiler.compile(omegaExpr, &scope)([]).value
      let m = try arg(1)
      return { args in try m(args).masked(by: omega) }
    default:
      return Compiler.constant(try constant(name, int: int, real: real, e, &scope))
    }
  }

  static func elementwise(_ name: String) -> ScalarFunction {
    switch name {
    case "sin": return .sin
    case "cos": return .cos
    case "exp": return .exp
    case "log": return .log
    case "sqrt": return .sqrt
    case "abs": return .abs
    case "sigmoid": return .sigmoid
    default: return tanhFunction
    }
  }

  /// tanh as a scalar function (the tape's fused tanh is used inside models).
  static let tanhFunction = ScalarFunction(name: "tanh", [
    { libmTanh($0) }, { let t = libmTanh($0); return 1 - t * t },
    { let t = libmTanh($0); return -2 * t * (1 - t * t) },
    { let t = libmTanh($0); return -2 * (1 - t * t) * (1 - 3 * t * t) },
  ])

  /// Builtins that produce constants, evaluated once.
  static func constant<S: CompileScope>(
    _ name: String, int: (Int) -> Int?, real: (Int) -> Double?, _ e: TExpr, _ scope: inout S
  ) throws -> Tensor {
    func shape() throws -> [Int] {
      guard let m = int(0), m >= 0 else { throw RuntimeError(.argument, "\(name) needs a non-negative size") }
      if let n = int(1) { return [m, n] }
      return [m]
    }
    switch name {
    case "zeros": return Tensor.zeros(try shape())
    case "ones": return Tensor.ones(try shape())
    case "eye":
      guard let n = int(0), n >= 0 else { throw RuntimeError(.argument, "eye needs a non-negative size") }
      return Tensor.identity(n)
    case "randn":
      var rng = scope.randomStream()
      return try rng.normalTensor(try shape())
    case "load":
      guard case .call(_, _, let args) = e.kind, case .literal(.string(let path))? = args.first?.value?.kind else {
        throw RuntimeError(.argument, "load needs a file name")
      }
      return try NPY.read(path: scope.resolve(path: path)).flattened
    case "rank1":
      var rng = scope.randomStream()
      return try Synthetic.rank1(d: int(0) ?? 0, mu: real(1) ?? 1, rng: &rng).m
    case "obs_mask":
      var rng = scope.randomStream()
      return try Synthetic.symmetricMask(d: int(0) ?? 0, p: real(1) ?? 1, rng: &rng)
    case "orthogonal_tensor":
      var rng = scope.randomStream()
      return try Synthetic.orthogonalTensor(d: int(0) ?? 0, r: int(1) ?? 0, rng: &rng).t
    default:
      throw RuntimeError(.argument, "\(name) cannot be computed as a number here")
    }
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }
