// swift-tools-version:6.0
// pcx: a language and interpreter for optimization experiments with certificates.
// Layout (see README "Where things live"): one target per stage, dependencies flow one way:
//   PCXSource -> PCXSyntax -> PCXSema -> PCXRuntime -> PCX -> executables;
//   PCXNumerics (tensors, autodiff, linear algebra, RNG, ODE) knows nothing of the language.
import PackageDescription

let package = Package(
  name: "pcx",
  products: [
    .library(name: "PCXNumerics", targets: ["PCXNumerics"]),
    .library(name: "PCX", targets: ["PCX"]),
    .library(name: "PCXREPL", targets: ["PCXREPL"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // MARK: System libraries and C kernels
    .systemLibrary(
      name: "_CBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "_CLAPACKE", pkgConfig: "lapacke",
      providers: [.apt(["liblapacke-dev"])]),
    .systemLibrary(
      name: "_CEditLine", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]),
    .target(name: "_CEditLineShim", dependencies: ["_CEditLine"]),
    .target(
      name: "_PCXKernels",
      cSettings: [.unsafeFlags(["-O3"])],
      linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux])), .linkedLibrary("m")]),

    // MARK: Numerical core
    .target(
      name: "PCXNumerics",
      dependencies: ["_CBLAS", "_CLAPACKE", "_PCXKernels"],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
    .testTarget(name: "PCXNumericsTests", dependencies: ["PCXNumerics"]),

    // MARK: Front end
    // (language targets: PCXSource, PCXSyntax, PCXSema and the `pcx` executable)
    .target(name: "PCXSource"),
    .target(name: "PCXSyntax", dependencies: ["PCXSource"]),
    .testTarget(name: "PCXSyntaxTests", dependencies: ["PCXSyntax"]),
    .target(name: "PCXSema", dependencies: ["PCXSyntax"]),
    .testTarget(name: "PCXSemaTests", dependencies: ["PCXSema", "PCXFrontEnd", "PCXRuntime"]),
    .target(name: "PCXFrontEnd", dependencies: ["PCXSema"]),
    .executableTarget(
      name: "pcx",
      dependencies: ["PCX", "PCXREPL", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "pcx-frontend-bench", dependencies: ["PCXFrontEnd", "PCXRuntime"], path: "bench/frontend"),

    // MARK: Runtime
    .target(name: "PCXRuntime", dependencies: ["PCXSema", "PCXNumerics"]),
    .testTarget(
      name: "PCXRuntimeTests", dependencies: ["PCXRuntime", "PCXFrontEnd"],
      exclude: ["Fixtures", "Trajectories", "Snapshots"]),

    // MARK: Embedding API (SPEC §8): the only way the CLI and hosts reach the interpreter
    .target(name: "PCX", dependencies: ["PCXFrontEnd", "PCXRuntime", "PCXNumerics"]),
    .testTarget(name: "PCXTests", dependencies: ["PCX"]),
    .executableTarget(name: "pcx-embed-example", dependencies: ["PCX"], path: "examples/embedding"),

    // MARK: REPL (SPEC §7): libedit line editing over `PCX.Session`
    .target(name: "PCXREPL", dependencies: ["PCX", "_CEditLineShim"]),
    .testTarget(name: "PCXREPLTests", dependencies: ["PCX", "PCXREPL"]),

    // MARK: Benchmarks
    .executableTarget(
      name: "pcx-bench",
      dependencies: ["PCXNumerics", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "bench/pcx-bench",
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
  ]
)
