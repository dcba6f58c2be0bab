import _PCXKernels

/// Elementwise arithmetic with broadcasting, and elementwise maps.
extension Tensor {
  /// Combines two tensors elementwise after broadcasting them to a common shape.
  @inlinable
  public static func zip(
    _ a: Tensor, _ b: Tensor, _ op: (Double, Double) -> Double
  ) throws -> Tensor {
    if a.shape == b.shape {
      let out = a.scalars.withUnsafeBufferPointer { x in
        b.scalars.withUnsafeBufferPointer { y in
          [Double](unsafeUninitializedCapacity: x.count) { z, count in
            for i in 0..<x.count { z[i] = op(x[i], y[i]) }
            count = x.count
          }
        }
      }
      return Tensor(uncheckedShape: a.shape, scalars: out)
    }
    return try zipBroadcasting(a, b, op)
  }

  @usableFromInline
  static func zipBroadcasting(
    _ a: Tensor, _ b: Tensor, _ op: (Double, Double) -> Double
  ) throws -> Tensor {
    if b.count == 1 {
      let s = b.scalars[0]
      let shape = try broadcastShape(a.shape, b.shape)
      return Tensor(uncheckedShape: shape, scalars: a.scalars.map { op($0, s) })
    }
    if a.count == 1 {
      let s = a.scalars[0]
      let shape = try broadcastShape(a.shape, b.shape)
      return Tensor(uncheckedShape: shape, scalars: b.scalars.map { op(s, $0) })
    }
    let shape = try broadcastShape(a.shape, b.shape)
    let sa = broadcastStrides(from: a.shape, to: shape)
    let sb = broadcastStrides(from: b.shape, to: shape)
    var out = [Double](repeating: 0, count: count(of: shape))
    a.scalars.withUnsafeBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in
        out.withUnsafeMutableBufferPointer { z in
          walk(shape, sa, sb) { k, i, j in z[k] = op(x[i], y[j]) }
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// Applies `f` to every element.
  @inlinable
  public func map(_ f: (Double) -> Double) -> Tensor {
    let out = scalars.withUnsafeBufferPointer { x in
      [Double](unsafeUninitializedCapacity: x.count) { y, count in
        for i in 0..<x.count { y[i] = f(x[i]) }
        count = x.count
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// Applies a vectorised C kernel (`pcx_vtanh` and friends) to every element.
  /// Single-threaded on purpose: OpenBLAS's worker spins on the other core between products,
  /// and a second thread here would fight it (measured: every workload slower).
  func mapKernel(_ kernel: (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void) -> Tensor {
    let out = scalars.withUnsafeBufferPointer { x in
      [Double](unsafeUninitializedCapacity: x.count) { y, count in
        kernel(x.baseAddress, y.baseAddress, x.count)
        count = x.count
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// Elementwise sum with broadcasting.
  public static func + (a: Tensor, b: Tensor) throws -> Tensor { try zip(a, b, +) }
  /// Elementwise difference with broadcasting.
  public static func - (a: Tensor, b: Tensor) throws -> Tensor { try zip(a, b, -) }
  /// Elementwise (Hadamard) product with broadcasting.
  public static func * (a: Tensor, b: Tensor) throws -> Tensor { try zip(a, b, *) }
  /// Elementwise quotient with broadcasting.
  public static func / (a: Tensor, b: Tensor) throws -> Tensor { try zip(a, b, /) }
  /// Negation.
  public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
  /// Every element times a number.
  public static func * (a: Tensor, s: Double) -> Tensor { a.map { $0 * s } }
  /// Every element times a number.
  public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
  /// Every element plus a number.
  public static func + (a: Tensor, s: Double) -> Tensor { a.map { $0 + s } }

  /// `self += alpha * other` for tensors of the same shape (BLAS-style axpy, no allocation).
  public mutating func addScaled(_ other: Tensor, _ alpha: Double = 1) throws {
    guard other.shape == shape else {
      throw TensorError.shapeMismatch(
        "cannot add \(Tensor.describe(other.shape)) into \(Tensor.describe(shape))")
    }
    other.scalars.withUnsafeBufferPointer { x in
      scalars.withUnsafeMutableBufferPointer { y in
        for i in 0..<y.count { y[i] += alpha * x[i] }
      }
    }
  }

  /// Elementwise hyperbolic tangent (vectorised).
  public func tanh() -> Tensor { mapKernel(pcx_vtanh) }
  /// Elementwise exponential (vectorised).
  public func exp() -> Tensor { mapKernel(pcx_vexp) }
  /// Elementwise natural logarithm (vectorised; NaN below zero, -inf at zero).
  public func log() -> Tensor { mapKernel(pcx_vlog) }
  /// Elementwise sine (vectorised).
  public func sin() -> Tensor { mapKernel(pcx_vsin) }
  /// Elementwise cosine (vectorised).
  public func cos() -> Tensor { mapKernel(pcx_vcos) }
  /// Elementwise square root.
  public func sqrt() -> Tensor { map { $0.squareRoot() } }
  /// Elementwise absolute value.
  public func abs() -> Tensor { map { Swift.abs($0) } }
  /// Elementwise square.
  public func squared() -> Tensor { map { $0 * $0 } }

  /// True when every element is finite (no NaN or infinity).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}

/// Facts about the elementwise kernels in use.
public enum Kernels {
  /// True when tanh/exp/log/sin/cos run on glibc's AVX2 vector functions (libmvec).
  public static var vectorised: Bool { pcx_kernels_vectorised() != 0 }

  /// Process-wide allocator setting for executables (the CLI, benchmarks): keeps glibc malloc
  /// from unmapping multi-MiB tensors after each free, which otherwise page-faults every step.
  /// The library never calls this itself.
  public static func configureAllocatorForLargeTensors() { pcx_configure_allocator_for_large_tensors() }

  /// Process-wide: returns malloc's cached free memory to the system (used to measure peaks).
  public static func releaseCachedMemory() { pcx_release_cached_memory() }
}
