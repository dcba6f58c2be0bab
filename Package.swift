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
    .testTarget(name: "PCXSemaTests", dependencies: ["PCXSema", "PCXFrontEnd"]),
    .target(name: "PCXFrontEnd", dependencies: ["PCXSema"]),
    .executableTarget(
      name: "pcx",
      dependencies: ["PCXFrontEnd", "PCXRuntime", "PCXNumerics", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "pcx-frontend-bench", dependencies: ["PCXFrontEnd"], path: "bench/frontend"),

    // MARK: Runtime
    .target(name: "PCXRuntime", dependencies: ["PCXFrontEnd", "PCXSema", "PCXNumerics"]),
    .testTarget(
      name: "PCXRuntimeTests", dependencies: ["PCXRuntime"],
      exclude: ["Fixtures", "Trajectories", "Snapshots"]),

    // MARK: Benchmarks
    .executableTarget(
      name: "pcx-bench",
      dependencies: ["PCXNumerics", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "bench/pcx-bench",
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
  ]
)
