import PCXSource
import PCXSyntax

// The checker's errors about calls: resolving a catalog name, binding arguments, what each
// argument accepts, and the checks of the catalog's shape rules (data, models, losses,
// optimizers, certificates, builtins). See `Sema+Diagnostics.swift` for the conventions.

// MARK: Resolving and binding

extension Diagnostic {
  /// `data D = mlp(...)`: a catalog function of another kind than the place needs.
  static func wrongEntryKind(_ name: String, is kind: EntryKind, needs expected: EntryKind, at span: SourceSpan) -> Diagnostic { .catalogError("'\(name)' is \(kind.phrase), but this needs \(expected.phrase) such as \(expected.exampleCall)", at: span) }

  /// `let net = mlp(...)`: a data, model, loss, optimizer or certificate call outside its keyword.
  static func callNeedsKeyword(_ name: String, makes kind: EntryKind, at span: SourceSpan) -> Diagnostic {
    let keyword = [EntryKind.data: "data", .model: "model", .loss: "loss", .optimizer: "train", .certificate: "certify"][kind] ?? ""
    return .catalogError("'\(name)' makes \(kind.phrase); declare it with '\(keyword)'", at: span)
  }

  /// `a(2)` with `a` a declared name.
  static func notAFunction(_ name: String, kind: SymbolKind, type: PType, at span: SourceSpan, declared: SourceSpan) -> Diagnostic { .catalogError("'\(name)' is \(kind == .let ? "a value" : "\(type)"), not a function", at: span, notes: [.declaredHere(name, at: declared)]) }

  /// A call of a name neither the catalog nor the script declares; the suggestion prefers
  /// functions of the kind the place needs.
  static func unknownFunction(_ name: String, preferring preferred: [String], among all: [String], at span: SourceSpan) -> Diagnostic {
    let near = Suggestions.didYouMean(name, among: preferred)
    let hint = near.isEmpty ? Suggestions.didYouMean(name, among: all) : near
    return .catalogError("unknown function '\(name)'\(hint)", at: span)
  }

  /// `gd(L, stepz: 10)`.
  static func unknownArgument(_ label: String, of function: String, arguments: [String], at span: SourceSpan) -> Diagnostic {
    let hint = Suggestions.didYouMean(label, among: arguments)
    return .catalogError(
      "\(function) has no argument '\(label)'\(hint) (arguments: \(arguments.joined(separator: ", ")))", at: span)
  }

  /// More positional arguments than the function has parameters.
  static func tooManyArguments(_ function: String, parameters: [String], at span: SourceSpan) -> Diagnostic { .catalogError("too many arguments: \(function) takes at most \(parameters.count) (\(parameters.joined(separator: ", ")))", at: span) }

  /// `gaussian(n: 3, n: 4)`, or a named argument repeating a positional one.
  static func duplicateArgument(_ parameter: String, of function: String, at span: SourceSpan) -> Diagnostic { .catalogError("argument '\(parameter)' of \(function) is given twice", at: span) }

  /// Required arguments left out.
  static func missingArguments(_ missing: [String], of function: String, at span: SourceSpan) -> Diagnostic {
    let list = missing.map { "'\($0)'" }.joined(separator: ", ")
    return .catalogError("\(function) needs argument\(missing.count == 1 ? "" : "s") \(list)", at: span)
  }
}

// MARK: Arguments

/// What an argument must be, as messages name it ("must be an int").
enum ExpectedArgument: CustomStringConvertible {
  case int, real, bool, string, numeric, vector, matrix, dataset, model, objective, run
  case intList, valueList, dataLoss, condition
  case realOr([String])

  /// The phrase after "must be".
  var description: String {
    switch self {
    case .int: return "an int"
    case .real: return "a real number"
    case .bool: return "a bool"
    case .string: return "a string"
    case .numeric: return "a number, vector or matrix"
    case .vector: return "a vector"
    case .matrix: return "a matrix"
    case .dataset: return "a dataset"
    case .model: return "a model"
    case .objective: return "a loss or objective"
    case .run: return "a run (a 'train' result)"
    case .intList: return "a list of integer constants such as [256, 256]"
    case .valueList: return "a non-empty list such as [p1, p2]"
    case .dataLoss: return "a loss on data"
    case .condition: return "a condition such as 'loss < 1e-3'"
    case .realOr(let options): return "a real number or \(options.joined(separator: ", "))"
    }
  }
}

extension Diagnostic {
  /// An argument of the wrong type (`gaussian(n: "ten")`).
  static func argumentType(
    _ parameter: String, of function: String, must wanted: ExpectedArgument, found type: PType, constant: ConstValue?,
    at span: SourceSpan, notes: [Note]
  ) -> Diagnostic {
    let found = constant.map { "\(type) \($0)" } ?? "\(type)"
    return .catalogError("argument '\(parameter)' of \(function) must be \(wanted), found \(found)", at: span, notes: notes)
  }

  /// `radius: automatic` where a real or one of a few words is accepted.
  static func unknownRealOption(_ name: String, _ parameter: String, of function: String, options: [String], at span: SourceSpan) -> Diagnostic {
    let hint = Suggestions.didYouMean(name, among: options)
    return .catalogError(
      "argument '\(parameter)' of \(function) must be \(ExpectedArgument.realOr(options)), found '\(name)'\(hint)", at: span)
  }

  /// `sgd(f, ...)` with `f` an objective expression: SGD samples rows of a loss on data.
  static func needsDataLoss(_ function: String, found name: String, at span: SourceSpan, declared: SourceSpan) -> Diagnostic { .catalogError("\(function) samples rows of data, so it needs a loss on data such as mse(net, D); '\(name)' is an objective expression", at: span, notes: [.declaredHere(name, at: declared)]) }

  /// `activation: 3`: a choice written as something other than a name.
  static func choiceNotName(_ parameter: String, of function: String, category: String, example: String, at span: SourceSpan) -> Diagnostic {
    let article = category == "activation" ? "an" : "a"
    return .catalogError("argument '\(parameter)' of \(function) must be \(article) \(category) name such as \(example)", at: span)
  }

  /// `activation: tahn`.
  static func unknownChoice(_ name: String, category: String, options: [String], at span: SourceSpan) -> Diagnostic {
    let hint = Suggestions.didYouMean(name, among: options)
    return .catalogError("unknown \(category) '\(name)'\(hint) (one of \(options.joined(separator: ", ")))", at: span)
  }

  /// `f every 10` with `f` not a run.
  static func everyNeedsRun(found type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("'every' selects iterates of a run, found \(type)", at: span) }

  /// `run every 0`, `run every k` with `k` unknown.
  static func everyNeedsPositiveStride(at span: SourceSpan) -> Diagnostic { .catalogError("'every' needs a positive integer constant, as in 'run every 10'", at: span) }

  /// `on: 3`.
  static func notASet(_ parameter: String, of function: String, found type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("argument '\(parameter)' of \(function) must be a set: a run, 'run every k', points([...]), ball(center, radius, samples), spectral_ball(...), sphere or grid(...); found \(type)", at: span) }

  /// `labels: x` (a vector) where a scalar function of the row is needed.
  static func labelNotScalar(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("a label expression must be a scalar function of the row x, found \(type)", at: span) }
}

// MARK: Shape rules of the catalog

extension Diagnostic {
  /// `gd(L, lr: -0.1)`: a size, rate or count that must be positive.
  static func notPositive(_ parameter: String, of function: String, found value: ConstValue?, at span: SourceSpan) -> Diagnostic { .catalogError("'\(parameter)' of \(function) must be positive, found \(value?.description ?? "")", at: span) }

  /// `independent(n: 100, d: 10)`: 001 Thm 4.1's inputs need d >= n.
  static func independentNeedsWide(rows: Int, width: Int, at span: SourceSpan) -> Diagnostic { .catalogError("independent inputs need d >= n (001 Thm 4.1), found n = \(rows), d = \(width)", at: span) }

  /// `labels: teacher(net)` with `net`'s input width not the data's.
  static func teacherWidth(_ teacherIn: Dim, data d: Dim, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("teacher model expects \(teacherIn) input features but the data has d = \(d)", at: span, notes: notes) }

  /// `csv("f.csv", label: "z")` with no column `z`; long headers are shortened.
  static func csvNoColumn(_ path: String, _ label: String, header: [String], at span: SourceSpan) -> Diagnostic {
    let shown = header.count > 8
      ? header.prefix(4).joined(separator: ", ") + ", ..., " + header.suffix(2).joined(separator: ", ")
      : header.joined(separator: ", ")
    let hint = Suggestions.didYouMean(label, among: header)
    return .catalogError("\"\(path)\" has no column named '\(label)'\(hint) (columns: \(shown))", at: span)
  }

  /// A CSV file with a single column.
  static func csvTooFewColumns(_ path: String, count: Int, at span: SourceSpan) -> Diagnostic { .catalogError("\"\(path)\" has \(count) column\(count == 1 ? "" : "s"); it needs at least one feature and a label", at: span) }

  /// Features in an `.npy` array that is not 2-dimensional.
  static func npyNotMatrix(_ path: String, shape: [Int], at span: SourceSpan) -> Diagnostic {
    let written = shape.map(String.init).joined(separator: ", ")
    return .catalogError(
      "\"\(path)\" holds an array of shape (\(written)); features need 2 dimensions (rows, features)", at: span)
  }

  /// Labels whose row count is not the features'.
  static func npyLabelRows(_ labels: String, shape: [Int], features path: String, rows: Int, at span: SourceSpan) -> Diagnostic {
    let written = shape.map(String.init).joined(separator: ", ")
    return .catalogError("labels \"\(labels)\" have shape (\(written)) but \"\(path)\" has \(rows) rows", at: span)
  }

  /// `take(D, 20)` from fewer rows.
  static func takeTooMany(_ want: Int, rows have: Int, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("take(\(want)) from a dataset of \(have) rows", at: span, notes: notes) }

  /// `mlp(hidden: [16, -2])`.
  static func hiddenWidthNotPositive(_ width: Int, at span: SourceSpan) -> Diagnostic { .catalogError("hidden layer widths must be positive, found \(width)", at: span) }

  /// `init: load(...)` of the wrong length for the network.
  static func initLength(_ have: Int, parameters want: Int, layout: [String], at span: SourceSpan) -> Diagnostic { .catalogError("init has \(have) values but this mlp has \(want) parameters (\(layout.joined(separator: ", ")))", at: span) }

  /// `linear_net(dims: [4])`.
  static func linearNetDims(at span: SourceSpan) -> Diagnostic { .catalogError("linear_net needs at least two positive widths, as in dims: [4, 8, 1]", at: span) }

  /// A loss whose model's input width is not the data's feature count. `model` is the model's
  /// catalog entry and `data` the dataset's name, when they are declared names; the message
  /// says where the feature count comes from and the notes point at both ends.
  static func inputWidth(
    model: String?, expects d: Dim, data: String?, has features: Dim, dataOrigin: Origin?, modelOrigin: Origin?,
    at span: SourceSpan
  ) -> Diagnostic {
    var notes: [Note] = []
    if let o = modelOrigin { notes.append(Note("the model's input width is \(o.text)", at: o.span)) }
    if let o = dataOrigin { notes.append(Note("the feature count comes from here", at: o.span)) }
    let origin = dataOrigin.map { " (\($0.text))" } ?? ""
    let (modelName, dataName) = (model ?? "the model", data.map { "data \($0)" } ?? "the data")
    return .catalogError("\(modelName) expects \(d) input features; \(dataName) has \(features)\(origin)", at: span, notes: notes)
  }

  /// A loss whose model's output width is not the data's label count (names as in `inputWidth`).
  static func outputWidth(model: String?, has k: Dim, data: String?, labels: Dim, modelOrigin: Origin?, at span: SourceSpan) -> Diagnostic {
    let notes = [modelOrigin.map { Note("the output width is \($0.text)", at: $0.span) }].compactMap { $0 }
    let (modelName, dataName) = (model ?? "the model", data.map { "data \($0)" } ?? "the data")
    return .catalogError(
      "\(modelName) has \(k) output\(k.value == 1 ? "" : "s") but \(dataName) has \(labels) label\(labels.value == 1 ? "" : "s") per row",
      at: span, notes: notes)
  }

  /// `riemannian_gd(f, ...)` with no param of `f` on the sphere.
  static func riemannianNeedsSphere(_ objective: String, at span: SourceSpan, declared: SourceSpan) -> Diagnostic { .catalogError("riemannian_gd optimises on the sphere, but no param of '\(objective)' is declared 'on sphere'", at: span, notes: [.declaredHere(objective, at: declared)]) }

  /// `at: (1.0, 2.0, 3.0)` for an objective of two params.
  static func pointArity(_ argument: String, objective: String, params: [String], found count: Int, at span: SourceSpan) -> Diagnostic {
    let hint = params.count > 1 ? "; give a tuple such as (\(params.map { _ in "1.0" }.joined(separator: ", ")))" : ""
    let listed = params.joined(separator: ", ")
    return .catalogError(
      "'\(argument):' gives one value per param of \(objective) (\(listed)), found \(count)\(hint)", at: span)
  }

  /// `at: zeros(2)` for a param declared `vector[3]`.
  static func pointShape(_ argument: String, param: String, found type: PType, declared: PType, at span: SourceSpan, declaredAt: SourceSpan) -> Diagnostic { .catalogError("'\(argument):' value for param '\(param)' is \(type) but '\(param)' is \(declared)", at: span, notes: [.declaredHere(param, at: declaredAt)]) }

  /// `orthogonal_tensor(order: 9)`.
  static func tensorOrder(_ order: Int, at span: SourceSpan) -> Diagnostic { .catalogError("orthogonal_tensor order must be between 2 and 8, found \(order)", at: span) }

  /// `mask(Omega, M)` of different shapes.
  static func maskShapes(_ omega: PType, _ m: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("mask needs Omega and M of the same shape, found \(omega) and \(m)", at: span, notes: notes) }

  /// `normalize(3.0)`.
  static func normalizeNeedsArray(_ type: PType, at span: SourceSpan) -> Diagnostic { .catalogError("normalize needs a vector, matrix or tensor, found \(type)", at: span) }

  /// `inner(a, b)` of different shapes.
  static func innerShapes(_ a: PType, _ b: PType, at span: SourceSpan, notes: [Note]) -> Diagnostic { .catalogError("inner needs operands of the same shape, found \(a) and \(b)", at: span, notes: notes) }
}
