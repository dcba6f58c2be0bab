import Foundation
import PCXNumerics
import PCXSema
import PCXSource

/// `report`, `plot` and `certify`.
extension Interpreter {
  mutating func report(_ e: TExpr) throws {
    let value = try env.evaluate(e)
    experiment.reports.append(ReportItem(expression: text(e.span), key: env.key, value: value))
  }

  /// `plot trace to "f.svg"` draws a trace against steps; inside a sweep each value adds a
  /// series. `plot a vs b to "f.svg"` draws a against b; inside a sweep each value adds a point.
  /// `plot c to "c.svg"` draws certificate c's region over a grid (001 Figure 1).
  mutating func plot(_ e: TExpr, versus: TExpr?, path: String) throws {
    if versus == nil, case .certificate(let request) = try env.evaluate(e) {
      let field = try regionPlot(request)
      // one picture per file: inside a sweep the last value's region is the one drawn
      experiment.apply(.field(path: path, field))
      return
    }
    let label = key.isEmpty ? text(e.span) : key
    var series: (name: String, x: [Double], y: [Double])
    if let versus {
      guard let y = try env.evaluate(e).number ?? nil, let x = try env.evaluate(versus).number ?? nil else {
        // two traces against each other
        guard case .trace(_, let ys) = try env.evaluate(e), case .trace(_, let xs) = try env.evaluate(versus) else {
          throw RuntimeError(.argument, "'plot a vs b' needs two numbers (one point per sweep value) or two traces")
        }
        let n = Swift.min(xs.count, ys.count)
        series = (label, Array(xs.prefix(n)), Array(ys.prefix(n)))
        return addSeries(series, path: path, e: e, versus: versus, points: false)
      }
      series = (text(e.span), [x], [y])
      return addSeries(series, path: path, e: e, versus: versus, points: true)
    }
    guard case .trace(let steps, let values) = try env.evaluate(e) else {
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

  /// `certify [name =] certificate(...)`: the registry's certificate measures it in a context of
  /// values; its record and follow-up are kept with the request.
  mutating func certify(_ binding: String?, _ e: TExpr, _ span: SourceSpan) throws {
    guard case .call(let fn, _, _) = e.kind, let certificate = Registry.certificate(fn) else {
      throw RuntimeError(.argument, "certify needs a certificate call", at: e.span)
    }
    let name = binding ?? fn
    let context = CertificateContext(
      name: name, arguments: CallArguments(e, entry: certificate.entry, env: env, declaration: name), env: env,
      runs: experiment.runs, limits: options.limits, isCancelled: isCancelled)
    let start = Date()
    let outcome: CertificateOutcome
    do {
      outcome = try certificate.evaluate(context)
    } catch is CertificateCancelled {
      wasCancelled = true  // the script stops here, as it does between statements
      return
    }
    var record = outcome.record
    record.name = fn
    record.binding = binding
    record.key = keyObject(env.key)
    record.timing = Timing(seconds: Date().timeIntervalSince(start))
    let request = CertificateRequest(name: fn, binding: binding, key: env.key, span: span, outcome: record,
                                     followUp: outcome.followUp)
    experiment.certificates.append(request)
    if let binding { env.values[binding] = .certificate(request) }
  }
}
