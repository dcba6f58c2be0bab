import PCXNumerics
import PCXSema
import PCXSource

/// `report`, `plot` and `certify`.
extension Interpreter {
  mutating func report(_ e: TExpr) throws {
    let value = try evaluate(e)
    experiment.reports.append(ReportItem(expression: text(e.span), key: env.key, value: value))
  }

  /// `plot trace to "f.svg"` draws a trace against steps; inside a sweep each value adds a
  /// series. `plot a vs b to "f.svg"` draws a against b; inside a sweep each value adds a point.
  /// `plot c to "c.svg"` draws certificate c's region over a grid (001 Figure 1).
  mutating func plot(_ e: TExpr, versus: TExpr?, path: String) throws {
    if versus == nil, case .certificate(let request) = try evaluate(e) {
      let field = try regionPlot(request)
      // one picture per file: inside a sweep the last value's region is the one drawn
      experiment.apply(.field(path: path, field))
      return
    }
    let label = key.isEmpty ? text(e.span) : key
    var series: (name: String, x: [Double], y: [Double])
    if let versus {
      guard let y = try evaluate(e).number ?? nil, let x = try evaluate(versus).number ?? nil else {
        // two traces against each other
        guard case .trace(_, let ys) = try evaluate(e), case .trace(_, let xs) = try evaluate(versus) else {
          throw RuntimeError(.argument, "'plot a vs b' needs two numbers (one point per sweep value) or two traces")
        }
        let n = Swift.min(xs.count, ys.count)
        series = (label, Array(xs.prefix(n)), Array(ys.prefix(n)))
        return addSeries(series, path: path, e: e, versus: versus, points: false)
      }
      series = (text(e.span), [x], [y])
      return addSeries(series, path: path, e: e, versus: versus, points: true)
    }
    guard case .trace(let steps, let values) = try evaluate(e) else {
      throw RuntimeError(.argument, "plot draws a trace (such as run.loss) or 'a vs b'")
    }
    series = (label, steps.map(Double.init), values)
    addSeries(series, path: path, e: e, versus: nil, points: false)
  }

  /// The sweep key as text (`width=64`), or "" outside sweeps.
  var key: String { SweepPlan.label(env.key) }

  mutating func addSeries(
    _ s: (name: String, x: [Double], y: [Double]), path: String, e: TExpr, versus: TExpr?, points: Bool
  ) {
    experiment.apply(.series(
      path: path, title: text(e.span), xLabel: versus.map { text($0.span) } ?? "step", yLabel: text(e.span),
      versus: versus != nil, extendsLast: points, name: s.name, x: s.x, y: s.y))
  }

  /// Certificates are measured by the certificate engine (issue 5); this version records the
  /// request so that reports and JSON say plainly that it was not evaluated.
  mutating func certify(_ binding: String?, _ e: TExpr, _ span: SourceSpan) throws {
    guard case .call(let fn, _, _) = e.kind else { throw RuntimeError(.argument, "certify needs a certificate call") }
    var request = CertificateRequest(name: fn, binding: binding, key: env.key, span: span)
    pendingFollowUp = nil
    do {
      request.outcome = try evaluateCertificate(fn, e, binding: binding)
    } catch is CertificateCancelled {
      wasCancelled = true  // the script stops here, as it does between statements
      return
    }
    request.followUp = pendingFollowUp
    pendingFollowUp = nil
    experiment.certificates.append(request)
    if let binding { env.values[binding] = .certificate(request) }
  }
}
