import Testing
@testable import PCXSource
@testable import PCXSyntax

/// Parses a string.
func parse(_ text: String) -> ParseResult { Parser.parse(SourceFile(name: "t.pcx", text: text)) }

/// The expression of `let e = <text>` written back fully parenthesised.
func shape(_ text: String) -> String {
  let result = parse("let e = \(text)")
  guard result.diagnostics.isEmpty, case .binding(_, _, let value)? = result.program.statements.first?.kind else {
    return "error: \(result.diagnostics.sorted.map(\.message))"
  }
  return render(value)
}

func render(_ expr: Expr) -> String {
  switch expr.kind {
  case .integer(let v): return String(v)
  case .real(let v): return String(v)
  case .boolean(let v): return String(v)
  case .string(let v): return "\"\(v)\""
  case .name(let n): return n
  case .vector(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
  case .tuple(let items): return "(" + items.map(render).joined(separator: ", ") + ")"
  case .unary(let op, let operand): return "(\(op.rawValue) \(render(operand)))"
  case .binary(let op, let a, let b): return "(\(render(a)) \(op.rawValue) \(render(b)))"
  case .call(let callee, let arguments):
    return callee.name + "(" + arguments.map { ($0.label.map { "\($0.name): " } ?? "") + render($0.value) }.joined(separator: ", ") + ")"
  case .member(let base, let member): return "\(render(base)).\(member.name)"
  case .index(let base, let indices): return "\(render(base))[" + indices.map(render).joined(separator: ", ") + "]"
  case .transpose(let operand): return "\(render(operand))'"
  case .every(let set, let stride): return "(\(render(set)) every \(render(stride)))"
  }
}

@Suite("Parser: precedence, statements, continuation, recovery")
struct ParserTests {
  @Test func precedenceFollowsTheTable() {
    #expect(shape("1 + 2 * 3") == "(1 + (2 * 3))")
    #expect(shape("-x^2") == "(- (x ^ 2))")
    #expect(shape("2^3^2") == "(2 ^ (3 ^ 2))")
    #expect(shape("a - b - c") == "((a - b) - c)")
    #expect(shape("not a < b and c or d") == "(((not (a < b)) and c) or d)")
    #expect(shape("A @ B' * 2") == "((A @ B') * 2)")
    #expect(shape("2 * x ⊗ x") == "(2 * (x ⊗ x))")
    #expect(shape("run.loss[0] + M[i, j]") == "(run.loss[0] + M[i, j])")
    #expect(shape("(x * y - 1)^2") == "(((x * y) - 1) ^ 2)")
    #expect(shape("f(a, b, name: v)") == "f(a, b, name: v)")
    #expect(shape("[[1, 0], [0, 1]]") == "[[1, 0], [0, 1]]")
    #expect(shape("(x, y)") == "(x, y)")
  }

  @Test func comparisonsDoNotChain() {
    #expect(shape("a < b < c") == "error: [\"comparisons do not chain; write \\'a < b and b < c\\'\"]")
    #expect(shape("(a < b) == c") == "((a < b) == c)")
  }

  @Test func statementsContinueInsideBracketsAndAfterOperators() {
    let result = parse("model net = mlp(in: 8,\n  hidden: [16,\n 16],\n  out: 1)\nlet x = 1 +\n  2\nreport a,\n  b\n")
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.statements.count == 3)
  }

  @Test func everySpecStatementFormParses() {
    let text = """
      seed 42
      let n = 512
      param w: vector[10] = zeros(10)
      param u: vector[4] on sphere
      data D = gaussian(n: 512, d: 64)
      objective f = (x * y - 1)^2
      train run = gd(L, lr: 0.1, steps: 3000, stop: loss < 1e-3)
      certify pl_star(L, on: run every 10)
      certify c = chatterjee(f, at: (x, y), radius: auto)
      sweep width in [64, 128, 256] {
        report width
      }
      report run.loss, run.final_loss
      plot run.loss to "loss.svg"
      plot a vs b to "f.svg"
      """
    let result = parse(text)
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.statements.count == 13)
    #expect(!result.isIncomplete)
  }

  @Test func incompleteInputIsDistinctFromErrors() {
    #expect(parse("model net = mlp(in: 8,").isIncomplete)
    #expect(parse("let x = 1 +").isIncomplete)
    #expect(parse("sweep w in [1, 2] {\n report w").isIncomplete)
    #expect(parse("let v = [1, 2").isIncomplete)
    #expect(!parse("let x = 1 + )").isIncomplete)
    #expect(!parse("let x").isIncomplete)
    #expect(!parse("let x = 1").isIncomplete)
  }

  @Test func recoveryReportsEveryStatementsError() {
    let text = """
      let a = (1 + 
      let b = 2 +* 3
      parm w: real = 1.0
      model net = mlp(in: 8 hidden: [16])
      sweep w in [1] { report ) }
      plot x into "a.svg"
      let ok = 1
      """
    let result = parse(text)
    let lines = result.diagnostics.sorted.map(\.span.line)
    #expect(lines == [1, 2, 3, 4, 5, 6])
    #expect(result.program.statements.count == 7)
    let messages = result.diagnostics.sorted.map(\.message)
    #expect(messages[2] == "expected a declaration (seed, let, param, data, model, loss, objective, train, certify, sweep, report, plot), found 'parm'; did you mean 'param'?")
    #expect(messages[0] == "expected an expression after '+'")
    #expect(messages[3] == "expected ')' or ',', found 'hidden'")
  }

  @Test func invalidStatementsRememberTheirName() {
    let result = parse("model net = mlp(in: 8 hidden: [16])\n")
    guard case .invalid(let name)? = result.program.statements.first?.kind else {
      Issue.record("expected an invalid statement")
      return
    }
    #expect(name?.name == "net")
  }

  @Test func positionalAfterNamedIsAnError() {
    let result = parse("let a = f(x: 1, 2)")
    #expect(result.diagnostics.sorted.map(\.message) == ["positional argument after a named one; put positional arguments first"])
  }

  @Test func dumpsShowTokensAndTree() {
    let result = parse("let x = 1 + y")
    #expect(SyntaxDump.tokens(result.tokens).hasPrefix("1:1\tname\tlet\n1:5\tname\tx\n1:7\t'='\n"))
    #expect(SyntaxDump.program(result.program) == "let x  @1:1\n  binary +  @1:9\n    int 1  @1:9\n    name y  @1:13\n")
  }
}
