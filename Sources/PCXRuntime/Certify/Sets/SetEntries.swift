import PCXSema

/// The sets a certificate ranges over (`on:`, SPEC §5): finite ones (`points`, `grid`, a run's
/// iterates) are evaluated at every point; continuous ones (`ball`, `spectral_ball`, `sphere`)
/// are sampled and searched (`ContinuousSet`, `SlackSearch`).
enum SetEntries {
  static let points = CatalogEntry(
    "points", .set, [.required("points", .valueList)],
    rule: .set, summary: "a finite list of points", reference: "SPEC 5")
  static let ball = CatalogEntry(
    "ball", .set, [.required("center", .point), .required("radius", .real), .optional("samples", .int, 1000)],
    rule: .set, summary: "the ball B(center, radius), sampled and searched adversarially", reference: "SPEC 5, 003 Thm 6")
  static let spectralBall = CatalogEntry(
    "spectral_ball", .set,
    [.required("radius", .real), .optional("rho1", .real, .contextual("radius")), .optional("samples", .int, 1000)],
    rule: .set, summary: "layer spectral-norm ball around the initial weights", reference: "004 Def 5.2, Assumption A4.2")
  static let grid = CatalogEntry(
    "grid", .set, [.required("x", .vector), .required("y", .vector), .optional("n", .int, 50)],
    rule: .set,
    summary: "the n x n points of [x0, x1] x [y0, y1] (ends included; 2 <= n <= 500), a finite set for objectives of two scalars",
    reference: "001 Figure 1")

  /// Every set entry.
  static let all = [points, ball, spectralBall, grid]
}
