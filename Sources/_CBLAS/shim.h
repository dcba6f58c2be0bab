// The CBLAS interface of OpenBLAS (Debian: libopenblas-dev, pkg-config `openblas`).
#include <cblas.h>
// OpenBLAS's own controls, so that benchmarks and tests can pin the thread count.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
