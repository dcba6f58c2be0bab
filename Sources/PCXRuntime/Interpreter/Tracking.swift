import PCXNumerics
import PCXSema

/// Traces a run records beyond loss, gradient norm, distance and step size, because the script
/// asks for them (`run.avg_grad_norm`, `run.lambda_min`).
extension Interpreter {
  /// The members of run `name` that the script reads anywhere.
  func requestedMembers(of name: String) -> Set<String> {
    var found = Set<String>()
    func visit(_ e: TExpr) {
      switch e.kind {
      case .member(let base, let m):
        if case .reference(let r, _) = base.kind, r == name { found.insert(m) }
        visit(base)
      case .vector(let xs), .tuple(let xs): xs.forEach(visit)
      case .unary(_, let x), .transpose(let x): visit(x)
      case .binary(_, let l, let r), .every(let l, let r): visit(l); visit(r)
      case .call(_, _, let args): args.compactMap(\.value).forEach(visit)
      case .index(let b, let i): visit(b); i.forEach(visit)
      default: break
      }
    }
    func walk(_ stmts: [TStmt]) {
      for s in stmts {
        switch s.kind {
        case .declaration(_, _, let v), .certify(_, let v): visit(v)
        case .report(let es): es.forEach(visit)
        case .plot(let e, let versus, _): visit(e); versus.map(visit)
        case .sweep(_, _, let bodies): bodies.forEach(walk)
        case .param(_, _, _, let initial): initial.map(visit)
        case .seed: break
        }
      }
    }
    walk(program.statements)
    return found
  }

  /// Trackers for the requested members of a run of objective `f`.
  func trackers(for name: String, _ f: ObjectiveValue, steps: Int) throws -> [Tracker] {
    let wanted = requestedMembers(of: name)
    var out: [Tracker] = []
    guard let loss = f.objective as? LossObjective else {
      if let m = wanted.first(where: { $0 == "avg_grad_norm" || $0 == "lambda_min" }) {
        throw RuntimeError(.argument, "run.\(m) needs a loss of a model on data; \(f.name) is an objective expression")
      }
      return []
    }
    if wanted.contains("avg_grad_norm") {
      // 004 Sec 6: ||gbar_t||, gbar_t = (1/n) sum_i grad_theta f(theta_t; x_i), at every step
      out.append(Tracker(name: "avg_grad_norm", every: 1) { point in try RSCMeasures.averageGradient(loss, point.theta).norm() })
    }
    if wanted.contains("lambda_min") {
      // 003 Def 3: lambda_min of the tangent kernel K = DF DF^T, about 100 times along the run
      let every = max(1, steps / 100)
      let limit = options.limits.maxBytes
      out.append(Tracker(name: "lambda_min", every: every) { point in try KernelSpectrum.ends(loss, point.theta, limit).low })
    }
    return out
  }
}

extension Interpreter {
  /// Which iterates a run keeps: those certificates measure on (`on: run`, `on: run every k`,
  /// or no `on:` for a certificate of the objective this run trains), thinned so that they fit
  /// a quarter of the byte limit.
  func iteratePolicy(for name: String, objective: String, steps: Int, parameters: Int) -> IteratePolicy {
    var every: Int?
    func note(_ k: Int) { every = Swift.min(every ?? k, k) }
    func visit(_ stmts: [TStmt]) {
      for s in stmts {
        switch s.kind {
        case .certify(_, let e):
          guard case .call(_, _, let args) = e.kind else { continue }
          var a: [String: TExpr] = [:]
          for arg in args { if let v = arg.value { a[arg.name] = v } }
          if let r = a["run"], case .reference(let n, _) = r.kind, n == name {
            note(1)  // rsc (004 Sec 5) checks iterates of the run it names
          } else if let on = a["on"] {
            switch on.kind {
            case .reference(let r, _) where r == name: note(1)
            case .every(let base, let k):
              if case .reference(let r, _) = base.kind, r == name { note(k.constant?.intValue ?? 1) }
            default: break
            }
          } else if let f = a["loss"] ?? a["f"], case .reference(let o, _) = f.kind, o == objective {
            note(1)
          }
        case .sweep(_, _, let bodies): bodies.forEach(visit)
        default: break
        }
      }
    }
    visit(program.statements)
    guard var k = every else { return .none }
    let budget = Swift.max(options.limits.maxBytes / 4, 1)
    let needed = Swift.max(steps / k + 1, 1) * Swift.max(parameters, 1) * 8
    if needed > budget { k *= (needed + budget - 1) / budget }
    return k == 1 ? .all : .every(k)
  }
}
