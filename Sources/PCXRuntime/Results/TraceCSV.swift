/// CSV files of run traces for `--out DIR` (SPEC §6): a header `step,loss,grad_norm,...`, one
/// row per recorded step, numbers in shortest round-trip form, `nan`/`inf`/`-inf` for
/// non-finite values (what NumPy's `loadtxt` and pandas read back), RFC 4180 quoting for names,
/// and `\n` line ends.
public enum TraceCSV {
  /// Renders one CSV: a `step` column, then each named column. Row i holds `steps[i]` and the
  /// i-th value of each column; a column shorter than `steps` leaves the field empty, values
  /// past the end of `steps` are not written.
  public static func render(steps: [Int], columns: [(String, [Double])]) -> String {
    var out = (["step"] + columns.map(\.0)).map(field).joined(separator: ",") + "\n"
    for (i, step) in steps.enumerated() {
      out += String(step)
      for (_, values) in columns {
        out += ","
        if i < values.count { out += number(values[i]) }
      }
      out += "\n"
    }
    return out
  }

  /// The CSV files of one run: `<base>.csv` with the traces recorded at every step (loss and
  /// grad_norm first, then by name), and `<base>.<trace>.csv` for each trace listed in
  /// `traceSteps`. The base is the run's name, followed by its sweep key (`fit.width=64`) so
  /// the runs of a sweep do not overwrite each other.
  public static func files(for run: RunRecord) -> [(name: String, text: String)] {
    let base = fileBase(run)
    let dense = orderedTraceNames(run.traces.keys.filter { run.traceSteps[$0] == nil })
    var files: [(name: String, text: String)] = []
    if !dense.isEmpty {
      let length = dense.map { run.traces[$0]?.count ?? 0 }.max() ?? 0
      files.append(("\(base).csv", render(steps: Array(0..<length), columns: dense.map { ($0, run.traces[$0] ?? []) })))
    }
    for name in orderedTraceNames(Array(run.traceSteps.keys)) {
      let steps = run.traceSteps[name] ?? []
      files.append(("\(base).\(safe(name)).csv", render(steps: steps, columns: [(name, run.traces[name] ?? [])])))
    }
    return files
  }

  /// `nan`, `inf`, `-inf`, or the shortest round-trip form.
  static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return JSONValue.numberText(x)
  }

  /// A field quoted per RFC 4180 §2 when it holds a comma, a quote or a line break.
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }

  /// loss and grad_norm first (what everyone plots), then the rest by name.
  package static func orderedTraceNames(_ names: [String]) -> [String] {
    let first = ["loss", "grad_norm"].filter(names.contains)
    return first + names.filter { !first.contains($0) }.sorted()
  }

  private static func fileBase(_ run: RunRecord) -> String {
    let key = run.key.keys.sorted().map { k in "\(k)=\(run.key[k].map(keyText) ?? "")" }
    return safe(([run.name] + key).joined(separator: "."))
  }

  private static func keyText(_ v: JSONValue) -> String {
    if case .string(let s) = v { return s }
    return v.serializedInline
  }

  /// A file-name-safe version: letters, digits and `._=-+` kept, anything else `_`.
  private static func safe(_ s: String) -> String {
    String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._=-+".contains($0)) ? $0 : "_" })
  }
}
