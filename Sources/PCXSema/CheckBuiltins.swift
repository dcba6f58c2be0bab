import PCXSource
import PCXSyntax

extension Checker {
  /// zeros/ones/randn, eye, rank1/obs_mask, orthogonal_tensor, outer.
  mutating func constructed(_ rule: ShapeRule, _ call: BoundCall) -> PType? {
    guard positive(call, ["m", "n", "d", "r", "order", "p"]) else { return nil }
    switch rule {
    case .filled:
      let m = call.dim("m", symbol: "m")
      return call.value("n") == nil ? .vector(m) : .matrix(m, call.dim("n", symbol: "n"))
    case .identity:
      let n = call.dim("n", symbol: "n")
      return .matrix(n, n)
    case .squareMatrix:
      let d = call.dim("d", symbol: "d")
      return .matrix(d, d)
    case .orthogonalTensor:
      let order = call.int("order") ?? 4
      guard order >= 2, order <= 8 else {
        error(.tensorOrder(order, at: call.spans["order"] ?? call.span))
        return nil
      }
      return PType.numeric(Array(repeating: call.dim("d", symbol: "d"), count: order))
    case .outer:
      guard case .vector(let n)? = call.value("x")?.type, case .vector(let m)? = call.value("y")?.type else { return nil }
      return .matrix(n, m)
    default: return nil
    }
  }

  /// Elementwise functions, normalize and mask keep their argument's type.
  mutating func sameAsFirst(_ call: BoundCall) -> PType? {
    if call.entry.name == "mask" {
      guard let omega = call.value("omega"), let m = call.value("m") else { return nil }
      guard sameShape(omega.type, m.type) else {
        error(.maskShapes(omega.type, m.type, at: call.span, notes: [declarationNote(omega), declarationNote(m)].compactMap { $0 }))
        return nil
      }
      return m.type
    }
    let first = call.entry.parameters[0].name
    guard let type = call.value(first)?.type else { return nil }
    if call.entry.name == "normalize", type.shape?.isEmpty != false {
      error(.normalizeNeedsArray(type, at: call.spans[first] ?? call.span))
      return nil
    }
    return type.isScalar ? .real : type
  }

  /// fro, norm, sum, mean, min, max, inner: a real.
  mutating func reduction(_ call: BoundCall) -> PType? {
    if call.entry.name == "inner", let a = call.value("a"), let b = call.value("b"), !sameShape(a.type, b.type) {
      error(.innerShapes(a.type, b.type, at: call.span, notes: [declarationNote(a), declarationNote(b)].compactMap { $0 }))
      return nil
    }
    return .real
  }

  private func sameShape(_ a: PType, _ b: PType) -> Bool {
    guard let x = a.shape, let y = b.shape else { return a == b }
    return x.count == y.count && zip(x, y).allSatisfy { $0.compatible(with: $1) }
  }

  /// `load("theta.npy")`: a flat vector whose length is read from the file header when present.
  mutating func load(_ call: BoundCall) -> PType? {
    guard let path = call.string("path") else { return .vector(.symbol("len")) }
    guard let shape = probe.npyShape(path) else { return .vector(.symbol("len(\(path))")) }
    return .vector(.known(shape.reduce(1, *)))
  }
}
