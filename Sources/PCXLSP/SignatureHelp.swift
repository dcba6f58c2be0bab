/// Signature help inside a catalog call: the call's signature with the argument being typed
/// highlighted (by its label once written, else by position).
enum SignatureHelpProvider {
  static func help(_ analysis: Analysis, at position: LSPPosition) -> SignatureHelp? {
    let offset = analysis.offset(of: position)
    let wordStart = CompletionProvider.wordStart(analysis.lines.file, before: offset)
    guard let call = CallContext.find(analysis.parse.tokens, before: wordStart) else { return nil }
    let functions = CatalogAdapter.functions(named: call.callee)
    guard !functions.isEmpty else { return nil }
    let preferred = CatalogAdapter.function(named: call.callee)?.kind
    let active = functions.firstIndex { $0.kind == preferred } ?? 0
    let signatures = functions.map { function in
      SignatureInformation(
        label: function.signature,
        documentation: MarkupContent(value: "\(function.summary) (\(function.reference))"),
        parameters: zip(function.parameters, function.parameterRanges).map { parameter, range in
          ParameterInformation(label: [utf16(function.signature, range.lowerBound), utf16(function.signature, range.upperBound)],
                               documentation: parameter.accepts)
        })
    }
    let function = functions[active]
    let parameter: Int?
    if let label = call.label ?? labelAtCursor(analysis, wordStart) {
      parameter = function.parameters.firstIndex { $0.name == label }
    } else if !call.usedLabels.isEmpty {
      parameter = nil  // a positional argument after named ones is an error the checker reports
    } else {
      parameter = call.argument < function.parameters.count ? call.argument : nil
    }
    return SignatureHelp(signatures: signatures, activeSignature: active, activeParameter: parameter ?? function.parameters.count)
  }

  /// The word at the cursor when a `:` follows it (the cursor is on a written label).
  private static func labelAtCursor(_ analysis: Analysis, _ wordStart: Int) -> String? {
    let tokens = analysis.parse.tokens
    guard let index = tokens.firstIndex(where: { $0.span.start == wordStart }), tokens[index].kind == .identifier,
      index + 1 < tokens.count, tokens[index + 1].kind == .colon
    else { return nil }
    return tokens[index].text
  }

  /// LSP counts label offsets in UTF-16 code units.
  private static func utf16(_ text: String, _ byteOffset: Int) -> Int {
    let utf8 = text.utf8
    let index = utf8.index(utf8.startIndex, offsetBy: min(byteOffset, utf8.count))
    return text.utf16.distance(from: text.utf16.startIndex, to: index)
  }
}
