import PCXNumerics

/// A runtime value: what a name or expression evaluates to while a script runs.
public enum Value: Sendable {
  case number(Double)
  case int(Int)
  case bool(Bool)
  case string(String)
  case tensor(Tensor)
  case tuple([Value])
  /// An enumerator written as a bare name (`tanh`, `ntk`, `sphere`, `random`).
  case choice(String)
  case dataset(Dataset)
  case model(ModelValue)
  /// A scalar function of parameters: a loss or an `objective` expression.
  case objective(ObjectiveValue)
  case run(RunValue)
  /// A certificate's result (issue 5 evaluates them; until then every one is "not evaluated").
  case certificate(CertificateRequest)
  /// A series of numbers, one per recorded step, with the steps they belong to.
  case trace(steps: [Int], values: [Double])
  /// How a synthetic dataset is labelled.
  case labels(LabelSpec)

  /// The value as a number when it is one (ints and one-element tensors convert).
  public var number: Double? {
    switch self {
    case .number(let x): return x
    case .int(let i): return Double(i)
    case .tensor(let t): return t.count == 1 ? t.scalars[0] : nil
    default: return nil
    }
  }

  /// The value as a tensor when it is numeric (scalars become rank-0 tensors).
  public var tensor: Tensor? {
    switch self {
    case .tensor(let t): return t
    case .number(let x): return Tensor(x)
    case .int(let i): return Tensor(Double(i))
    default: return nil
    }
  }

  /// A short description of the kind of value, for messages.
  public var kindName: String {
    switch self {
    case .number, .int: return "a number"
    case .bool: return "a bool"
    case .string: return "a string"
    case .tensor: return "a tensor"
    case .tuple: return "a tuple"
    case .choice: return "a name"
    case .dataset: return "a dataset"
    case .model: return "a model"
    case .objective: return "an objective"
    case .run: return "a run"
    case .certificate: return "a certificate"
    case .trace: return "a trace"
    case .labels: return "a labelling"
    }
  }
}

/// How synthetic labels are made (SPEC §4.1 `labels:`).
public enum LabelSpec: Sendable {
  case random
  case teacher(ModelValue, noise: Double)
  case glm(wStar: Tensor, activation: ScalarFunction, noise: Double)
  case halfspace(wStar: Tensor, flip: Double)
  /// An expression in the row `x`, compiled once.
  case expression(@Sendable (Tensor) throws -> Double)
}
