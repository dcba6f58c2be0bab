// The changes `plot` statements make to an experiment's plots, as values. A serial run applies
// them as they come; when sweep points run apart (`pcx run --jobs`, shards, Slurm) each point
// keeps its own, and `gather` replays every point's changes in script order, between those of the
// statements outside the sweeps, so the merged plots are the serial run's, series for series.

/// One change a `plot` statement makes to the plots of an experiment.
public enum PlotOp: Sendable, Equatable {
  /// Adds the series `name` (x, y) to the plot at `path`, creating the plot with these labels
  /// when it is the first; with `extendsLast` (a sweep's `plot a vs b`, one point per value) the
  /// points are appended to the plot's last series instead.
  case series(
    path: String, title: String, xLabel: String, yLabel: String, versus: Bool, extendsLast: Bool,
    name: String, x: [Double], y: [Double])
  /// Replaces the plot at `path` by a 2-D picture (one picture per file: the last one drawn wins).
  case field(path: String, FieldPlot)

  /// The plot file the change is for.
  public var path: String {
    switch self {
    case .series(let path, _, _, _, _, _, _, _, _), .field(let path, _): return path
    }
  }
}

extension Experiment {
  /// Applies a plot change, logging it when the log is kept.
  mutating func apply(_ op: PlotOp) {
    plotLog?.append(op)
    plots.apply(op)
  }
}

extension Array where Element == PlotRequest {
  /// The plots after `op`: the one place the accumulation rule of `plot` is written.
  public mutating func apply(_ op: PlotOp) {
    switch op {
    case .field(let path, let field):
      removeAll { $0.path == path }
      append(PlotRequest(path: path, title: field.title, series: [], xLabel: field.xLabel,
                         yLabel: field.yLabel, versus: false, field: field))
    case .series(let path, let title, let xLabel, let yLabel, let versus, let extendsLast, let name, let x, let y):
      guard let k = firstIndex(where: { $0.path == path }) else {
        append(PlotRequest(path: path, title: title, series: [(name, x, y)], xLabel: xLabel, yLabel: yLabel,
                           versus: versus))
        return
      }
      if extendsLast, let last = self[k].series.indices.last {
        self[k].series[last].x += x
        self[k].series[last].y += y
      } else {
        self[k].series.append((name, x, y))
      }
    }
  }

  /// The plots a sequence of changes draws, from none.
  public static func replaying(_ ops: [PlotOp]) -> [PlotRequest] {
    var plots: [PlotRequest] = []
    for op in ops { plots.apply(op) }
    return plots
  }
}
