import PCXNumerics
import PCXSema

/// The builtin functions of the catalog, compiled to `Var` operations (differentiable ones) or
/// evaluated once to constants (zeros, randn, load, rank1, ...).
enum Builtins {
  /// The signatures of the builtins, for the checker.
  static let entries: [CatalogEntry] = [
    CatalogEntry("zeros", .builtin, [.required("m", .int), .optional("n", .int, .contextual("none"))], rule: .filled, summary: "a vector or matrix of zeros", reference: "-"),
    CatalogEntry("ones", .builtin, [.required("m", .int), .optional("n", .int, .contextual("none"))], rule: .filled, summary: "a vector or matrix of ones", reference: "-"),
    CatalogEntry("randn", .builtin, [.required("m", .int), .optional("n", .int, .contextual("none"))], rule: .filled, summary: "i.i.d. N(0, 1) entries from the declaration's stream", reference: "SPEC 2.3"),
    CatalogEntry("eye", .builtin, [.required("n", .int)], rule: .identity, summary: "the n x n identity", reference: "-"),
    CatalogEntry("outer", .builtin, [.required("x", .vector), .required("y", .vector)], rule: .outer, summary: "x y^T", reference: "002 (4.1)"),
    CatalogEntry("fro", .builtin, [.required("m", .numeric)], rule: .reduction, summary: "Frobenius norm", reference: "002 (4.1)"),
    CatalogEntry("norm", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "Euclidean norm", reference: "-"),
    CatalogEntry("sum", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "sum of the entries", reference: "-"),
    CatalogEntry("mean", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "mean of the entries", reference: "-"),
    CatalogEntry("inner", .builtin, [.required("a", .numeric), .required("b", .numeric)], rule: .reduction, summary: "<a, b>, the sum of elementwise products", reference: "002 (5.2)"),
    CatalogEntry("mask", .builtin, [.required("omega", .matrix), .required("m", .matrix)], rule: .sameAsFirst, summary: "P_Omega(M): entries outside Omega set to 0", reference: "002 (4.5)"),
    CatalogEntry("normalize", .builtin, [.required("x", .numeric)], rule: .sameAsFirst, summary: "x / ||x||", reference: "002 Sec 2.3"),
    CatalogEntry("load", .builtin, [.required("path", .string)], rule: .load, summary: "a flat float64 vector from a .npy file", reference: "SPEC 2.1a"),
    CatalogEntry("rank1", .builtin, [.required("d", .int), .optional("mu", .real, 1.0)], rule: .squareMatrix, summary: "incoherent z z^T with ||z||_inf <= mu / sqrt(d)", reference: "002 Sec 4"),
    CatalogEntry("obs_mask", .builtin, [.required("d", .int), .required("p", .real)], rule: .squareMatrix, summary: "symmetric 0/1 observation mask with probability p", reference: "002 Sec 4.2"),
    CatalogEntry("orthogonal_tensor", .builtin, [.required("d", .int), .required("r", .int), .optional("order", .int, 4)], rule: .orthogonalTensor, summary: "sum of r orthonormal a_i^(x order)", reference: "002 Sec 5"),
    CatalogEntry("min", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "smallest entry (of a trace: over steps)", reference: "004 Figure 1"),
    CatalogEntry("max", .builtin, [.required("x", .numeric)], rule: .reduction, summary: "largest entry (of a trace: over steps)", reference: "-"),
  ] + ["sin", "cos", "exp", "log", "tanh", "sqrt", "abs", "sigmoid"].map {
    CatalogEntry($0, .builtin, [.required("x", .numeric)], rule: .sameAsFirst, summary: "elementwise \($0)", reference: "-")
  }

  static func compile<S: CompileScope>(
    _ name: String, _ arguments: [TArgument], _ e: TExpr, _ scope: inout S
  ) throws -> Compiled {
    func arg(_ k: Int) throws -> Compiled {
      guard k < arguments.count, let v = arguments[k].value else {
        throw RuntimeError(.argument, "\(name) is missing its argument \(k + 1)")
      }
      return try Compiler.compile(v, &scope)
    }
    // a left-out argument takes the catalog's default (a number) or stays nil (contextual)
    let entry = entries.first { $0.name == name }
    func given(_ k: Int) -> ConstValue? {
      if k < arguments.count, let v = arguments[k].value { return v.constant }
      guard let entry, k < entry.parameters.count, case .value(let c) = entry.parameters[k].defaultValue else { return nil }
      return c
    }
    func int(_ k: Int) -> Int? { given(k)?.intValue }
    func real(_ k: Int) -> Double? { given(k)?.realValue }
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
      return try Synthetic.rank1(d: int(0) ?? 0, mu: real(1) ?? .nan, rng: &rng).m
    case "obs_mask":
      var rng = scope.randomStream()
      return try Synthetic.symmetricMask(d: int(0) ?? 0, p: real(1) ?? .nan, rng: &rng)
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
