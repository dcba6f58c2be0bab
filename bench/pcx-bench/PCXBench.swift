// The pcx benchmark executable: see bench/README.md. Filled in with the workloads of issue 2.
import PCXNumerics
print("pcx-bench: BLAS threads \(BLAS.threads)")
