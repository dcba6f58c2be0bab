#!/usr/bin/env bash
# What `make run` ends with: the front end checks the quickstart script (printing its typed
# program), then the numerical core runs the benchmark workloads once (a 3-hidden-layer tanh net
# with the 004 scaling on 512 samples: dgemm, loss+gradient, an exact HVP, the tangent kernel).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release
"$bin/pcx" check --dump-typed examples/quickstart.pcx
echo "examples/quickstart.pcx: checked, no errors"
"$bin/pcx-bench" --only dgemm_1024,loss_grad_m256,hvp_m256,tangent_kernel_m256 --reps 3 >/dev/null
