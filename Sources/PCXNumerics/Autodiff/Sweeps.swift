/// The two sweeps over a tape: reverse (vector-Jacobian products, accumulating cotangents with
/// `+=` in reverse topological order, as micrograd and autodidax do) and forward
/// (Jacobian-vector products in topological order).
extension Tape {
  /// Which nodes depend on any of the given leaves (so only those get derivatives).
  func dependents(of leaves: [Var], upTo last: Int) -> [Bool] {
    var depends = [Bool](repeating: false, count: last + 1)
    for leaf in leaves where leaf.tape === self && leaf.index <= last { depends[leaf.index] = true }
    let first = leaves.filter { $0.tape === self }.map(\.index).min() ?? (last + 1)
    guard first <= last else { return depends }
    for i in first...last where !depends[i] {
      depends[i] = nodes[i].inputs.contains { $0 >= 0 && depends[$0] }
    }
    return depends
  }

  /// Reverse sweep: the cotangents of `wrt` given cotangents `seeds` of the outputs `outputs`.
  /// With `createGraph` the sweep is itself recorded, so its results can be differentiated.
  func backward(
    outputs: [Var], seeds: [Var], wrt: [Var], createGraph: Bool
  ) throws -> [Var?] {
    let recorded = outputs.filter { $0.tape === self }
    guard let last = recorded.map(\.index).max() else { return wrt.map { _ in nil } }
    let depends = dependents(of: wrt, upTo: last)
    var cot = [Var?](repeating: nil, count: last + 1)
    for (y, seed) in zip(outputs, seeds) where y.tape === self && depends[y.index] {
      cot[y.index] = try cot[y.index].map { try $0 + seed } ?? seed
    }
    for i in stride(from: last, through: 0, by: -1) {
      guard let g = cot[i], depends[i] else { continue }
      let node = nodes[i]
      if node.inputs.isEmpty { continue }  // a leaf keeps its cotangent
      let needs = node.inputs.map { $0 >= 0 && depends[$0] }
      guard needs.contains(true) else { continue }
      let inputs = (0..<node.inputs.count).map { input($0, of: i, recorded: createGraph) }
      let grads = try node.primitive.vjp(inputs, output(of: i, recorded: createGraph), g, needs)
      for (k, j) in node.inputs.enumerated() where needs[k] {
        guard k < grads.count, let gk = grads[k] else { continue }
        cot[j] = try cot[j].map { try $0 + gk } ?? gk
      }
      if !createGraph { cot[i] = nil }  // free intermediate cotangents early
    }
    return wrt.map { $0.tape === self && $0.index <= last ? cot[$0.index] : nil }
  }

  /// Forward sweep: the tangents of `outputs` given tangents of the leaves `wrt`.
  func forward(
    wrt: [Var], tangents: [Var], outputs: [Var], createGraph: Bool
  ) throws -> [Var?] {
    let recorded = outputs.filter { $0.tape === self }
    guard let last = recorded.map(\.index).max() else { return outputs.map { _ in nil } }
    var tan = [Var?](repeating: nil, count: last + 1)
    for (x, t) in zip(wrt, tangents) where x.tape === self && x.index <= last { tan[x.index] = t }
    let first = wrt.filter { $0.tape === self }.map(\.index).min() ?? (last + 1)
    if first <= last {
      for i in first...last where tan[i] == nil {
        let node = nodes[i]
        let ts = node.inputs.map { $0 >= 0 ? tan[$0] : nil }
        guard ts.contains(where: { $0 != nil }) else { continue }
        let inputs = (0..<node.inputs.count).map { input($0, of: i, recorded: createGraph) }
        tan[i] = try node.primitive.jvp(inputs, output(of: i, recorded: createGraph), ts)
      }
    }
    return outputs.map { $0.tape === self && $0.index <= last ? tan[$0.index] : nil }
  }
}
