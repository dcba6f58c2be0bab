// pcx-bench: the numerical core's benchmarks (issue 2), printed as JSON in the format of
// bench/reference.py so that bench/compare.sh can set them beside JAX and NumPy.
import ArgumentParser
import Foundation
import PCXNumerics

struct Result: Codable {
  var framework = "pcx"
  let workload: String
  let median_ms: Double
  let min_ms: Double
  let reps: Int
  var extra: [String: Double] = [:]
}

struct Report: Codable {
  let machine: [String: String]
  let results: [Result]
}

@main
struct PCXBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pcx-bench", abstract: "Benchmarks of pcx's numerical core (see bench/README.md).")

  @Option(help: "Write the results as JSON to this file.") var json: String?
  @Option(help: "Comma-separated workload names to run (default: all).") var only: String?
  @Option(help: "Measured repetitions per workload (median reported).") var reps = 7
  @Option(help: "Steps of the tracked GD workload.") var gdSteps = 3000
  @Option(help: "Repetitions of the tracked GD workload.") var gdReps = 3
  @Option(help: "BLAS threads.") var threads = 2

  func run() throws {
    BLAS.setThreads(threads)
    Kernels.configureAllocatorForLargeTensors()
    let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
    var results: [Result] = []
    for (name, body) in workloads() where wanted?.contains(name) ?? true {
      let r = try body()
      results.append(r)
      let extra = r.extra.sorted { $0.key < $1.key }.map { "\($0.key)=\(fmt($0.value))" }.joined(separator: " ")
      FileHandle.standardError.write("\(name): median \(fmt(r.median_ms)) ms, min \(fmt(r.min_ms)) ms \(extra)\n".data(using: .utf8) ?? Data())
    }
    let report = Report(machine: machine(), results: results)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(report)
    if let json { try data.write(to: URL(fileURLWithPath: json)) } else { print(String(decoding: data, as: UTF8.self)) }
  }

  func fmt(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.3g", x) }

  func machine() -> [String: String] {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
      .split(separator: "\n").first { $0.hasPrefix("model name") }
      .map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
    return ["cpu": cpu, "cores": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "blas_threads": "\(BLAS.threads)", "openblas_corename": BLAS.coreName, "vector_kernels": Kernels.vectorised ? "libmvec avx2" : "scalar libm"]
  }

  func workloads() -> [(String, () throws -> Result)] {
    var list: [(String, () throws -> Result)] = [("dgemm_1024", dgemm)]
    for m in [64, 256, 1024] { list.append(("loss_grad_m\(m)", { try lossGrad(m) })) }
    for m in [64, 128, 256, 512, 1024] { list.append(("loss_grad_flat_m\(m)", { try flatLossGrad(m, tracking: false) })) }
    list.append(("loss_grad_gbar_flat_m256", { try flatLossGrad(256, tracking: true) }))
    for m in [64, 256] { list.append(("hvp_m\(m)", { try hvp(m) })) }
    for m in [64, 256] { list.append(("hvp_mlp_m\(m)", { try structuredHVP(m) })) }
    list.append(("tangent_kernel_m256", { try tangentKernel(256) }))
    list.append(("gd3000_gbar_m256", { try trackedGD(256) }))
    return list
  }

  func dgemm() throws -> Result {
    var rng = RandomStream(seed: 1)
    let a = try rng.normalTensor([1024, 1024]), b = try rng.normalTensor([1024, 1024])
    let t = try Timing.measure(reps: reps) { _ = try Tensor.matmul(a, b) }
    return Result(workload: "dgemm_1024", median_ms: t.median, min_ms: t.min, reps: reps,
                  extra: ["gflops": 2 * pow(1024, 3) / (t.median * 1e6)])
  }

  func lossGrad(_ m: Int) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    let t = try Timing.measure(reps: reps) { _ = try Autodiff.valueAndGradient(at: w.params, of: w.loss) }
    return Result(workload: "loss_grad_m\(m)", median_ms: t.median, min_ms: t.min, reps: reps,
                  extra: ["gflops": w.lossGradFlops / (t.median * 1e6), "flops": w.lossGradFlops])
  }

  func hvp(_ m: Int) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    var rng = RandomStream(seed: 9)
    let v = try w.params.map { try rng.normalTensor($0.shape) }
    let t = try Timing.measure(reps: reps) { _ = try Autodiff.hvp(at: w.params, direction: v, of: w.loss) }
    let g = try Timing.measure(reps: reps) { _ = try Autodiff.valueAndGradient(at: w.params, of: w.loss) }
    return Result(workload: "hvp_m\(m)", median_ms: t.median, min_ms: t.min, reps: reps,
                  extra: ["ratio_to_pcx_grad": t.median / g.median, "pcx_grad_ms": g.median])
  }

  /// Loss and gradient through `MLPSquareLoss` (what `pcx run` evaluates at every step of an
  /// mlp's square loss), optionally with ||gbar|| from the same backward pass.
  func flatLossGrad(_ m: Int, tracking: Bool) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    let loss = try MLPSquareLoss(net: w.net, inputs: w.x, targets: w.y, scale: 1 / Double(Workload.n))
    let theta = try w.net.flatten(w.params).scalars
    var g = [Double](repeating: 0, count: theta.count), gbar = g
    let t = try Timing.measure(reps: reps) {
      theta.withUnsafeBufferPointer { p in
        g.withUnsafeMutableBufferPointer { q in
          gbar.withUnsafeMutableBufferPointer { r in
            if tracking {
              _ = loss.evaluateTracking(theta: p.baseAddress!, gradient: q.baseAddress!, averageGradient: r.baseAddress!)
            } else {
              _ = loss.evaluate(theta: p.baseAddress!, gradient: q.baseAddress!)
            }
          }
        }
      }
    }
    let name = tracking ? "loss_grad_gbar_flat_m\(m)" : "loss_grad_flat_m\(m)"
    return Result(workload: name, median_ms: t.median, min_ms: t.min, reps: reps,
                  extra: ["gflops": w.lossGradFlops / (t.median * 1e6), "flops": w.lossGradFlops])
  }

  /// H v by `MLPSquareLossHVP` (forward over reverse, 8 products per hidden layer).
  func structuredHVP(_ m: Int) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    let op = try MLPSquareLossHVP(net: w.net, inputs: w.x, targets: w.y, scale: 1 / Double(Workload.n))
    var rng = RandomStream(seed: 9)
    let theta = try w.net.flatten(w.params).scalars
    let v = try rng.normalTensor([theta.count]).scalars
    var hv = [Double](repeating: 0, count: theta.count)
    let t = try Timing.measure(reps: reps) {
      theta.withUnsafeBufferPointer { p in
        v.withUnsafeBufferPointer { d in
          hv.withUnsafeMutableBufferPointer { o in op.apply(theta: p.baseAddress!, direction: d.baseAddress!, into: o.baseAddress!) }
        }
      }
    }
    let g = try Timing.measure(reps: reps) { _ = try Autodiff.valueAndGradient(at: w.params, of: w.loss) }
    return Result(workload: "hvp_mlp_m\(m)", median_ms: t.median, min_ms: t.min, reps: reps,
                  extra: ["ratio_to_pcx_grad": t.median / g.median, "pcx_grad_ms": g.median])
  }

  func tangentKernel(_ m: Int) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    let t = try Timing.measure(reps: reps) {
      _ = try w.net.tangentKernel(w.params, inputs: w.x, memoryLimit: 1 << 32)
    }
    let peak = try PeakMemory.measure { _ = try w.net.tangentKernel(w.params, inputs: w.x, memoryLimit: 1 << 32) }
    let n = Double(Workload.n)
    let bound = n * n * 8 + n * Double(Workload.d + 3 * m) * 8
    var extra = ["bound_bytes": bound, "planned_bytes": Double(w.net.tangentKernelBytes(samples: Workload.n))]
    if let peak { extra["peak_bytes"] = Double(peak) }
    return Result(workload: "tangent_kernel_m\(m)", median_ms: t.median, min_ms: t.min, reps: reps, extra: extra)
  }

  /// 3000 GD steps (lr 0.5, no early stop) tracking ||gbar_t|| (004 Sec 6) at every step, as
  /// `pcx run` takes them: `MLPSquareLoss.evaluateTracking` (the loss gradient and gbar from one
  /// backward pass, flat buffers, a workspace allocated once) and the update in place.
  func trackedGD(_ m: Int) throws -> Result {
    let w = try Workload(width: m, seed: 7)
    let loss = try MLPSquareLoss(net: w.net, inputs: w.x, targets: w.y, scale: 1 / Double(Workload.n))
    let start = try w.net.flatten(w.params).scalars
    var lastLoss = 0.0, lastGbar = 0.0
    let t = try Timing.measure(reps: gdReps, warmup: 0) {
      var p = start, g = [Double](repeating: 0, count: start.count), gbar = g
      for _ in 0..<gdSteps {
        p.withUnsafeMutableBufferPointer { pp in
          g.withUnsafeMutableBufferPointer { gp in
            gbar.withUnsafeMutableBufferPointer { bp in
              let r = loss.evaluateTracking(theta: pp.baseAddress!, gradient: gp.baseAddress!, averageGradient: bp.baseAddress!)
              (lastLoss, lastGbar) = (r.value, r.averageGradientNorm)
              start.withUnsafeBufferPointer { _ = LaneSums.descend(pp, UnsafeBufferPointer(gp), lr: 0.5, origin: $0) }
            }
          }
        }
      }
    }
    return Result(workload: "gd3000_gbar_m\(m)", median_ms: t.median, min_ms: t.min, reps: gdReps,
                  extra: ["steps": Double(gdSteps), "final_loss": lastLoss, "final_gbar_norm": lastGbar])
  }
}
