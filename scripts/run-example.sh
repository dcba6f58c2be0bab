#!/usr/bin/env bash
# What `make run` ends with: pcx runs the quickstart script (Chatterjee's toy objective and a
# wide tanh network trained by GD) and prints its report; the CSV traces, the loss plot and the
# JSON results go to out/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/pcx run examples/quickstart.pcx --out out/quickstart
