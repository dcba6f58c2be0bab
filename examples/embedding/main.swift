// pcx-embed-example: embeds pcx through `import PCX` only. Runs a script, streams its progress
// to stderr and prints one certificate's verdict. Usage: pcx-embed-example SCRIPT.pcx
import Foundation
import PCX

let arguments = CommandLine.arguments
guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
  FileHandle.standardError.write(Data("usage: pcx-embed-example SCRIPT.pcx (an existing file)\n".utf8))
  exit(64)
}
let path = arguments[1]
let directory = (path as NSString).deletingLastPathComponent

var configuration = InterpreterConfiguration()
configuration.baseDirectory = directory.isEmpty ? "." : directory
configuration.maxSteps = 100_000
configuration.wallTimeBudget = 300
configuration.allowsFileWrites = false  // this host only reads the result
let interpreter = PCXInterpreter(configuration: configuration)

let (events, task) = interpreter.runStreaming(source: String(decoding: data, as: UTF8.self), fileName: path)
for await event in events {
  switch event {
  case .started(let name): print("started \(name)")
  case .step(let run, let step, let total, let loss) where step % 500 == 0:
    print("  \(run): step \(step) of at most \(total), loss \(loss)")
  case .certificateFinished(let name, let binding, let verdict):
    print("  certificate \(binding ?? name): \(verdict)")
  case .finished(let status): print("finished: \(status.rawValue)")
  default: break
  }
}

do {
  let result = try await task.value
  for run in result.runs {
    print("run \(run.name): \(run.steps) steps, final loss \(run.finalLoss), \(run.status.rawValue)")
  }
  if let certificate = result.certificates.first {
    // Print what the document says: the verdict and, where there is one, its reason (certificates
    // this version does not evaluate are inconclusive, "not evaluated").
    let reason = certificate.reason.map { " (\($0))" } ?? ""
    print("certificate \(certificate.binding ?? certificate.name): \(certificate.verdict.rawValue)\(reason)")
  } else {
    print("the script certifies nothing")
  }
} catch let error as PCXError {
  FileHandle.standardError.write(Data(error.rendered().utf8))
  exit(65)
}
