import PCXSource
import PCXSyntax

/// What a shape rule gives for a call: its type, and the facts the declaration that binds
/// the call records (its entry, where its widths were fixed, ...).
typealias Ruled = (type: PType, facts: Facts)

extension Checker {
  /// Applies an entry's shape rule to its bound arguments: the result type and facts, and the
  /// shape checks that rule owns. Returns nil after reporting an error.
  mutating func apply(_ rule: ShapeRule, _ call: inout BoundCall) -> Ruled? {
    func plain(_ type: PType?) -> Ruled? { type.map { ($0, Facts()) } }
    switch rule {
    case .fixed(let type): return (type, Facts())
    case .syntheticData: return syntheticData(call)
    case .csvData: return csvData(call)
    case .npyData: return npyData(call)
    case .transformData: return transformData(call)
    case .mlp: return mlp(call)
    case .linearNet: return linearNet(call)
    case .singleNeuron:
      let d = call.dim("in", symbol: "\(declaring).in")
      var facts = Facts(entry: call.entry.name)
      if let origin = call.origin("in") { facts.origins["d"] = origin }
      return (.model(d: d, k: .known(1), p: d), facts)
    case .loss: return loss(call)
    case .optimizer: return optimizer(call)
    case .certificate: return certificate(call)
    case .set: return plain(positive(call, ["radius", "samples", "n"]) ? .pointSet : nil)
    case .labels: return (.labels, Facts())
    case .filled, .identity, .squareMatrix, .orthogonalTensor, .outer: return plain(constructed(rule, call))
    case .sameAsFirst: return plain(sameAsFirst(call))
    case .reduction: return plain(reduction(call))
    case .load: return plain(load(call))
    }
  }

  /// Reports non-positive constant sizes among `names`.
  mutating func positive(_ call: BoundCall, _ names: [String]) -> Bool {
    for name in names {
      if let value = call.real(name), value <= 0, let span = call.spans[name] {
        error(.notPositive(name, of: call.entry.name, found: call.values[name]?.constant, at: span))
        return false
      }
    }
    return true
  }

  private mutating func syntheticData(_ call: BoundCall) -> Ruled? {
    guard positive(call, ["n", "d", "k", "radius"]) else { return nil }
    let n = call.dim("n", symbol: "\(declaring).n")
    let d = call.dim("d", symbol: "\(declaring).d")
    if call.entry.name == "independent", let rows = n.value, let width = d.value, width < rows {
      error(.independentNeedsWide(rows: rows, width: width, at: call.span))
      return nil
    }
    if case .call(name: "teacher", _, let arguments)? = call.value("labels")?.kind,
      let teacher = arguments.first?.value, case .model(let teacherIn, _, _) = teacher.type, !teacherIn.compatible(with: d)
    {
      error(.teacherWidth(teacherIn, data: d, at: teacher.span, notes: [declarationNote(teacher)].compactMap { $0 }))
      return nil
    }
    var facts = Facts(entry: call.entry.name)
    if let origin = call.origin("d") { facts.origins["d"] = origin }
    return (.dataset(n: n, d: d, k: call.dim("k", symbol: "\(declaring).k")), facts)
  }

  private mutating func csvData(_ call: BoundCall) -> Ruled? {
    var facts = Facts(entry: "csv")
    let unknown = PType.dataset(n: .symbol("\(declaring).n"), d: .symbol("\(declaring).d"), k: .known(1))
    guard let path = call.string("path"), let header = probe.csvHeader(path), let pathSpan = call.spans["path"] else {
      return (unknown, facts)
    }
    if let label = call.string("label"), !header.contains(label) {
      error(.csvNoColumn(path, label, header: header, at: call.spans["label"] ?? pathSpan))
      return nil
    }
    guard header.count >= 2 else {
      error(.csvTooFewColumns(path, count: header.count, at: pathSpan))
      return nil
    }
    facts.origins["d"] = .csvColumns(path, header.count, at: pathSpan)
    return (.dataset(n: .symbol("\(declaring).n"), d: .known(header.count - 1), k: .known(1)), facts)
  }

  private mutating func npyData(_ call: BoundCall) -> Ruled? {
    var facts = Facts(entry: "npy")
    let unknown = PType.dataset(n: .symbol("\(declaring).n"), d: .symbol("\(declaring).d"), k: .symbol("\(declaring).k"))
    guard let path = call.string("path"), let pathSpan = call.spans["path"], let shape = probe.npyShape(path) else {
      return (unknown, facts)
    }
    guard shape.count == 2 else {
      error(.npyNotMatrix(path, shape: shape, at: pathSpan))
      return nil
    }
    facts.origins["d"] = .npyShape(path, rows: shape[0], columns: shape[1], at: pathSpan)
    let features = PType.dataset(n: .known(shape[0]), d: .known(shape[1]), k: .symbol("\(declaring).k"))
    guard let labels = call.string("labels"), let labelSpan = call.spans["labels"], let y = probe.npyShape(labels) else {
      return (features, facts)
    }
    guard (1...2).contains(y.count), y[0] == shape[0] else {
      error(.npyLabelRows(labels, shape: y, features: path, rows: shape[0], at: labelSpan))
      return nil
    }
    return (.dataset(n: .known(shape[0]), d: .known(shape[1]), k: .known(y.count == 2 ? y[1] : 1)), facts)
  }

  /// take, standardize, normalize_rows, one_hot: the base dataset's shape (rows or labels
  /// changed) and its facts, from its declaration or from the call written in its place.
  private mutating func transformData(_ call: BoundCall) -> Ruled? {
    guard let base = call.value("data"), case .dataset(let n, let d, var k) = base.type else { return nil }
    var facts = call.facts["data"] ?? Facts()
    if case .reference(let name, _) = base.kind, let symbol = lookup(name) {
      facts = Facts(entry: symbol.entry, origins: symbol.origins)
    }
    guard positive(call, ["k", "classes", "norm"]) else { return nil }
    switch call.entry.name {
    case "take":
      let rows = call.dim("k", symbol: "\(declaring).n")
      if let want = rows.value, let have = n.value, want > have {
        error(.takeTooMany(want, rows: have, at: call.spans["k"] ?? call.span, notes: [declarationNote(base)].compactMap { $0 }))
        return nil
      }
      return (.dataset(n: rows, d: d, k: k), facts)
    case "one_hot": k = call.dim("classes", symbol: "\(declaring).k")
    default: break
    }
    return (.dataset(n: n, d: d, k: k), facts)
  }
}
