/// The catalog a script is checked against: every callable name (data sources, labellings,
/// models, losses, optimizers, certificates, sets, builtins) with its signature, and the members
/// readable on runs, certificates and traces. The checker only reads it; the runtime's registry
/// (`PCXRuntime.Registry`) builds it from its entries, so a name's signature and its
/// implementation live in one place.
public struct Catalog: Sendable {
  /// Every entry.
  public let entries: [CatalogEntry]
  /// Named initialisation schemes of models (`init: lecun`); `load("file.npy")` is the other form.
  public let initNames: [String]
  /// Typed members by value kind: "run", "certificate", "trace".
  public let memberTypes: [String: [String: PType]]
  /// Every distinct name, sorted (for suggestions and completion).
  public let names: [String]
  private let byName: [String: [CatalogEntry]]

  /// A catalog of `entries`.
  public init(entries: [CatalogEntry], initNames: [String], memberTypes: [String: [String: PType]]) {
    self.entries = entries
    self.initNames = initNames
    self.memberTypes = memberTypes
    byName = Dictionary(grouping: entries, by: \.name)
    names = byName.keys.sorted()
  }

  /// Every entry with this name (a name may have one entry per kind, e.g. `glm`).
  public func entries(named name: String) -> [CatalogEntry] { byName[name] ?? [] }

  /// The entry of a name and kind.
  public func entry(_ name: String, kind: EntryKind) -> CatalogEntry? {
    byName[name]?.first { $0.kind == kind }
  }

  /// The names of one kind, sorted.
  public func names(of kind: EntryKind) -> [String] { names.filter { entry($0, kind: kind) != nil } }
}
