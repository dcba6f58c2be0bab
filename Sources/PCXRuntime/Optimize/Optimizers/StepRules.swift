import PCXSema

/// The step budget and stop rules every discrete optimizer takes (SPEC §4.4).
enum StepRules {
  static let parameters: [ParamSpec] = [
    .optional("steps", .int, 1000), .optional("stop", .stopRule, .contextual("none")),
    .optional("time", .real, .contextual("none")),
  ]
}
