import PCXSema

/// The losses of SPEC §4.3 as catalog entries; their conventions differ between the papers, so
/// each names its reduction (`LossKind.convention`, printed in reports).
extension LossKind: CaseIterable {
  public static let allCases: [LossKind] = [.square, .mse, .logistic, .crossEntropy]

  /// The catalog entry of the loss.
  var entry: CatalogEntry {
    CatalogEntry(rawValue, .loss, [.required("model", .model), .required("data", .dataset)],
                 rule: .loss, summary: summary, reference: reference)
  }

  var summary: String {
    switch self {
    case .square: return "0.5 * sum_i (f(x_i) - y_i)^2"
    case .mse: return "(1/n) * sum_i (y_i - f(x_i))^2"
    case .logistic: return "(1/n) * sum_i log(1 + exp(-y_i f(x_i)))"
    case .crossEntropy: return "softmax cross-entropy with integer or one-hot labels"
    }
  }

  var reference: String {
    switch self {
    case .square: return "003 eq (2)"
    case .mse: return "001 Sec 4, 004 Sec 3"
    case .logistic: return "000 Sec 2"
    case .crossEntropy: return "SPEC 4.3"
    }
  }
}
