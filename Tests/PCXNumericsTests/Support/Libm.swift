#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar libm references for the vectorised kernels.
func Foundation_tanh(_ x: Double) -> Double { tanh(x) }
func Foundation_exp(_ x: Double) -> Double { exp(x) }
func Foundation_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
