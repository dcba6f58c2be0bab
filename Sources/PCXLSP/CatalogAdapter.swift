import PCXRuntime
import PCXSema

/// Everything the server asks of the catalog (`Sources/PCXSema/Catalog*.swift`, filled by the
/// runtime's registry) and of its explain text, in one file: the only place in the server that
/// reads `Catalog`, `CatalogEntry`, `ParamSpec` and `ArgKind`.
enum CatalogAdapter {
  /// A catalog function as the editor shows it.
  struct Function {
    let name: String
    let kind: EntryKind
    let summary: String
    let reference: String
    let parameters: [Parameter]
    /// The call as a script writes it: `mlp(in, hidden, out: 1, ...)`.
    let signature: String
    /// Each parameter's byte range in `signature`.
    let parameterRanges: [Range<Int>]
  }

  /// One parameter of a catalog function.
  struct Parameter {
    let name: String
    let isRequired: Bool
    /// The default as written, nil when required.
    let defaultText: String?
    /// What it accepts, in words.
    let accepts: String
    /// The values that fit it, for completion.
    let fit: ValueFit
    /// True for file names (`csv("train.csv")`), completed as paths.
    let isPath: Bool
  }

  /// What fits an argument: enumerators, declared names of fitting kinds, catalog functions.
  struct ValueFit {
    var choices: [String] = []
    var symbols: @Sendable (SymbolKind, PType?) -> Bool = { _, _ in false }
    var functions: [String] = []
  }

  /// The catalog scripts are checked against: the runtime registry's, as `pcx check` uses.
  static var catalog: Catalog { Registry.catalog }

  /// The manifolds a param can live on (`param u: vector[4] on sphere`), as optimizers name them.
  static var manifolds: [String] {
    var names: [String] = []
    for entry in catalog.entries {
      for spec in entry.parameters {
        if case .choice("manifold", let options) = spec.kind { names += options.filter { !names.contains($0) } }
      }
    }
    return names
  }

  /// Every catalog name, sorted.
  static var names: [String] { catalog.names }

  /// The functions with a name (a name may have an entry per kind, as `glm`).
  static func functions(named name: String) -> [Function] {
    catalog.entries(named: name).map(function)
  }

  /// The function a call of `name` means: the one the checker picks when nothing is expected.
  static func function(named name: String) -> Function? {
    let entries = catalog.entries(named: name)
    return (entries.first { $0.kind != .labels } ?? entries.first).map(function)
  }

  /// The functions of one kind (`.model` after `model net =`).
  static func functions(ofKind kind: EntryKind) -> [Function] {
    catalog.names(of: kind).compactMap { catalog.entry($0, kind: kind) }.map(function)
  }

  /// `pcx explain NAME`'s text.
  static func explain(_ name: String) -> String? { Explain.text(for: name) }

  /// The members of a value of a type, with their types (what `x.` offers).
  static func members(of type: PType) -> [(name: String, type: PType)] {
    let table: [String: PType]
    switch type {
    case .run: table = catalog.memberTypes["run"] ?? [:]
    case .certificate: table = catalog.memberTypes["certificate"] ?? [:]
    case .trace: table = catalog.memberTypes["trace"] ?? [:]
    // Sizes, as the checker's member table has them (Checker.memberTable, private to it).
    case .dataset: table = ["n": .int, "d": .int, "k": .int]
    case .model: table = ["in": .int, "out": .int, "params": .int]
    default: table = [:]
    }
    return table.keys.sorted().map { ($0, table[$0] ?? .error) }
  }

  private static func function(_ entry: CatalogEntry) -> Function {
    let signature = Explain.signature(entry)
    var ranges: [Range<Int>] = []
    var cursor = signature.utf8.count
    if let open = signature.utf8.firstIndex(of: UInt8(ascii: "(")) {
      cursor = signature.utf8.distance(from: signature.utf8.startIndex, to: open) + 1
    }
    let bytes = Array(signature.utf8)
    for spec in entry.parameters {
      let needle = Array((spec.defaultText.map { "\(spec.name): \($0)" } ?? spec.name).utf8)
      let found = find(needle, in: bytes, from: cursor) ?? cursor
      cursor = min(bytes.count, found + needle.count)
      ranges.append(found..<cursor)
    }
    return Function(name: entry.name, kind: entry.kind, summary: entry.summary, reference: entry.reference,
                    parameters: entry.parameters.map { parameter($0, of: entry) }, signature: signature,
                    parameterRanges: ranges)
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, start <= haystack.count - needle.count else { return nil }
    for index in start...(haystack.count - needle.count) where haystack[index..<index + needle.count].elementsEqual(needle) {
      return index
    }
    return nil
  }

  private static func parameter(_ spec: ParamSpec, of entry: CatalogEntry) -> Parameter {
    let (accepts, fit) = describe(spec.kind)
    // A file name: a `path`, or any required string of a data source (npy's `labels:`), while an
    // optional one names a column (csv's `label:`).
    let isPath = spec.kind == .string && (spec.name == "path" || (entry.kind == .data && spec.isRequired))
    return Parameter(name: spec.name, isRequired: spec.isRequired, defaultText: spec.defaultText,
                     accepts: accepts, fit: fit, isPath: isPath)
  }
}

extension CatalogAdapter {
  /// What an argument kind accepts, in words and as completion candidates.
  fileprivate static func describe(_ kind: ArgKind) -> (String, ValueFit) {
    switch kind {
    case .int: return ("an int", ValueFit(symbols: { $1 == .int }))
    case .real: return ("a real number", ValueFit(symbols: { $1?.isScalar ?? false }))
    case .bool: return ("a bool", ValueFit(choices: ["true", "false"], symbols: { $1 == .bool }))
    case .string: return ("a string", ValueFit(symbols: { $1 == .string }))
    case .intList: return ("a list of integers such as [256, 256]", ValueFit(symbols: { $0 == .let && isVector($1) }))
    case .numeric, .point, .valueList:
      return ("a number, vector, matrix or tuple", ValueFit(symbols: { kind, _ in [.let, .param, .sweepVariable].contains(kind) }, functions: builtins))
    case .vector: return ("a vector", ValueFit(symbols: { isVector($1) }, functions: builtins))
    case .matrix: return ("a matrix", ValueFit(symbols: { if case .matrix? = $1 { return true } else { return false } }, functions: builtins))
    case .dataset: return ("a dataset", ValueFit(symbols: { k, _ in k == .data }, functions: names(.data)))
    case .model: return ("a model", ValueFit(symbols: { k, _ in k == .model }, functions: names(.model)))
    case .objective: return ("a loss or objective", ValueFit(symbols: { k, _ in k == .loss || k == .objective }))
    case .dataLoss: return ("a loss on data", ValueFit(symbols: { k, _ in k == .loss }))
    case .run: return ("a run (a 'train' result)", ValueFit(symbols: { k, _ in k == .train }))
    case .set:
      return ("a set: a run, 'run every k', points, ball, spectral_ball, grid or sphere",
              ValueFit(choices: manifolds, symbols: { k, _ in k == .train }, functions: names(.set)))
    case .labels: return ("labels: random, teacher(...), glm(...), halfspace(...) or an expression of the row x",
                          ValueFit(choices: ["random"], functions: names(.labels)))
    case .initializer: return ("an init: \(catalog.initNames.joined(separator: ", ")) or load(\"file.npy\")",
                               ValueFit(choices: catalog.initNames, functions: ["load"]))
    case .choice(let category, let options):
      return ("\(category == "activation" ? "an" : "a") \(category): \(options.joined(separator: ", "))", ValueFit(choices: options))
    case .realOr(let options):
      return ("a real number or \(options.joined(separator: ", "))", ValueFit(choices: options, symbols: { $1?.isScalar ?? false }))
    case .stopRule:
      return ("a condition on \(SymbolIndex.stopRuleMetrics.joined(separator: ", ")), as in loss < 1e-3",
              ValueFit(choices: SymbolIndex.stopRuleMetrics))
    }
  }

  private static let builtins = names(.builtin)

  private static func names(_ kind: EntryKind) -> [String] { catalog.names(of: kind) }

  private static func isVector(_ type: PType?) -> Bool {
    if case .vector? = type { return true } else { return false }
  }
}
