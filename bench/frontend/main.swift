// Front-end benchmark: generate a 10,000-line script, parse and check it several times, print
// the median. The bar (issue 3): under 100 ms in a release build.
//   swift build -c release --product pcx-frontend-bench && .build/release/pcx-frontend-bench
import Foundation
import PCXFrontEnd
import PCXRuntime
import PCXSource

/// A script of `lines` lines cycling through every kind of statement, with unique names.
func generateScript(lines: Int) -> String {
  var out = "seed 42\n"
  var count = 1
  var block = 0
  while count + 12 <= lines {
    let i = block
    out += """
      let n\(i) = \(64 + i % 64)
      param x\(i): real = 0.5
      param y\(i): real = \(1 + i % 7).5
      param w\(i): vector[n\(i)] = zeros(n\(i))   # a comment
      data D\(i) = gaussian(n: 256, d: n\(i))
      model net\(i) = mlp(in: n\(i), hidden: [32, 32], out: 1, activation: tanh,
                          scaling: ntk)
      loss L\(i) = mse(net\(i), D\(i))
      objective f\(i) = (x\(i) * y\(i) - 1)^2 + 0.01 * sum(w\(i) * w\(i))
      train run\(i) = gd(L\(i), lr: 0.1, steps: 100, stop: loss < 1e-3)
      certify c\(i) = pl_star(L\(i), on: run\(i) every 10)
      report run\(i).final_loss, c\(i).mu

      """
    count += 12
    block += 1
  }
  while count < lines {
    out += "let pad\(count) = \(count)\n"
    count += 1
  }
  return out
}

let lines = 10_000
let script = generateScript(lines: lines)
let file = SourceFile(name: "bench.pcx", text: script)
let warm = FrontEnd.check(file, catalog: Registry.catalog)
guard !warm.diagnostics.containsError else {
  print(DiagnosticRenderer(files: [file], color: false).render(warm.diagnostics).prefix(2000))
  exit(1)
}
var times: [Double] = []
for _ in 0..<9 {
  let start = DispatchTime.now().uptimeNanoseconds
  let result = FrontEnd.check(file, catalog: Registry.catalog)
  let end = DispatchTime.now().uptimeNanoseconds
  if result.typed.statements.isEmpty { exit(1) }
  times.append(Double(end - start) / 1e6)
}
times.sort()
let median = times[times.count / 2]
print("front end: \(file.lineCount - 1) lines, \(script.utf8.count) bytes, \(warm.parse.tokens.count) tokens")
print(String(format: "parse+check median of %d runs: %.1f ms (min %.1f, max %.1f); bar: 100 ms", times.count, median, times[0], times[times.count - 1]))
