import PCXNumerics
import PCXSema
import PCXSource

/// The arguments of a checked catalog call, read by parameter name as typed values. The checker
/// resolved the call against its catalog entry and checked each argument's type; a parameter the
/// script left out takes the entry's typed default from the catalog — the only place a default is
/// written. A value the checker could not see (a computed `let`) is checked where it is read, and
/// every error about a value points at the argument (`error(_:_:)`).
struct CallArguments: Sendable {
  /// The catalog entry the call resolved to.
  let entry: CatalogEntry
  /// The call's span (errors about a missing or contextual argument point here).
  let span: SourceSpan
  /// The environment arguments are evaluated in.
  let env: Environment
  /// The declaration being built (random constants in arguments draw from its stream).
  let declaration: String
  private let given: [String: TExpr]

  /// The arguments of `call` (a checked `.call` expression) against `entry`.
  init(_ call: TExpr, entry: CatalogEntry, env: Environment, declaration: String) {
    var given: [String: TExpr] = [:]
    if case .call(_, _, let arguments) = call.kind {
      for a in arguments { if let v = a.value { given[a.name] = v } }
    }
    self.entry = entry
    self.span = call.span
    self.env = env
    self.declaration = declaration
    self.given = given
  }

  /// The expression written for a parameter, nil when the script left it out.
  func expression(_ name: String) -> TExpr? { given[name] }

  /// Whether the script gave the argument.
  func has(_ name: String) -> Bool { given[name] != nil }

  /// An error about the argument `name`, pointing at it (or at the call when it was left out).
  func error(_ name: String, _ message: String, hint: String? = nil, kind: RuntimeError.Kind = .argument) -> RuntimeError {
    RuntimeError(kind, message, hint: hint, at: given[name]?.span ?? span)
  }

  /// The value of an argument, or of its catalog default when it is a number, bool, string or
  /// list; nil when the default is contextual (the entry decides what absence means).
  func value(_ name: String) throws -> Value? {
    if let e = given[name] { return try evaluated(name, e) }
    guard let parameter = entry.parameter(named: name) else { throw unknown(name) }
    switch parameter.defaultValue {
    case .value(let c): return env.constant(c)
    case .choice(let c): return .choice(c)
    case .contextual: return nil
    case .required:
      throw RuntimeError(.internal, "\(entry.name) was called without its required argument '\(name)'; the checker should have reported it", at: span)
    }
  }

  /// A number (ints convert).
  func real(_ name: String) throws -> Double {
    guard let x = try optionalReal(name) else { throw missing(name, "a number") }
    return x
  }

  /// A number, nil when absent with a contextual default.
  func optionalReal(_ name: String) throws -> Double? {
    if let c = given[name]?.constant?.realValue { return c }
    guard let v = try value(name) else { return nil }
    guard let x = v.number else { throw error(name, "\(name): expected a number, found \(v.kindName)") }
    return x
  }

  /// An integer (a whole real converts).
  func int(_ name: String) throws -> Int {
    guard let i = try optionalInt(name) else { throw missing(name, "an integer") }
    return i
  }

  /// An integer, nil when absent with a contextual default.
  func optionalInt(_ name: String) throws -> Int? {
    if let c = given[name]?.constant?.intValue { return c }
    switch try value(name) {
    case nil: return nil
    case .int(let i)?: return i
    case .number(let x)? where x == x.rounded() && Swift.abs(x) < 1e15: return Int(x)
    case let v?: throw error(name, "\(name): expected an integer, found \(v.number.map { String($0) } ?? v.kindName)")
    }
  }

  /// true or false.
  func bool(_ name: String) throws -> Bool {
    guard case .bool(let b)? = try value(name) else { throw missing(name, "true or false") }
    return b
  }

  /// A string.
  func string(_ name: String) throws -> String {
    guard case .string(let s)? = try value(name) else { throw missing(name, "a string") }
    return s
  }

  /// An enumerator written as a bare name (`tanh`, `ntk`), nil when absent without a default.
  func choice(_ name: String) throws -> String? {
    guard let v = try value(name) else { return nil }
    guard case .choice(let c) = v else { return nil }
    return c
  }

  /// A number or one of the names of a `realOr` parameter (`lr: theorem`, `radius: auto`).
  func numberOrName(_ name: String) throws -> NumberOrName? {
    switch try value(name) {
    case nil: return nil
    case .choice(let c)?: return .name(c)
    case let v?:
      guard let x = v.number else { throw error(name, "\(name): expected a number, found \(v.kindName)") }
      return .number(x)
    }
  }

  /// A claimed constant: the number of `mu: 0.5`, nil for `auto` or absent.
  func claim(_ name: String) throws -> Double? {
    if case .number(let x)? = try numberOrName(name) { return x }
    return nil
  }

  /// A list of integers (`hidden: [256, 256]`).
  func intList(_ name: String) throws -> [Int] {
    guard let v = try value(name) else { throw missing(name, "a list of integers") }
    if case .list(let items)? = given[name]?.constant { return items.compactMap(\.intValue) }
    guard let t = v.tensor else { throw error(name, "\(name): expected a list of integers") }
    return t.scalars.map { Int($0) }
  }

  /// A numeric value as a tensor.
  func tensor(_ name: String) throws -> Tensor {
    guard let t = try value(name)?.tensor else { throw missing(name, "numbers") }
    return t
  }

  private func evaluated(_ name: String, _ e: TExpr) throws -> Value {
    do {
      if case .literal(.string(let s)) = e.kind { return .string(s) }
      if case .literal(.bool(let b)) = e.kind { return .bool(b) }
      return try env.evaluate(e, declaration: declaration)
    } catch let error as RuntimeError {
      throw error.at(e.span)
    }
  }

  private func missing(_ name: String, _ what: String) -> RuntimeError {
    error(name, "\(entry.name) needs \(name): \(what)")
  }

  private func unknown(_ name: String) -> RuntimeError {
    RuntimeError(.internal, "\(entry.name) has no parameter '\(name)' in the catalog", at: span)
  }
}

/// A `realOr` argument: a number, or one of its names (`theorem`, `auto`).
enum NumberOrName: Sendable, Equatable {
  case number(Double)
  case name(String)
}

extension Environment {
  /// A constant of the catalog or a sweep as a runtime value.
  func constant(_ c: ConstValue) -> Value {
    switch c {
    case .int(let i): return .int(i)
    case .real(let x): return .number(x)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .list: return Compiler.tensorConstant(c).map(Value.tensor) ?? .string(c.description)
    }
  }
}

extension TExpr {
  /// Whether it is an enumerator written as a bare name (`tanh`, `auto`).
  var isChoice: Bool { if case .choice = kind { return true } else { return false } }
  /// The function a call names (`chatterjee` in `chatterjee(f, ...)`), else "".
  var calleeName: String {
    if case .call(let fn, _, _) = kind { return fn }
    return ""
  }
}
