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

/// Process-wide: keeps glibc malloc from unmapping large blocks after each free, so that
/// repeated tensor allocations of a few MiB do not page-fault every time. For executables only.
void pcx_configure_allocator_for_large_tensors(void);
/// Process-wide: returns cached free memory to the system (glibc malloc_trim). Benchmarks only.
void pcx_release_cached_memory(void);

#endif
