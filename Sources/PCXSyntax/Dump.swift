import PCXSource

/// Text views of the syntax stages for `pcx check --dump-tokens` and `--dump-ast`.
public enum SyntaxDump {
  /// One token per line: `line:col kind text`.
  public static func tokens(_ tokens: [Token]) -> String {
    var out = ""
    for token in tokens {
      out += "\(token.span.line):\(token.span.column)\t\(token.kind)"
      if [.identifier, .integer, .real].contains(token.kind) { out += "\t\(token.text)" }
      if token.kind == .string { out += "\t\(quote(token.text))" }
      out += "\n"
    }
    return out
  }

  /// The program as an indented tree, one node per line with its `line:col`.
  public static func program(_ program: Program) -> String {
    var out = ""
    for statement in program.statements { dump(statement, indent: 0, into: &out) }
    return out
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }

  private static func line(_ text: String, _ span: SourceSpan, _ indent: Int, _ out: inout String) {
    out += String(repeating: "  ", count: indent) + text + "  @\(span.line):\(span.column)\n"
  }

  private static func dump(_ statement: Stmt, indent: Int, into out: inout String) {
    let span = statement.span
    switch statement.kind {
    case .seed(let value):
      line("seed", span, indent, &out)
      dump(value, indent: indent + 1, into: &out)
    case .binding(let keyword, let name, let value):
      line("\(keyword.rawValue) \(name.name)", span, indent, &out)
      dump(value, indent: indent + 1, into: &out)
    case .param(let param):
      let dims = param.type.dimensions.isEmpty ? "" : "[\(param.type.dimensions.count) dims]"
      let manifold = param.manifold.map { " on \($0.name)" } ?? ""
      line("param \(param.name.name): \(param.type.name.name)\(dims)\(manifold)", span, indent, &out)
      for dimension in param.type.dimensions { dump(dimension, indent: indent + 2, into: &out) }
      if let initial = param.initial { dump(initial, indent: indent + 1, into: &out) }
    case .certify(let name, let value):
      line("certify" + (name.map { " \($0.name) =" } ?? ""), span, indent, &out)
      dump(value, indent: indent + 1, into: &out)
    case .sweep(let variable, let values, let body):
      line("sweep \(variable.name)", span, indent, &out)
      dump(values, indent: indent + 1, into: &out)
      for inner in body { dump(inner, indent: indent + 1, into: &out) }
    case .report(let values):
      line("report", span, indent, &out)
      for value in values { dump(value, indent: indent + 1, into: &out) }
    case .plot(let y, let x, let path):
      line("plot", span, indent, &out)
      dump(y, indent: indent + 1, into: &out)
      if let x { line("vs", x.span, indent + 1, &out); dump(x, indent: indent + 2, into: &out) }
      dump(path, indent: indent + 1, into: &out)
    case .invalid(let name):
      line("invalid" + (name.map { " (declares \($0.name))" } ?? ""), span, indent, &out)
    }
  }

  private static func dump(_ expr: Expr, indent: Int, into out: inout String) {
    let (label, children) = describe(expr.kind)
    line(label, expr.span, indent, &out)
    for (name, child) in children {
      if let name { line(name + ":", child.span, indent + 1, &out) }
      dump(child, indent: indent + (name == nil ? 1 : 2), into: &out)
    }
  }

  private static func describe(_ kind: ExprKind) -> (String, [(String?, Expr)]) {
    switch kind {
    case .integer(let value): return ("int \(value)", [])
    case .real(let value): return ("real \(value)", [])
    case .boolean(let value): return ("bool \(value)", [])
    case .string(let value): return ("string \(quote(value))", [])
    case .name(let name): return ("name \(name)", [])
    case .vector(let items): return ("vector", items.map { (nil, $0) })
    case .tuple(let items): return ("tuple", items.map { (nil, $0) })
    case .unary(let op, let operand): return ("unary \(op.rawValue)", [(nil, operand)])
    case .binary(let op, let left, let right): return ("binary \(op.rawValue)", [(nil, left), (nil, right)])
    case .call(let callee, let arguments):
      return ("call \(callee.name)", arguments.map { ($0.label?.name, $0.value) })
    case .member(let base, let member): return ("member .\(member.name)", [(nil, base)])
    case .index(let base, let indices): return ("index", [(nil, base)] + indices.map { (nil, $0) })
    case .transpose(let operand): return ("transpose", [(nil, operand)])
    case .every(let set, let stride): return ("every", [(nil, set), ("stride", stride)])
    }
  }
}
