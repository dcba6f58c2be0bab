import Foundation
import PCXSema
import PCXSource
import PCXSyntax

/// One document checked by the front end, exactly as `pcx check` checks it (the same lexer,
/// parser, checker and data-header probe), with the symbol index editors need. The only use
/// of `FrontEnd.check` in the server.
struct Analysis {
  /// The document's URI and version.
  let uri: String
  let version: Int
  /// The text checked (empty for a document over `ServerLimits.maxDocumentBytes`).
  let file: SourceFile
  /// Tokens and AST.
  let parse: ParseResult
  /// The typed program (partial after errors).
  let typed: TypedProgram
  /// Every diagnostic, as `pcx check` reports them.
  let diagnostics: DiagnosticSet
  /// Declarations and identifier roles, built on first use: publishing diagnostics, the path
  /// that must be fast after every change, does not need them.
  var index: SymbolIndex { indexCache.get() }
  private let indexCache: IndexCache
  /// Positions of the real text.
  let lines: LineIndex

  /// Checks a document. Data headers (`csv("d.csv")`) are read relative to its directory.
  init(_ document: Document, encoding: PositionEncoding) {
    uri = document.uri
    version = document.version
    let real = document.sourceFile
    lines = LineIndex(file: real, encoding: encoding)
    var checked = real
    var extra = DiagnosticSet()
    if document.bytes.count > ServerLimits.maxDocumentBytes {
      checked = SourceFile(name: real.name, bytes: [])
      let span = SourceSpan(file: real.name, start: 0, end: 0, line: 1, column: 1)
      extra.insert(.error("the document has \(document.bytes.count) bytes, over the \(ServerLimits.maxDocumentBytes) bytes pcx lsp checks; split it into smaller scripts", at: span))
    }
    let probe: any FileProbe = DocumentPaths.directory(document.uri).map { RegularFileProbe(directory: $0) } ?? NoFileProbe()
    let result = FrontEnd.check(checked, catalog: CatalogAdapter.catalog, probe: probe)
    file = checked
    parse = result.parse
    typed = result.typed
    extra.formUnion(result.diagnostics)
    diagnostics = extra
    indexCache = IndexCache(program: result.parse.program, typed: result.typed)
  }

  /// The byte offset of a position.
  func offset(of position: LSPPosition) -> Int { lines.offset(of: position) }

  /// The identifier occurrence at a position.
  func occurrence(at position: LSPPosition) -> SymbolIndex.Occurrence? {
    index.occurrence(at: offset(of: position))
  }
}

/// The symbol index of one analysis, built once when first asked for. Shared by the copies of
/// the analysis; the server uses them on its loop's thread only.
final class IndexCache {
  private let program: Program
  private let typed: TypedProgram
  private var built: SymbolIndex?

  init(program: Program, typed: TypedProgram) {
    self.program = program
    self.typed = typed
  }

  func get() -> SymbolIndex {
    if let built { return built }
    let index = SymbolIndex.build(program, typed: typed)
    built = index
    return index
  }
}

/// `pcx check`'s probe, for regular files only: a script naming `/dev/stdin` would otherwise
/// read the protocol's own input, and a FIFO would block the server.
struct RegularFileProbe: FileProbe {
  let disk: DiskFileProbe

  init(directory: String) { disk = DiskFileProbe(directory: directory) }

  private func isRegular(_ path: String) -> Bool {
    var info = stat()
    let full = path.hasPrefix("/") ? path : disk.directory + "/" + path
    return stat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  func csvHeader(_ path: String) -> [String]? { isRegular(path) ? disk.csvHeader(path) : nil }
  func npyShape(_ path: String) -> [Int]? { isRegular(path) ? disk.npyShape(path) : nil }
}
