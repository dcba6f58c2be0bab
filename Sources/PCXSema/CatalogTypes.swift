/// What a catalog entry makes.
public enum EntryKind: String, Sendable, Hashable {
  case data, labels, model, loss, optimizer, certificate, set, builtin

  /// The article and name used in messages ("a loss").
  public var phrase: String {
    switch self {
    case .data: return "a dataset"
    case .labels: return "a labelling"
    case .model: return "a model"
    case .loss: return "a loss"
    case .optimizer: return "an optimizer"
    case .certificate: return "a certificate"
    case .set: return "a set of points"
    case .builtin: return "a function"
    }
  }
}

/// What an argument accepts.
public indirect enum ArgKind: Sendable, Hashable {
  case int, real, bool, string
  /// A constant list of integers such as `hidden: [256, 256]`.
  case intList
  /// Any scalar, vector, matrix or tensor.
  case numeric
  case vector, matrix
  case dataset, model
  /// A loss or objective.
  case objective
  /// A loss on data (SGD samples its rows).
  case dataLoss
  case run
  /// `on:` sets: a run, `run every k`, `points(...)`, `ball(...)`, `sphere`, ...
  case set
  /// A value per param of the certified objective (a tuple, or one value for one param).
  case point
  /// `labels:` of synthetic data.
  case labels
  /// `init:` of a model: a named scheme or `load("theta.npy")`.
  case initializer
  /// One of a fixed list of names (`category` names it in messages).
  case choice(category: String, options: [String])
  /// A real number or one of the names (`lr: theorem`, `radius: auto`).
  case realOr([String])
  /// A condition on run metrics such as `loss < 1e-3`.
  case stopRule
  /// A list of values (`points([p1, p2])`).
  case valueList
}

/// What a parameter takes when a call leaves it out: the catalog's typed default, so that a
/// default is written once (here) and never again in runtime code.
public enum ParamDefault: Sendable, Hashable {
  /// The argument must be given.
  case required
  /// A number, bool, string or list.
  case value(ConstValue)
  /// An enumerator written as a bare name (`tanh`, `lecun`, `auto`, `random`).
  case choice(String)
  /// No value: the entry does what the text says when the argument is absent (`on:` "the run
  /// that trains it", `in:` "inferred from data").
  case contextual(String)

  /// The default as written in signatures and docs, nil when required.
  public var text: String? {
    switch self {
    case .required: return nil
    case .value(let v): return Self.display(v)
    case .choice(let name), .contextual(let name): return name
    }
  }

  /// Numbers as a script writes them (`1e-8`, not Swift's `1e-08`).
  static func display(_ v: ConstValue) -> String {
    switch v {
    case .real(let x):
      let parts = String(x).split(separator: "e", maxSplits: 1)
      guard parts.count == 2, let exponent = Int(parts[1]) else { return String(x) }
      return "\(parts[0])e\(exponent)"
    case .list(let items): return "[\(items.map(display).joined(separator: ", "))]"
    default: return v.description
    }
  }
}

/// One parameter of a catalog entry.
public struct ParamSpec: Sendable, Hashable {
  /// Its name, as written in named arguments.
  public let name: String
  /// What it accepts.
  public let kind: ArgKind
  /// What it takes when left out.
  public let defaultValue: ParamDefault

  /// The default as source text, nil when the argument is required.
  public var defaultText: String? { defaultValue.text }
  /// True when the argument must be given.
  public var isRequired: Bool { defaultValue == .required }

  /// A parameter.
  public init(name: String, kind: ArgKind, defaultValue: ParamDefault) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
  }

  /// A required parameter.
  public static func required(_ name: String, _ kind: ArgKind) -> ParamSpec {
    ParamSpec(name: name, kind: kind, defaultValue: .required)
  }

  /// An optional parameter with its default.
  public static func optional(_ name: String, _ kind: ArgKind, _ value: ParamDefault) -> ParamSpec {
    ParamSpec(name: name, kind: kind, defaultValue: value)
  }

  /// An optional integer parameter.
  public static func optional(_ name: String, _ kind: ArgKind, _ value: Int) -> ParamSpec {
    ParamSpec(name: name, kind: kind, defaultValue: .value(.int(value)))
  }

  /// An optional real parameter.
  public static func optional(_ name: String, _ kind: ArgKind, _ value: Double) -> ParamSpec {
    ParamSpec(name: name, kind: kind, defaultValue: .value(.real(value)))
  }

  /// An optional bool parameter.
  public static func optional(_ name: String, _ kind: ArgKind, _ value: Bool) -> ParamSpec {
    ParamSpec(name: name, kind: kind, defaultValue: .value(.bool(value)))
  }
}

/// How the checker computes an entry's result type and checks its shapes.
public enum ShapeRule: Sendable, Hashable {
  case fixed(PType)
  case syntheticData, csvData, npyData, transformData
  case mlp, linearNet, singleNeuron
  case loss, optimizer, certificate, set, labels
  /// zeros/ones/randn: a vector or matrix of the given sizes.
  case filled
  /// Same shape as the first argument (elementwise functions, normalize, mask's second).
  case sameAsFirst
  /// A scalar from any numeric (fro, norm, sum, inner...).
  case reduction
  case outer, identity, load, squareMatrix, orthogonalTensor
}

/// A catalog entry: name, kind, parameters (in positional order), result rule, one-line
/// summary and the paper reference the results will cite.
public struct CatalogEntry: Sendable, Hashable {
  /// The name scripts call.
  public let name: String
  /// What it makes.
  public let kind: EntryKind
  /// Parameters in positional order.
  public let parameters: [ParamSpec]
  /// How its result type is computed.
  public let rule: ShapeRule
  /// One line for `pcx explain` and messages.
  public let summary: String
  /// The paper and numbering the formula comes from (papers/README).
  public let reference: String

  /// Creates an entry.
  public init(
    _ name: String, _ kind: EntryKind, _ parameters: [ParamSpec], rule: ShapeRule,
    summary: String, reference: String
  ) {
    self.name = name
    self.kind = kind
    self.parameters = parameters
    self.rule = rule
    self.summary = summary
    self.reference = reference
  }

  /// The parameter with a given name.
  public func parameter(named name: String) -> ParamSpec? { parameters.first { $0.name == name } }
}
