#!/usr/bin/env bash
# The example `make run` ends with: the numerical core on the workloads of bench/ (a 3-hidden-layer
# tanh net with the 004 scaling on 512 samples): dgemm, loss+gradient, an exact HVP and the
# tangent kernel, each timed.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/pcx-bench --only dgemm_1024,loss_grad_m256,hvp_m256,tangent_kernel_m256 --reps 3 >/dev/null
