import Foundation
import PCX
@_exported import PCXTestSupport

/// Scripts and helpers shared by the embedding tests (public API only).
enum Scripts {
  /// 10 steps of GD with lr 0.1 on (x - 3)^2 from 0: x_k - 3 = -3 * 0.8^k, so the loss is
  /// 9 * 0.64^k (closed form of the linear recurrence x' = x - 0.2 (x - 3)).
  static let quadratic = """
    seed 7
    param x: real = 0.0
    objective f = (x - 3)^2
    train d = gd(f, lr: 0.1, steps: 10)
    certify c = chatterjee(f, at: (x), radius: 0.5)
    report d.final_loss

    """

  /// A small network on Gaussian data: every number depends on the seed.
  static let network = """
    data D = gaussian(n: 16, d: 4)
    model net = mlp(in: 4, hidden: [8], out: 1, activation: tanh)
    loss L = mse(net, D)
    train r = gd(L, lr: 0.05, steps: 30)

    """

  /// A run far longer than any test waits for.
  static let endless = """
    param x: real = 1.0
    objective f = 0.5 * x^2
    train long = gd(f, lr: 0.000001, steps: 9000000)
    report long.final_loss

    """

  /// The run's outcome as the error it threw, or nil if it succeeded.
  static func error(_ work: () async throws -> RunResult) async -> PCXError? {
    do {
      _ = try await work()
      return nil
    } catch {
      return error as? PCXError
    }
  }
}
