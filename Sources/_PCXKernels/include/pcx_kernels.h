// Vectorised elementwise kernels for pcx's float64 core.
//
// On x86-64 with AVX2 these call glibc's libmvec (4 doubles per call, documented max error of 4
// ulp; tanh is built from libmvec's expm1 and is within 5 ulp); elsewhere they fall back to the
// scalar libm functions. The choice is made once per call
// from the CPU's features, and the tail of an array is padded into a full vector so that an
// element's result never depends on its position: the same input gives the same bits.
#ifndef PCX_KERNELS_H
#define PCX_KERNELS_H
#include <stddef.h>

/// y[i] = tanh(x[i]) for i < n.
void pcx_vtanh(const double *x, double *y, size_t n);
/// y[i] = exp(x[i]) for i < n.
void pcx_vexp(const double *x, double *y, size_t n);
/// y[i] = log(x[i]) for i < n.
void pcx_vlog(const double *x, double *y, size_t n);
/// y[i] = sin(x[i]) for i < n.
void pcx_vsin(const double *x, double *y, size_t n);
/// y[i] = cos(x[i]) for i < n.
void pcx_vcos(const double *x, double *y, size_t n);
/// 1 when the vector (libmvec) path is in use on this CPU, else 0.
int pcx_kernels_vectorised(void);

// Reductions over flat parameter vectors for the traces of a run (grad_norm, distance, the norm of
// 004's average predictor gradient). Element i goes to running sum i % 8; the eight sums are
// combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)) and the tail (n % 8 elements) is added after,
// in order. The order is fixed by n alone, with no fused multiply-add, so the result is the same
// bits on every machine and thread count; eight independent sums run at memory speed where one
// running sum waits four cycles per element on the adder.

/// sum x[i]^2 in the fixed eight-lane order.
double pcx_sum_squares(const double *x, size_t n);
/// sum (x[i] - x0[i])^2 in the fixed eight-lane order.
double pcx_distance_squared(const double *x, const double *x0, size_t n);
/// theta[i] -= lr * g[i] (as theta[i] - (lr * g[i]), two roundings), in place, and returns
/// sum (theta_new[i] - x0[i])^2 in the fixed eight-lane order: a GD step and the distance of
/// its result from the start in one pass.
double pcx_descend_distance(double *theta, const double *g, double lr, const double *x0, size_t n);

/// A spin-wait hint to the CPU (x86 `pause`), for a thread waiting on a flag another core sets.
void pcx_cpu_relax(void);

/// Process-wide: keeps glibc malloc from unmapping large blocks after each free, so that
/// repeated tensor allocations of a few MiB do not page-fault every time. For executables only.
void pcx_configure_allocator_for_large_tensors(void);
/// Process-wide: returns cached free memory to the system (glibc malloc_trim). Benchmarks only.
void pcx_release_cached_memory(void);

#endif
