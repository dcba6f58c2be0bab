// LAPACKE (Debian: liblapacke-dev, pkg-config `lapacke`). Complex types as plain structs so that
// the Swift importer sees every declaration; pcx only calls the real (d*) routines.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <lapacke.h>
