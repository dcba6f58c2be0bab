#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A smooth (or piecewise smooth) function of one real variable with its derivatives, applied
/// elementwise. `derivatives[0]` is the function itself, `derivatives[k]` its k-th derivative;
/// the primitive built from it differentiates as many times as derivatives are given.
public struct ScalarFunction: Sendable {
  /// The name used in messages and by the language catalog (e.g. `tanh`, `smooth_leaky_relu`).
  public let name: String
  /// f, f', f'', ... as closures.
  public let derivatives: [@Sendable (Double) -> Double]
  /// A vectorised implementation of f for whole tensors, when one exists.
  let vectorised: (@Sendable (Tensor) -> Tensor)?

  /// A function with its derivatives, f first.
  public init(name: String, _ derivatives: [@Sendable (Double) -> Double]) {
    self.init(name: name, derivatives, vectorised: nil)
  }

  init(name: String, _ derivatives: [@Sendable (Double) -> Double], vectorised: (@Sendable (Tensor) -> Tensor)?) {
    self.name = name
    self.derivatives = derivatives
    self.vectorised = vectorised
  }

  /// f at one point.
  public func callAsFunction(_ x: Double) -> Double { derivatives[0](x) }
}

/// Numerically stable pieces shared by the activations.
enum Stable {
  /// The logistic sigmoid 1 / (1 + e^-x) without overflow.
  static func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
  }
  /// softplus log(1 + e^x) without overflow.
  static func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-Swift.abs(x))) }
  /// The standard normal density.
  static func phi(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
  /// The standard normal distribution function.
  static func Phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

extension ScalarFunction {
  /// The identity.
  public static let identity = ScalarFunction(name: "identity", [{ $0 }, { _ in 1 }, { _ in 0 }, { _ in 0 }])

  /// The logistic sigmoid; derivatives from s' = s(1-s).
  public static let sigmoid = ScalarFunction(name: "sigmoid", [
    Stable.sigmoid,
    { let s = Stable.sigmoid($0); return s * (1 - s) },
    { let s = Stable.sigmoid($0); return s * (1 - s) * (1 - 2 * s) },
    { let s = Stable.sigmoid($0); return s * (1 - s) * (1 - 6 * s + 6 * s * s) },
  ])

  /// The bipolar sigmoid (1 - e^-x) / (1 + e^-x) = tanh(x / 2).
  public static let bipolarSigmoid = ScalarFunction(name: "bipolar_sigmoid", [
    { tanh($0 / 2) },
    { let t = tanh($0 / 2); return (1 - t * t) / 2 },
    { let t = tanh($0 / 2); return -t * (1 - t * t) / 2 },
    { let t = tanh($0 / 2); return -(1 - t * t) * (1 - 3 * t * t) / 4 },
  ])

  /// softplus log(1 + e^x); f' is the sigmoid.
  public static let softplus = ScalarFunction(name: "softplus", [
    Stable.softplus, Stable.sigmoid,
    { let s = Stable.sigmoid($0); return s * (1 - s) },
    { let s = Stable.sigmoid($0); return s * (1 - s) * (1 - 2 * s) },
  ])

  /// The smooth leaky ReLU `a x + (1 - a) log(1 + e^x)` of 001 Remark 4.6.
  public static func smoothLeakyReLU(_ a: Double) -> ScalarFunction {
    ScalarFunction(name: "smooth_leaky_relu", [
      { a * $0 + (1 - a) * Stable.softplus($0) },
      { a + (1 - a) * Stable.sigmoid($0) },
      { let s = Stable.sigmoid($0); return (1 - a) * s * (1 - s) },
      { let s = Stable.sigmoid($0); return (1 - a) * s * (1 - s) * (1 - 2 * s) },
    ])
  }

  /// The leaky ReLU `max(x, a x)`; derivative 1 or `a` (taken as `a` at 0), second derivative 0.
  public static func leakyReLU(_ a: Double) -> ScalarFunction {
    ScalarFunction(name: "leaky_relu", [
      { $0 > 0 ? $0 : a * $0 }, { $0 > 0 ? 1 : a }, { _ in 0 }, { _ in 0 },
    ])
  }

  /// The ReLU `max(x, 0)`; derivative 1 for x > 0 and 0 otherwise, second derivative 0.
  public static let relu = ScalarFunction(name: "relu", [
    { max($0, 0) }, { $0 > 0 ? 1 : 0 }, { _ in 0 }, { _ in 0 },
  ])

  /// The complementary log-log link `1 - exp(-exp(x))`.
  public static let cloglog = ScalarFunction(name: "cloglog", [
    { -expm1(-exp($0)) },
    { exp($0 - exp($0)) },
    { exp($0 - exp($0)) * (1 - exp($0)) },
    { let e = exp($0); return exp($0 - e) * ((1 - e) * (1 - e) - e) },
  ])

  /// GELU `x Phi(x)` with the exact normal distribution function.
  public static let gelu = ScalarFunction(name: "gelu", [
    { $0 * Stable.Phi($0) },
    { Stable.Phi($0) + $0 * Stable.phi($0) },
    { Stable.phi($0) * (2 - $0 * $0) },
    { Stable.phi($0) * ($0 * $0 * $0 - 4 * $0) },
  ])

  /// swish `x sigmoid(x)`.
  public static let swish = ScalarFunction(name: "swish", [
    { $0 * Stable.sigmoid($0) },
    { let s = Stable.sigmoid($0); return s + $0 * s * (1 - s) },
    { let s = Stable.sigmoid($0); return s * (1 - s) * (2 + $0 * (1 - 2 * s)) },
    { x in
      let s = Stable.sigmoid(x), d = s * (1 - s)
      return d * (1 - 2 * s) * (2 + x * (1 - 2 * s)) + d * ((1 - 2 * s) - 2 * x * d)
    },
  ])

  /// The exponential (vectorised).
  public static let exp = ScalarFunction(
    name: "exp", [{ libm_exp($0) }, { libm_exp($0) }, { libm_exp($0) }, { libm_exp($0) }],
    vectorised: { $0.exp() })

  /// The natural logarithm (NaN below zero).
  public static let log = ScalarFunction(
    name: "log", [{ libm_log($0) }, { 1 / $0 }, { -1 / ($0 * $0) }, { 2 / ($0 * $0 * $0) }],
    vectorised: { $0.log() })

  /// The sine (vectorised).
  public static let sin = ScalarFunction(
    name: "sin", [{ libm_sin($0) }, { libm_cos($0) }, { -libm_sin($0) }, { -libm_cos($0) }],
    vectorised: { $0.sin() })

  /// The cosine (vectorised).
  public static let cos = ScalarFunction(
    name: "cos", [{ libm_cos($0) }, { -libm_sin($0) }, { -libm_cos($0) }, { libm_sin($0) }],
    vectorised: { $0.cos() })

  /// The square root (derivatives infinite at 0).
  public static let sqrt = ScalarFunction(name: "sqrt", [
    { $0.squareRoot() }, { 0.5 / $0.squareRoot() }, { -0.25 / ($0 * $0.squareRoot()) },
    { 0.375 / ($0 * $0 * $0.squareRoot()) },
  ])

  /// The absolute value (derivative taken as 0 at 0).
  public static let abs = ScalarFunction(name: "abs", [
    { Swift.abs($0) }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { _ in 0 }, { _ in 0 },
  ])

  /// `x^p` for a fixed real exponent.
  public static func power(_ p: Double) -> ScalarFunction {
    ScalarFunction(name: "pow", [
      { pow($0, p) }, { p * pow($0, p - 1) }, { p * (p - 1) * pow($0, p - 2) },
      { p * (p - 1) * (p - 2) * pow($0, p - 3) },
    ])
  }

  /// `log(1 + e^-x)`, the logistic loss of a margin (000 Sec 2), computed stably.
  public static let logisticLoss = ScalarFunction(name: "logistic_loss", [
    { Stable.softplus(-$0) },
    { -Stable.sigmoid(-$0) },
    { let s = Stable.sigmoid($0); return s * (1 - s) },
    { let s = Stable.sigmoid($0); return s * (1 - s) * (1 - 2 * s) },
  ])
}

// libm entry points under names that the static members above do not shadow.
@inline(__always) private func libm_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libm_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func libm_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func libm_cos(_ x: Double) -> Double { cos(x) }
