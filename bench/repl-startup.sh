#!/usr/bin/env bash
# Start-up of the REPL to its first prompt (SPEC §7 / issue 6: under 150 ms in a release build).
# A benchmark, not a test: spawns `pcx repl` on a pseudo-terminal N times, measures the time from
# spawn to the `pcx> ` prompt, prints min and median, then ends it.
# Usage: bash bench/repl-startup.sh [path/to/pcx] [runs]   (default .build/release/pcx, 20 runs)
set -euo pipefail
binary="${1:-.build/release/pcx}"
runs="${2:-20}"
if [[ ! -x "$binary" ]]; then
  echo "no pcx at $binary; build it with: swift build -c release" >&2
  exit 66
fi
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
python3 - "$binary" "$runs" "$home" <<'PY'
import os, pty, select, statistics, sys, time
binary, runs, home = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = []
for _ in range(runs):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(HOME=home, TERM="xterm")
        os.execv(binary, [binary, "repl"])
    seen = b""
    while b"pcx> " not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            sys.exit("no prompt within 10 s")
        seen += os.read(fd, 4096)
    times.append((time.perf_counter() - start) * 1000)
    os.kill(pid, 9)  # measured; no need to wait for a Ctrl-D the terminal may not be ready for
    os.waitpid(pid, 0)
    os.close(fd)
print(f"pcx repl start-up to the first prompt over {runs} runs: min {min(times):.1f} ms, median {statistics.median(times):.1f} ms")
PY
