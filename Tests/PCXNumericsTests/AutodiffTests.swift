import Testing
@testable import PCXNumerics

/// Each primitive's vjp, jvp and HVP against central finite differences along seeded random
/// directions. Tolerance: relative error <= 1e-6 (well-conditioned inputs, O(h^4) differences).
@Suite("Autodiff: every primitive against finite differences")
struct AutodiffTests {
  /// A named test function of several tensors, with input shapes and an input scale.
  struct Case: Sendable {
    let name: String
    let shapes: [[Int]]
    var scale = 1.0
    var offset = 0.0
    let f: @Sendable ([Var]) throws -> Var
  }

  static let cases: [Case] = [
    Case(name: "add broadcast", shapes: [[3, 4], [4]]) { try $0[0] + $0[1] },
    Case(name: "sub broadcast", shapes: [[3, 1], [1, 4]]) { try $0[0] - $0[1] },
    Case(name: "mul broadcast", shapes: [[2, 3, 4], [3, 1]]) { try $0[0] * $0[1] },
    Case(name: "div", shapes: [[3, 4], [3, 4]], offset: 2) { try $0[0] / $0[1] },
    Case(name: "neg scale shift", shapes: [[5]]) { -($0[0] * 2.5) + 1 },
    Case(name: "matmul", shapes: [[3, 4], [4, 2]]) { try Var.matmul($0[0], $0[1]) },
    Case(name: "matmul A^T B", shapes: [[4, 3], [4, 2]]) { try Var.matmul($0[0], $0[1], transposeA: true) },
    Case(name: "matmul A B^T alpha", shapes: [[3, 4], [2, 4]]) {
      try Var.matmul($0[0], $0[1], transposeB: true, alpha: 0.5)
    },
    Case(name: "matmul A^T B^T", shapes: [[4, 3], [2, 4]]) {
      try Var.matmul($0[0], $0[1], transposeA: true, transposeB: true)
    },
    Case(name: "matrix-vector", shapes: [[3, 4], [4]]) { try Var.matmul($0[0], $0[1]) },
    Case(name: "transpose", shapes: [[3, 5]]) { try $0[0].transposed() },
    Case(name: "reshape", shapes: [[3, 4]]) { try $0[0].reshaped([2, 6]) },
    Case(name: "sum axes", shapes: [[2, 3, 4]]) { try $0[0].sum(alongAxes: [0, 2]) },
    Case(name: "sum keepdims", shapes: [[2, 3, 4]]) { try $0[0].sum(alongAxes: [-1], keepingDims: true) },
    Case(name: "mean", shapes: [[2, 3]]) { try $0[0].mean() },
    Case(name: "broadcast_to", shapes: [[3, 1]]) { try $0[0].broadcast(to: [2, 3, 4]) },
    Case(name: "outer", shapes: [[3], [4]]) { try Var.outer($0[0], $0[1]) },
    Case(name: "dot", shapes: [[6], [6]]) { try Var.dot($0[0], $0[1]) },
    Case(name: "tanh", shapes: [[3, 4]], scale: 2) { try $0[0].tanh() },
    Case(name: "exp", shapes: [[5]]) { try $0[0].exp() },
    Case(name: "log", shapes: [[5]], offset: 2) { try $0[0].log() },
    Case(name: "sin cos", shapes: [[5]], scale: 3) { try $0[0].sin() * $0[0].cos() },
    Case(name: "sqrt", shapes: [[5]], offset: 2) { try $0[0].sqrt() },
    Case(name: "pow 3.5", shapes: [[5]], offset: 2) { try $0[0].pow(3.5) },
    Case(name: "sigmoid", shapes: [[6]], scale: 4) { try $0[0].apply(.sigmoid) },
    Case(name: "bipolar sigmoid", shapes: [[6]], scale: 4) { try $0[0].apply(.bipolarSigmoid) },
    Case(name: "softplus", shapes: [[6]], scale: 4) { try $0[0].apply(.softplus) },
    Case(name: "smooth leaky relu", shapes: [[6]], scale: 4) { try $0[0].apply(.smoothLeakyReLU(0.1)) },
    Case(name: "leaky relu away from 0", shapes: [[6]], scale: 4) { try $0[0].apply(.leakyReLU(0.1)) },
    Case(name: "relu away from 0", shapes: [[6]], scale: 4) { try $0[0].apply(.relu) },
    Case(name: "cloglog", shapes: [[6]], scale: 2) { try $0[0].apply(.cloglog) },
    Case(name: "gelu", shapes: [[6]], scale: 3) { try $0[0].apply(.gelu) },
    Case(name: "swish", shapes: [[6]], scale: 3) { try $0[0].apply(.swish) },
    Case(name: "logistic loss", shapes: [[6]], scale: 3) { try $0[0].apply(.logisticLoss) },
    Case(name: "slice", shapes: [[4, 5, 2]]) { try $0[0].slice([1..<3, 0..<4]) },
    Case(name: "index", shapes: [[4, 5]]) { try $0[0].index(-1, axis: 1) },
    Case(name: "gather with repeats", shapes: [[5, 3]]) { try $0[0].gather([4, 0, 4, 2], axis: 0) },
    Case(name: "concatenate", shapes: [[2, 3], [2, 4]]) { try Var.concatenate($0, axis: 1) },
    Case(name: "mask", shapes: [[3, 3]]) {
      try $0[0].masked(by: Tensor(shape: [3, 3], scalars: [1, 0, 1, 0, 1, 1, 1, 1, 0]))
    },
    Case(name: "permute", shapes: [[2, 3, 4]]) { try $0[0].permuted([2, 0, 1]) },
    Case(name: "norm", shapes: [[7]], offset: 0.5) { try $0[0].norm() },
    Case(name: "norm of a matrix", shapes: [[3, 4]], offset: 0.2) { try $0[0].norm() },
    Case(name: "contract4 of a non-symmetric tensor", shapes: [[3, 3, 3, 3], [3]]) { try $0[0].contract4($0[1]) },
    Case(name: "composite mlp-like", shapes: [[4, 3], [5, 3], [5]]) { p in
      let h = try Var.matmul(p[0], p[1], transposeB: true, alpha: 0.7).tanh()
      return try Var.matmul(h, p[2]).squared().mean()
    },
  ]

  /// Inputs kept away from kinks (ReLU at 0) and domain edges (log, sqrt at 0).
  static func inputs(_ c: Case, seed: UInt64) -> [Tensor] {
    var rng = TestRandom(seed)
    return c.shapes.map { s in
      rng.tensor(s, scale: c.scale).withScalars { v in
        let x = v + c.offset
        return Swift.abs(x) < 0.05 ? x + 0.1 : x
      }
    }
  }

  @Test(arguments: cases.indices)
  func jvpMatchesFiniteDifferences(_ k: Int) throws {
    let c = Self.cases[k]
    let x = Self.inputs(c, seed: UInt64(100 + k))
    var rng = TestRandom(UInt64(7_000 + k))
    let d = x.map { rng.tensor($0.shape) }
    let (_, jv) = try Autodiff.jvp(at: x, tangent: d, of: c.f)
    let fd = try centralDifference({ try c.f($0.map { Var(constant: $0) }).value }, at: x, along: d)
    expectClose(jv, fd, rel: 1e-6, abs: 1e-10, "\(c.name) jvp")
  }

  @Test(arguments: cases.indices)
  func vjpIsTheAdjointOfJvp(_ k: Int) throws {
    // <u, J d> (forward mode) == <J^T u, d> (reverse mode), and J d from FD already checked
    let c = Self.cases[k]
    let x = Self.inputs(c, seed: UInt64(200 + k))
    var rng = TestRandom(UInt64(8_000 + k))
    let d = x.map { rng.tensor($0.shape) }
    let (y, jv) = try Autodiff.jvp(at: x, tangent: d, of: c.f)
    let u = rng.tensor(y.shape)
    let (_, vj) = try Autodiff.vjp(at: x, cotangent: u, of: c.f)
    let lhs = try Tensor.dot(u, jv)
    let rhs = try zip(vj, d).reduce(0.0) { $0 + (try Tensor.dot($1.0, $1.1)) }
    expectClose(lhs, rhs, rel: 1e-12, abs: 1e-13, "\(c.name) <u, Jd> vs <J^T u, d>")
    let fd = try centralDifference({ try c.f($0.map { Var(constant: $0) }).value }, at: x, along: d)
    expectClose(rhs, try Tensor.dot(u, fd), rel: 1e-6, abs: 1e-10, "\(c.name) vjp vs FD")
  }

  @Test(arguments: cases.indices)
  func hvpMatchesFiniteDifferencesOfTheGradient(_ k: Int) throws {
    let c = Self.cases[k]
    // a scalar function of the case: 0.5 * sum(f(x)^2) + sum(f(x) * w) exercises second derivatives
    let x = Self.inputs(c, seed: UInt64(300 + k))
    var rng = TestRandom(UInt64(9_000 + k))
    let w0 = try c.f(x.map { Var(constant: $0) }).value
    let w = rng.tensor(w0.shape)
    let scalar: ([Var]) throws -> Var = { p in
      let y = try c.f(p)
      return try (y.squared() * 0.5 + y * Var(constant: w)).sum()
    }
    let d = x.map { rng.tensor($0.shape) }
    let (_, _, hv) = try Autodiff.hvp(at: x, direction: d, of: scalar)
    for i in x.indices {
      let fd = try centralDifference({ p in
        try Autodiff.valueAndGradient(at: p, of: scalar).gradient[i]
      }, at: x, along: d)
      expectClose(hv[i], fd, rel: 1e-6, abs: 1e-9, "\(c.name) HVP argument \(i)")
    }
  }

  @Test func denseHessianOfAQuadraticIsExact() throws {
    // f(x) = 0.5 x^T A x + b^T x has Hessian (A + A^T) / 2 exactly
    let a = try Tensor(rows: [[2, 1, 0], [1, 3, -1], [0, -1, 4]])
    let b = Tensor([1, -2, 0.5])
    let h = try Autodiff.hessian(at: Tensor([0.3, -0.2, 0.9])) { x in
      let ax = try Var.matmul(Var(constant: a), x)
      return try Var.dot(x, ax) * 0.5 + Var.dot(Var(constant: b), x)
    }
    expectClose(h, a, rel: 1e-15, "Hessian of a quadratic")
    #expect(throws: AutodiffError.self) {
      try Autodiff.hessian(at: Tensor.zeros([10]), maxParameters: 5) { try $0.sum() }
    }
  }

  @Test func toyChatterjeeObjectiveMatchesClosedForms() throws {
    // 001 (3.2): f(x, y) = (xy - 1)^2 has ||grad f||^2 / f = 4 (x^2 + y^2)
    let f: ([Var]) throws -> Var = { p in try (p[0] * p[1] - 1).squared().sum() }
    for (x, y) in [(0.3, 2.0), (-1.5, 0.2), (2.0, 2.0)] {
      let (v, g) = try Autodiff.valueAndGradient(at: [Tensor(x), Tensor(y)], of: f)
      let ratio = (g[0].scalars[0] * g[0].scalars[0] + g[1].scalars[0] * g[1].scalars[0]) / v
      expectClose(ratio, 4 * (x * x + y * y), rel: 1e-13, "001 (3.2) at (\(x), \(y))")
      // Hessian in closed form: [[2y^2, 4xy - 2], [4xy - 2, 2x^2]]
      let h = try Autodiff.hessian(at: Tensor([x, y])) { p in
        try (p.reshaped([2]).sum(toShape: []) * 0 + (Var.dot(p, Var(constant: Tensor([1, 0])))
          * Var.dot(p, Var(constant: Tensor([0, 1]))) - 1).squared())
      }
      expectClose(h, try Tensor(rows: [[2 * y * y, 4 * x * y - 2], [4 * x * y - 2, 2 * x * x]]),
                  rel: 1e-13, "Hessian of (xy-1)^2")
    }
  }

  @Test func normHasAZeroSubgradientAtTheOrigin() throws {
    let g = try Autodiff.gradient(at: Tensor.zeros([3])) { x in try x.norm() * 0.5 + x.squared().sum() }
    #expect(g.scalars == [0, 0, 0])
    let h = try Autodiff.gradient(at: Tensor.zeros([2, 2])) { m in try m.norm().pow(2) }
    #expect(h.scalars == [0, 0, 0, 0])
  }

  @Test func errorsAreValuesNotTraps() throws {
    #expect(throws: AutodiffError.self) {
      try Autodiff.valueAndGradient(at: [Tensor([1, 2])]) { $0[0] }
    }
    #expect(throws: TensorError.self) {
      try Autodiff.valueAndGradient(at: [Tensor([1, 2]), Tensor([1, 2, 3])]) { try ($0[0] + $0[1]).sum() }
    }
    // a third derivative of an activation that only provides three derivatives is refused clearly
    let f = ScalarFunction(name: "cube", [{ $0 * $0 * $0 }, { 3 * $0 * $0 }])
    #expect(throws: AutodiffError.self) {
      try Autodiff.hvp(at: [Tensor([1.0])], direction: [Tensor([1.0])]) { try $0[0].apply(f).sum() }
    }
  }
}
