import PCXSyntax

/// The typed program as text for `pcx check --dump-typed`: every expression with its type.
public enum TypedDump {
  /// One node per line, indented, `: type` after each expression.
  public static func program(_ program: TypedProgram) -> String {
    var out = "seed \(program.seed)\n"
    for statement in program.statements { dump(statement, 0, &out) }
    return out
  }

  private static func put(_ text: String, _ indent: Int, _ out: inout String) {
    out += String(repeating: "  ", count: indent) + text + "\n"
  }

  private static func dump(_ statement: TStmt, _ indent: Int, _ out: inout String) {
    let at = "  @\(statement.span.line):\(statement.span.column)"
    switch statement.kind {
    case .seed(let value): put("seed \(value)\(at)", indent, &out)
    case .declaration(let kind, let name, let value):
      put("\(kind.rawValue) \(name): \(value.type)\(at)", indent, &out)
      dump(value, indent + 1, &out)
    case .param(let name, let type, let manifold, let initial):
      put("param \(name): \(type)\(manifold.map { " on \($0)" } ?? "")\(at)", indent, &out)
      if let initial { dump(initial, indent + 1, &out) }
    case .certify(let name, let value):
      put("certify\(name.map { " \($0)" } ?? ""): \(value.type)\(at)", indent, &out)
      dump(value, indent + 1, &out)
    case .sweep(let variable, let values, let bodies):
      put("sweep \(variable) in \(values.map(\.description).joined(separator: ", "))\(at)", indent, &out)
      for (value, body) in zip(values, bodies) {
        put("\(variable) = \(value)", indent + 1, &out)
        for inner in body { dump(inner, indent + 2, &out) }
      }
    case .report(let values):
      put("report\(at)", indent, &out)
      for value in values { dump(value, indent + 1, &out) }
    case .plot(let y, let x, let path):
      put("plot to \"\(path)\"\(at)", indent, &out)
      dump(y, indent + 1, &out)
      if let x { dump(x, indent + 1, &out) }
    }
  }

  private static func dump(_ expr: TExpr, _ indent: Int, _ out: inout String) {
    let (label, children) = describe(expr.kind)
    let constant = expr.constant.map { " = \($0)" } ?? ""
    put("\(label): \(expr.type)\(constant)", indent, &out)
    for (name, child) in children {
      if let name {
        if let child { put("\(name):", indent + 1, &out); dump(child, indent + 2, &out) } else { put("\(name): default", indent + 1, &out) }
      } else if let child {
        dump(child, indent + 1, &out)
      }
    }
  }

  private static func describe(_ kind: TExprKind) -> (String, [(String?, TExpr?)]) {
    switch kind {
    case .literal(let value): return ("literal \(value)", [])
    case .reference(let name, let kind): return ("\(kind.rawValue) \(name)", [])
    case .choice(let name): return ("choice \(name)", [])
    case .implicit(let name): return ("implicit \(name)", [])
    case .vector(let items): return ("vector", items.map { (nil, $0) })
    case .tuple(let items): return ("tuple", items.map { (nil, $0) })
    case .unary(let op, let operand): return ("unary \(op.rawValue)", [(nil, operand)])
    case .binary(let op, let a, let b): return ("binary \(op.rawValue)", [(nil, a), (nil, b)])
    case .call(let name, let kind, let arguments):
      return ("call \(name) [\(kind.rawValue)]", arguments.map { ($0.isDefault && $0.value != nil ? "\($0.name) (default)" : $0.name, $0.value) })
    case .member(let base, let name): return ("member .\(name)", [(nil, base)])
    case .index(let base, let indices): return ("index", [(nil, base)] + indices.map { (nil, $0) })
    case .transpose(let operand): return ("transpose", [(nil, operand)])
    case .every(let set, let stride): return ("every", [(nil, set), ("stride", stride)])
    case .invalid: return ("invalid", [])
    }
  }
}
