import PCXSource
import PCXSyntax

extension Checker {
  /// Applies an entry's shape rule to its bound arguments: the result type, and the shape
  /// checks that rule owns. Returns nil after reporting an error.
  mutating func apply(_ rule: ShapeRule, _ call: inout BoundCall) -> PType? {
    switch rule {
    case .fixed(let type): return type
    case .syntheticData: return syntheticData(call)
    case .csvData: return csvData(call)
    case .npyData: return npyData(call)
    case .transformData: return transformData(call)
    case .mlp: return mlp(call)
    case .linearNet: return linearNet(call)
    case .singleNeuron:
      let d = call.dim("in", symbol: "\(declaring).in")
      pendingFacts.entry = call.entry.name
      if let origin = call.origin("in") { pendingFacts.origins["d"] = origin }
      return .model(d: d, k: .known(1), p: d)
    case .loss: return loss(call)
    case .optimizer: return optimizer(call)
    case .certificate: return certificate(call)
    case .set: return positive(call, ["radius", "samples", "n"]) ? .pointSet : nil
    case .labels: return .labels
    case .filled, .identity, .squareMatrix, .orthogonalTensor, .outer: return constructed(rule, call)
    case .sameAsFirst: return sameAsFirst(call)
    case .reduction: return reduction(call)
    case .load: return load(call)
    }
  }

  /// Reports non-positive constant sizes among `names`.
  mutating func positive(_ call: BoundCall, _ names: [String]) -> Bool {
    for name in names {
      if let value = call.real(name), value <= 0, let span = call.spans[name] {
        error("'\(name)' of \(call.entry.name) must be positive, found \(call.values[name]?.constant?.description ?? "")", at: span)
        return false
      }
    }
    return true
  }

  private mutating func syntheticData(_ call: BoundCall) -> PType? {
    guard positive(call, ["n", "d", "k", "radius"]) else { return nil }
    let n = call.dim("n", symbol: "\(declaring).n")
    let d = call.dim("d", symbol: "\(declaring).d")
    if call.entry.name == "independent", let rows = n.value, let width = d.value, width < rows {
      error("independent inputs need d >= n (001 Thm 4.1), found n = \(rows), d = \(width)", at: call.span)
      return nil
    }
    if case .call(name: "teacher", _, let arguments)? = call.value("labels")?.kind,
      let teacher = arguments.first?.value, case .model(let teacherIn, _, _) = teacher.type, !teacherIn.compatible(with: d)
    {
      error("teacher model expects \(teacherIn) input features but the data has d = \(d)", at: teacher.span,
        notes: [declarationNote(teacher)].compactMap { $0 })
      return nil
    }
    pendingFacts.entry = call.entry.name
    if let origin = call.origin("d") { pendingFacts.origins["d"] = origin }
    return .dataset(n: n, d: d, k: call.dim("k", symbol: "\(declaring).k"))
  }

  private mutating func csvData(_ call: BoundCall) -> PType? {
    pendingFacts.entry = "csv"
    let unknown = PType.dataset(n: .symbol("\(declaring).n"), d: .symbol("\(declaring).d"), k: .known(1))
    guard let path = call.string("path"), let header = probe.csvHeader(path), let pathSpan = call.spans["path"] else { return unknown }
    if let label = call.string("label"), !header.contains(label) {
      let shown = header.count > 8 ? header.prefix(4).joined(separator: ", ") + ", ..., " + header.suffix(2).joined(separator: ", ") : header.joined(separator: ", ")
      error("\"\(path)\" has no column named '\(label)'\(Suggestions.didYouMean(label, among: header)) (columns: \(shown))", at: call.spans["label"] ?? pathSpan)
      return nil
    }
    guard header.count >= 2 else {
      error("\"\(path)\" has \(header.count) column; it needs at least one feature and a label", at: pathSpan)
      return nil
    }
    pendingFacts.origins["d"] = Origin(text: "from \"\(path)\": \(header.count) columns minus the label", span: pathSpan)
    return .dataset(n: .symbol("\(declaring).n"), d: .known(header.count - 1), k: .known(1))
  }

  private mutating func npyData(_ call: BoundCall) -> PType? {
    pendingFacts.entry = "npy"
    var result = PType.dataset(n: .symbol("\(declaring).n"), d: .symbol("\(declaring).d"), k: .symbol("\(declaring).k"))
    guard let path = call.string("path"), let pathSpan = call.spans["path"], let shape = probe.npyShape(path) else { return result }
    guard shape.count == 2 else {
      error("\"\(path)\" holds an array of shape (\(shape.map(String.init).joined(separator: ", "))); features need 2 dimensions (rows, features)", at: pathSpan)
      return nil
    }
    pendingFacts.origins["d"] = Origin(text: "from \"\(path)\" of shape (\(shape[0]), \(shape[1]))", span: pathSpan)
    result = .dataset(n: .known(shape[0]), d: .known(shape[1]), k: .symbol("\(declaring).k"))
    guard let labels = call.string("labels"), let labelSpan = call.spans["labels"], let y = probe.npyShape(labels) else { return result }
    guard (1...2).contains(y.count), y[0] == shape[0] else {
      error("labels \"\(labels)\" have shape (\(y.map(String.init).joined(separator: ", "))) but \"\(path)\" has \(shape[0]) rows", at: labelSpan)
      return nil
    }
    return .dataset(n: .known(shape[0]), d: .known(shape[1]), k: .known(y.count == 2 ? y[1] : 1))
  }

  private mutating func transformData(_ call: BoundCall) -> PType? {
    guard let base = call.value("data"), case .dataset(let n, let d, var k) = base.type else { return nil }
    if case .reference(let name, _) = base.kind, let symbol = lookup(name) {
      pendingFacts.origins = symbol.origins
      pendingFacts.entry = symbol.entry
    }
    guard positive(call, ["k", "classes", "norm"]) else { return nil }
    switch call.entry.name {
    case "take":
      let rows = call.dim("k", symbol: "\(declaring).n")
      if let want = rows.value, let have = n.value, want > have {
        error("take(\(want)) from a dataset of \(have) rows", at: call.spans["k"] ?? call.span, notes: [declarationNote(base)].compactMap { $0 })
        return nil
      }
      return .dataset(n: rows, d: d, k: k)
    case "one_hot": k = call.dim("classes", symbol: "\(declaring).k")
    default: break
    }
    return .dataset(n: n, d: d, k: k)
  }
}
