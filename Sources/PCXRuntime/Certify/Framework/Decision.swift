/// The kind of set a certificate ranged over, which bounds what its verdict may claim (SPEC §5).
enum SetKind: Sendable {
  /// Every point was evaluated (a run's iterates, listed points, a grid): `holds` is exact.
  case finite
  /// Sampled and searched (a ball, a sphere, a spectral ball): at best `not_refuted`.
  case continuous
}

/// What an inequality requires of the quantity a certificate measured: the one place where a
/// measured constant meets zero or a claimed constant, with the tolerance of `Tolerance.claim`.
enum Requirement: Sendable {
  /// The constant must be positive (`mu > 0`: the inequality holds with some constant).
  case positive
  /// The constant must be non-negative (`lambda_min(hess L) >= 0`).
  case nonNegative
  /// An infimum must reach a claimed constant (`mu: 0.5`).
  case atLeast(Double)
  /// A supremum must stay within a claimed bound (`L: 3`, `beta: 10`, 003 Thm 2's bound).
  case atMost(Double)
  /// A slack that is a difference of rounded terms of size `scale` must not be negative by more
  /// than their rounding (000 Def 1.1).
  case noNegativeSlack(scale: Double)
  /// A measurement with nothing to require.
  case none

  /// Whether `value` meets the requirement.
  func isMet(by value: Double) -> Bool {
    switch self {
    case .positive: return value > 0
    case .nonNegative: return value >= 0
    case .atLeast(let claim): return !(value < claim * (1 - Tolerance.claim))
    case .atMost(let claim): return !(value > claim * (1 + Tolerance.claim))
    case .noNegativeSlack(let scale): return !(value < -Tolerance.termRounding * scale)
    case .none: return true
    }
  }

  /// A claimed lower constant when given, else positivity.
  static func claimedAtLeast(_ claim: Double?) -> Requirement { claim.map { .atLeast($0) } ?? .positive }
  /// A claimed upper bound when given, else a plain measurement.
  static func claimedAtMost(_ claim: Double?) -> Requirement { claim.map { .atMost($0) } ?? .none }
}

extension Verdict {
  /// The one verdict decision (SPEC §5, the honesty rule): `inconclusive` when the quantity could
  /// not be measured, `violated` when a point breaks the requirement, else `holds` on a finite
  /// set and `not_refuted` on a continuous one — never `holds` for a set that was only searched.
  static func decide(measured: Bool, satisfied: Bool, on set: SetKind) -> Verdict {
    guard measured else { return .inconclusive }
    guard satisfied else { return .violated }
    return set == .finite ? .holds : .notRefuted
  }

  /// The verdict of `value` against `requirement` (nil: not measured).
  static func decide(_ value: Double?, _ requirement: Requirement, on set: SetKind) -> Verdict {
    decide(measured: value != nil, satisfied: value.map(requirement.isMet) ?? false, on: set)
  }
}
