import PCXSema

/// The registry: every name a script can call, with its catalog entry and its implementation.
/// The checker's `Catalog` is built from it, and the runtime finds implementations only here —
/// no certificate, optimizer, model or data source is dispatched by its name anywhere else.
public enum Registry {
  /// The certificates of SPEC §5, one type per file under `Certify/Certificates`.
  static let certificates: [any Certificate.Type] = [
    Chatterjee.self, Convexity.self, HessianControl.self, HessianSpectrumCertificate.self, Landscape.self,
    Lipschitz.self, PL.self, PLStar.self, PLStarEps.self, ProxyConvex.self, ProxyPL.self, QuasiConvex.self,
    RSC.self, RSI.self, Smoothness.self, StrictSaddle.self, UniformConditioning.self,
  ]
  /// The optimizers of SPEC §4.4, one type per file under `Optimize/Optimizers`.
  static let optimizers: [any OptimizerEntry.Type] = [
    GD.self, SGD.self, GradientFlowEntry.self, Momentum.self, Nesterov.self, Adam.self, RiemannianGD.self,
    PerturbedGD.self,
  ]
  /// The models of SPEC §4.2, one type per file under `Models`.
  static let models: [any ModelEntry.Type] = [MLPEntry.self, LinearNetEntry.self, NeuronEntry.self, GLMEntry.self]
  /// Data sources and transforms of SPEC §4.1, one type per file under `Data/Sources`.
  static let dataSources: [any DataSourceEntry.Type] = [
    GaussianData.self, SphereData.self, IndependentData.self, CSVData.self, NPYData.self,
    TakeData.self, StandardizeData.self, NormalizeRowsData.self, OneHotData.self,
  ]
  /// Labellings of synthetic data (`labels:`).
  static let labellings: [any LabellingEntry.Type] = [TeacherLabels.self, GLMLabels.self, HalfspaceLabels.self]

  /// The catalog the checker resolves calls against.
  public static let catalog = Catalog(
    entries: dataSources.map { $0.entry } + labellings.map { $0.entry } + models.map { $0.entry }
      + LossKind.allCases.map(\.entry) + optimizers.map { $0.entry } + certificates.map { $0.entry }
      + SetEntries.all + Builtins.entries,
    initNames: Initializer.schemes, memberTypes: memberTypes)

  /// Typed members of runs, certificates and traces (what `run.loss`, `c.mu`, `t.min` read).
  static let memberTypes: [String: [String: PType]] = [
    "run": [
      "loss": .trace, "grad_norm": .trace, "distance": .trace, "avg_grad_norm": .trace,
      "lambda_min": .trace, "final_loss": .real, "steps": .int, "time": .real,
    ],
    "certificate": [
      "verdict": .string, "holds": .bool, "estimate": .real, "mu": .real, "alpha": .real,
      "beta": .real, "lambda_min": .real, "lambda_max": .real, "radius": .real,
      "evaluations": .int, "time": .real, "guarantee": .string, "bound": .trace,
    ].merging(estimateNames.map { ($0, PType.real) }) { a, _ in a },
    "trace": ["last": .real, "min": .real, "max": .real, "length": .int],
  ]

  /// Every estimate some certificate records, readable as `c.name` (NaN where one has none).
  static var estimateNames: [String] { Array(Set(certificates.flatMap { $0.estimates })).sorted() }

  /// The certificate of a name.
  static func certificate(_ name: String) -> (any Certificate.Type)? { certificates.first { $0.entry.name == name } }
  /// The optimizer of a name.
  static func optimizer(_ name: String) -> (any OptimizerEntry.Type)? { optimizers.first { $0.entry.name == name } }
  /// The model of a name.
  static func model(_ name: String) -> (any ModelEntry.Type)? { models.first { $0.entry.name == name } }
  /// The data source of a name.
  static func dataSource(_ name: String) -> (any DataSourceEntry.Type)? { dataSources.first { $0.entry.name == name } }
  /// The labelling of a name.
  static func labelling(_ name: String) -> (any LabellingEntry.Type)? { labellings.first { $0.entry.name == name } }

  /// The catalog entry of a call of `kind` (sets, losses and builtins have no implementation type).
  static func entry(_ name: String, kind: EntryKind) -> CatalogEntry? { catalog.entry(name, kind: kind) }
}
