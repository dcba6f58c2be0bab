import PCXNumerics
import PCXSema

/// What building a declared value (a dataset, a model) uses: the declaration's name and random
/// stream (SPEC §2.3), the environment its arguments are evaluated in, and the limits.
struct BuildContext {
  /// The declared name.
  let name: String
  /// The environment of the declaration.
  let env: Environment
  /// The script's limits.
  let limits: ResourceLimits
  /// The declaration's stream; generators draw from it in order.
  var rng: RandomStream
  /// The call as written (a model's description in reports).
  let text: String
  /// The call's checked type (a single neuron's input width comes from it when `in:` is absent).
  let type: PType
}

/// A model of SPEC §4.2: its catalog entry and how it is built.
protocol ModelEntry {
  /// The signature the checker resolves calls against.
  static var entry: CatalogEntry { get }
  /// The model with its initial parameters.
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> ModelValue
}

/// A data source or transform of SPEC §4.1.
protocol DataSourceEntry {
  /// The signature the checker resolves calls against.
  static var entry: CatalogEntry { get }
  /// The dataset.
  static func make(_ a: CallArguments, _ c: inout BuildContext) throws -> Dataset
}

/// A labelling of synthetic data (`labels: teacher(net)`, SPEC §4.1).
protocol LabellingEntry {
  /// The signature the checker resolves calls against.
  static var entry: CatalogEntry { get }
  /// The labels of the rows of `x`, `k` per row.
  static func labels(_ a: CallArguments, x: Tensor, k: Int, _ c: inout BuildContext) throws -> Tensor
}

/// An optimizer of SPEC §4.4: its catalog entry, its update rule in words, and its kind with the
/// hyper-parameters read from a call (the learning rate, steps and stop rules are common).
protocol OptimizerEntry {
  /// The signature the checker resolves calls against.
  static var entry: CatalogEntry { get }
  /// The update rule as `pcx explain` prints it.
  static var update: String { get }
  /// The optimizer with its hyper-parameters.
  static func kind(_ a: CallArguments) throws -> OptimizerKind
  /// The step budget of an optimizer without `steps:` (gradient flow counts ODE steps), else nil.
  static var defaultSteps: Int? { get }
}

extension OptimizerEntry {
  static var defaultSteps: Int? { nil }
}

/// Building datasets and models from expressions through the registry (nested transforms,
/// references to earlier declarations).
enum Build {
  /// The dataset of `e`: an earlier dataset by name, or a registered data source's call.
  static func dataset(_ e: TExpr, _ c: inout BuildContext) throws -> Dataset {
    if case .reference(let other, _) = e.kind, case .dataset(let d)? = c.env.values[other] { return d }
    guard case .call(let fn, _, _) = e.kind, let source = Registry.dataSource(fn) else {
      throw RuntimeError(.argument, "a dataset must come from a data call", at: e.span)
    }
    return try source.make(CallArguments(e, entry: source.entry, env: c.env, declaration: c.name), &c)
  }

  /// The model of `e`: an earlier model by name, or a registered model's call.
  static func model(_ e: TExpr, _ c: inout BuildContext) throws -> ModelValue {
    if case .reference(let other, _) = e.kind, case .model(let m)? = c.env.values[other] { return m }
    guard case .call(let fn, _, _) = e.kind, let kind = Registry.model(fn) else {
      throw RuntimeError(.argument, "a model must come from a model call", at: e.span)
    }
    return try kind.make(CallArguments(e, entry: kind.entry, env: c.env, declaration: c.name), &c)
  }
}
