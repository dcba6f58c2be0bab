import PCXNumerics

/// The records of constants found by searching a continuous set (SPEC §5): an infimum is an
/// upper bound of the true constant and a supremum a lower bound, so neither ever `holds`; a
/// point past the requirement is `violated` with both sides of the inequality.
enum InfimumRecord {
  /// The record of a searched infimum `best` of a ratio lhs / denominator that must reach a
  /// claimed constant (or be positive); `denominator` gives the witness's right-hand side.
  static func make(
    _ name: String, _ best: (value: Double, point: Tensor)?, claimed: Double?, key: String, lhsName: String,
    source: String, denominator: (Tensor) throws -> Double
  ) throws -> CertificateRecord {
    guard let best else {
      return CertificateRecord(name: name, verdict: .inconclusive, estimate: [:], method: "", evaluations: 0, source: source,
                               reason: "no sampled point has the ratio defined (the denominator vanishes everywhere sampled)")
    }
    let verdict = Verdict.decide(best.value, .claimedAtLeast(claimed), on: .continuous)
    let d = try denominator(best.point)
    return CertificateRecord(
      name: name, verdict: verdict, estimate: [key: best.value],
      witness: Witness(point: best.point.scalars, lhs: best.value * d, rhs: (claimed ?? best.value) * d),
      method: "", evaluations: 0, source: source,
      reason: verdict == .violated
        ? "at the witness \(lhsName) = \(best.value * d) is below \(claimed.map { "the claimed \(key) = \($0)" } ?? "0") times its right-hand side"
        : "no point of the set was found below \(claimed.map { "the claimed \(key) = \($0)" } ?? "a positive \(key)") (\(key) = \(best.value) is the smallest ratio found: an upper bound of the true constant)")
  }
}

enum SupremumRecord {
  /// The record of a searched supremum that must stay within a claimed bound (with `auto`, only
  /// estimated).
  static func make(_ name: String, _ best: (Double, Tensor)?, claimed: Double?, key: String, source: String) -> CertificateRecord {
    guard let best else {
      return CertificateRecord(name: name, verdict: .inconclusive, estimate: [:], method: "", evaluations: 0, source: source,
                               reason: "no sampled point could be evaluated")
    }
    let verdict = Verdict.decide(best.0, .claimedAtMost(claimed), on: .continuous)
    return CertificateRecord(
      name: name, verdict: verdict, estimate: [key: best.0],
      witness: Witness(point: best.1.scalars, lhs: best.0, rhs: claimed ?? best.0), method: "", evaluations: 0, source: source,
      reason: verdict == .violated ? "the witness exceeds the claimed \(key)"
        : "\(key) = \(best.0) is the largest found: a lower bound of the supremum over the set")
  }
}
