import PCXSource
import PCXSyntax

/// Where an expression appears, which decides what its names may mean.
enum Context: Equatable {
  /// An argument, report or initial value: params mean their initial values.
  case value
  /// A `let`, dimension, seed or sweep list: must not depend on params.
  case letValue
  /// An objective's body: params are its variables.
  case objective
  /// `stop:` conditions: run metrics are names.
  case stopRule
  /// A label expression: `x` is the row.
  case row(Dim)
}

/// Run metrics a `stop:` rule may test (SPEC 4.4).
let stopMetrics: [String: PType] = ["loss": .real, "grad_norm": .real, "step": .int, "time": .real, "distance": .real]

extension Checker {
  /// Checks an expression, returning its typed form (type `.error` after a reported error).
  mutating func checkExpr(_ expr: Expr, _ context: Context) -> TExpr {
    let span = expr.span
    switch expr.kind {
    case .integer(let v): return TExpr(.literal(.int(v)), .int, span, constant: .int(v))
    case .real(let v): return TExpr(.literal(.real(v)), .real, span, constant: .real(v))
    case .boolean(let v): return TExpr(.literal(.bool(v)), .bool, span, constant: .bool(v))
    case .string(let v): return TExpr(.literal(.string(v)), .string, span, constant: .string(v))
    case .name(let name): return checkName(name, span, context)
    case .vector(let items): return checkVector(items, span, context)
    case .tuple(let items):
      let typed = items.map { checkExpr($0, context) }
      if typed.contains(where: { $0.type == .error }) { return TExpr(.invalid, .error, span) }
      return TExpr(.tuple(typed), .tuple(typed.map(\.type)), span)
    case .unary(let op, let operand): return checkUnary(op, checkExpr(operand, context), span)
    case .binary(let op, let left, let right):
      return checkBinary(op, checkExpr(left, context), checkExpr(right, context), span)
    case .call(let callee, let arguments): return checkCall(callee, arguments, span, context, expected: nil)
    case .member(let base, let member): return checkMember(checkExpr(base, context), member, span)
    case .index(let base, let indices):
      return checkIndex(checkExpr(base, context), indices.map { checkExpr($0, context) }, span)
    case .transpose(let operand): return checkTranspose(checkExpr(operand, context), span)
    case .every:
      error("'every' selects iterates of a run in 'on:', as in on: run every 10", at: span)
      return TExpr(.invalid, .error, span)
    }
  }

  private mutating func checkName(_ name: String, _ span: SourceSpan, _ context: Context) -> TExpr {
    if context == .stopRule, let type = stopMetrics[name] { return TExpr(.implicit(name), type, span) }
    if case .row(let d) = context, name == "x" { return TExpr(.implicit("x"), .vector(d), span) }
    guard let symbol = lookup(name) else {
      var candidates = visibleNames
      if context == .stopRule { candidates += stopMetrics.keys }
      if !catalog.entries(named: name).isEmpty {
        error("'\(name)' is a catalog function; call it, as in \(name)(...)", at: span)
      } else if context == .stopRule, lookup(name) == nil {
        error("unknown name '\(name)' in a stop rule\(Suggestions.didYouMean(name, among: candidates)) (a stop rule tests loss, grad_norm, step, time or distance)", at: span)
      } else {
        error("unknown name '\(name)'\(Suggestions.didYouMean(name, among: candidates))", at: span)
      }
      return TExpr(.invalid, .error, span)
    }
    if symbol.type == .error { return TExpr(.invalid, .error, span) }
    if symbol.kind == .param {
      if context == .letValue {
        error("'\(name)' is a param, so it cannot fix a constant; use 'objective' for expressions of params", at: span,
          notes: [Note("'\(name)' is declared here", at: symbol.span)])
        return TExpr(.invalid, .error, span)
      }
      usedParams.insert(name)
    }
    return TExpr(.reference(name, symbol.kind), symbol.type, span, constant: symbol.constant)
  }

  /// `[a, b]`: scalars make a vector, equal-length vectors a matrix, and so on.
  private mutating func checkVector(_ items: [Expr], _ span: SourceSpan, _ context: Context) -> TExpr {
    let typed = items.map { checkExpr($0, context) }
    if typed.contains(where: { $0.type == .error }) { return TExpr(.invalid, .error, span) }
    let constants = typed.compactMap(\.constant)
    let constant: ConstValue? = constants.count == typed.count ? .list(constants) : nil
    guard let first = typed.first else { return TExpr(.vector([]), .vector(.known(0)), span, constant: .list([])) }
    if typed.allSatisfy({ $0.type == .string }) {
      return TExpr(.vector(typed), .vector(.known(typed.count)), span, constant: constant)
    }
    guard let inner = first.type.shape else {
      error("a vector holds numbers, vectors or strings, found \(first.type)", at: first.span)
      return TExpr(.invalid, .error, span)
    }
    for (index, item) in typed.enumerated().dropFirst() {
      guard let shape = item.type.shape, shape.count == inner.count,
        zip(shape, inner).allSatisfy({ $0.compatible(with: $1) })
      else {
        error("entries of a vector must have the same shape: entry 1 is \(first.type), entry \(index + 1) is \(item.type)", at: item.span)
        return TExpr(.invalid, .error, span)
      }
    }
    let allInt = inner.isEmpty && typed.allSatisfy { $0.type == .int }
    let type = PType.numeric([.known(typed.count)] + inner)
    return TExpr(.vector(typed), allInt ? .vector(.known(typed.count)) : type, span, constant: constant)
  }

  private mutating func checkUnary(_ op: UnaryOperator, _ operand: TExpr, _ span: SourceSpan) -> TExpr {
    guard operand.type != .error else { return TExpr(.invalid, .error, span) }
    switch op {
    case .not:
      guard operand.type == .bool else {
        error("'not' needs a bool, found \(operand.type)", at: operand.span)
        return TExpr(.invalid, .error, span)
      }
      let constant: ConstValue? = operand.constant.flatMap { if case .bool(let b) = $0 { return .bool(!b) } else { return nil } }
      return TExpr(.unary(op, operand), .bool, span, constant: constant)
    case .negate:
      guard operand.type.shape != nil || operand.type == .trace else {
        error("cannot negate \(operand.type)", at: operand.span)
        return TExpr(.invalid, .error, span)
      }
      let constant: ConstValue? = operand.constant.flatMap {
        if case .int(let v) = $0 { return .int(0 &- v) }
        return $0.realValue.map { .real(-$0) }
      }
      return TExpr(.unary(op, operand), operand.type, span, constant: constant)
    }
  }

  private mutating func checkMember(_ base: TExpr, _ member: Identifier, _ span: SourceSpan) -> TExpr {
    guard base.type != .error else { return TExpr(.invalid, .error, span) }
    let (category, table) = memberTable(base.type)
    guard let table else {
      error("\(base.type) has no members", at: member.span)
      return TExpr(.invalid, .error, span)
    }
    guard let (type, constant) = table[member.name] else {
      error("\(category) has no member '\(member.name)'\(Suggestions.didYouMean(member.name, among: table.keys)) (members: \(table.keys.sorted().joined(separator: ", ")))", at: member.span)
      return TExpr(.invalid, .error, span)
    }
    return TExpr(.member(base, member.name), type, span, constant: constant)
  }

  /// Members of a type: runs, certificates and traces from the catalog; datasets and models
  /// expose their sizes (constants when known, so `mlp(in: D.d, ...)` works).
  private func memberTable(_ type: PType) -> (String, [String: (PType, ConstValue?)]?) {
    func size(_ dim: Dim) -> (PType, ConstValue?) { (.int, dim.value.map { .int($0) }) }
    switch type {
    case .dataset(let n, let d, let k): return ("a dataset", ["n": size(n), "d": size(d), "k": size(k)])
    case .model(let d, let k, let p): return ("a model", ["in": size(d), "out": size(k), "params": size(p)])
    case .run: return ("a run", runMembers)
    case .certificate: return ("a certificate", certificateMembers)
    case .trace: return ("a trace", traceMembers)
    default: return (type.description, nil)
    }
  }

  private mutating func checkIndex(_ base: TExpr, _ indices: [TExpr], _ span: SourceSpan) -> TExpr {
    guard base.type != .error, !indices.contains(where: { $0.type == .error }) else { return TExpr(.invalid, .error, span) }
    for index in indices where index.type != .int {
      error("an index must be an int, found \(index.type)", at: index.span)
      return TExpr(.invalid, .error, span)
    }
    if base.type == .trace, indices.count == 1 { return TExpr(.index(base, indices), .real, span) }
    guard let shape = base.type.shape, !shape.isEmpty else {
      error("\(base.type) cannot be indexed", at: base.span)
      return TExpr(.invalid, .error, span)
    }
    guard indices.count <= shape.count else {
      error("\(base.type) takes at most \(shape.count) index\(shape.count == 1 ? "" : "es"), found \(indices.count)", at: span)
      return TExpr(.invalid, .error, span)
    }
    for (index, dim) in zip(indices, shape) {
      if let i = index.constant?.intValue, let n = dim.value, i < 0 || i >= n {
        error("index \(i) is out of range for \(base.type) (indices run from 0 to \(n - 1))", at: index.span)
        return TExpr(.invalid, .error, span)
      }
    }
    return TExpr(.index(base, indices), PType.numeric(Array(shape.dropFirst(indices.count))), span)
  }

  private mutating func checkTranspose(_ operand: TExpr, _ span: SourceSpan) -> TExpr {
    switch operand.type {
    case .error: return TExpr(.invalid, .error, span)
    case .matrix(let m, let n): return TExpr(.transpose(operand), .matrix(n, m), span)
    case .vector, .int, .real: return TExpr(.transpose(operand), operand.type, span)
    default:
      error("transpose needs a matrix or vector, found \(operand.type)", at: operand.span)
      return TExpr(.invalid, .error, span)
    }
  }

  private var runMembers: [String: (PType, ConstValue?)]? { catalog.memberTypes["run"]?.mapValues { ($0, ConstValue?.none) } }
  private var certificateMembers: [String: (PType, ConstValue?)]? { catalog.memberTypes["certificate"]?.mapValues { ($0, ConstValue?.none) } }
  private var traceMembers: [String: (PType, ConstValue?)]? { catalog.memberTypes["trace"]?.mapValues { ($0, ConstValue?.none) } }

  /// A note pointing at the declaration of a referenced name, saying its type.
  func declarationNote(_ expr: TExpr) -> Note? {
    guard case .reference(let name, _) = expr.kind, let symbol = lookup(name) else { return nil }
    if let origin = symbol.origins["shape"] { return Note("'\(name)' is \(origin.text) here", at: origin.span) }
    return Note("'\(name)' is \(symbol.type), declared here", at: symbol.span)
  }
}
