/// "Did you mean" suggestions by edit distance, shared by every stage.
public enum Suggestions {
  /// The candidate closest to `name`, if it is close enough to be a plausible typo: at most one
  /// edit for short names, about a third of the length for longer ones.
  public static func closest<S: Sequence>(to name: String, among candidates: S) -> String?
  where S.Element == String {
    let limit = max(1, name.count / 3)
    var best: (String, Int)?
    for candidate in candidates where candidate != name {
      guard abs(candidate.count - name.count) <= limit else { continue }
      let distance = editDistance(name, candidate)
      if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
  }

  /// A message suffix `; did you mean 'x'?` or the empty string.
  public static func didYouMean<S: Sequence>(_ name: String, among candidates: S) -> String
  where S.Element == String {
    closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), since
  /// swapped letters are the commonest typo.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }
}
