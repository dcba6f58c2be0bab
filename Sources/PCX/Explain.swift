import PCXRuntime

extension PCXInterpreter {
  /// The explanation `pcx explain NAME` prints for a certificate, model, loss, optimizer, data
  /// source, set or builtin: its call signature, formula, paper reference and (for certificates)
  /// the sets, method, verdicts, guarantee and an example. Nil for names pcx does not know.
  public static func explain(_ name: String) -> String? { Explain.text(for: name) }

  /// The known name closest to a misspelt one, for "did you mean".
  public static func closestName(to name: String) -> String? { Explain.suggestion(for: name) }

  /// Every name `explain` knows, sorted.
  public static var explainableNames: [String] { Explain.names }
}
