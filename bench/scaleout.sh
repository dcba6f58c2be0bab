#!/usr/bin/env bash
# Wall time of the 12-point sweep (examples/003-width-seed-sweep.pcx: 3 widths x 4 trials, a
# certificate per point) run three ways on this machine (issue 16): serial, `pcx run --jobs 2`,
# and a Slurm job array on the local cluster (submit, wait for the queue to empty, gather), with
# one point per array task (`slurm`, 12 tasks) and six (`slurm6`, 2 tasks). A
# benchmark, not a test: each way runs REPS times in turn (serial, jobs, slurm, serial, ...), and
# the script prints the median and the spread of each, and each median against the serial one.
# Every way's results.json is checked against the serial one (timing and command line aside).
#
# Usage: bash bench/scaleout.sh [--pcx PATH] [--reps N] [--steps N] [--no-slurm]
#   --steps sets the GD steps of every point (the script's `let steps`, 40): the default 2000
#   makes a point cost tenths of a second, so the times show the work and not only start-up.
#   The Slurm way needs the local cluster: bash scripts/slurm-local.sh start (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
pcx=.build/release/pcx reps=5 steps=2000 slurm=1
while [ $# -gt 0 ]; do
  case "$1" in
    --pcx) pcx=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --no-slurm) slurm=0; shift ;;
    *) echo "usage: bash bench/scaleout.sh [--pcx PATH] [--reps N] [--steps N] [--no-slurm]" >&2; exit 64 ;;
  esac
done
# benchmark commands only: OpenBLAS core-type overrides of the environment do not apply here
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
if [ ! -x "$pcx" ]; then
  swift build -c release --product pcx >&2
fi
pcx=$(realpath "$pcx")
script=$(realpath examples/003-width-seed-sweep.pcx)
if [ "$slurm" = 1 ] && ! sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|allocated'; then
  echo "no Slurm cluster answers (start one with: bash scripts/slurm-local.sh start), or pass --no-slurm" >&2
  exit 69
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

now() { date +%s.%N; }
same_as_serial() {
  diff <(grep -vE '"(seconds|command_line)": ' serial/out/results.json) <(grep -vE '"(seconds|command_line)": ' "$1/results.json") >/dev/null \
    || { echo "$1/results.json differs from the serial run's" >&2; exit 1; }
}

run_serial() { rm -rf serial; mkdir serial; (cd serial && "$pcx" run "$script" --set "steps=$steps" --out out --quiet); }
run_jobs() { rm -rf jobs; mkdir jobs; (cd jobs && "$pcx" run "$script" --set "steps=$steps" --out out --quiet --jobs 2); same_as_serial jobs/out; }
# a Slurm job array of $1 points per task: submit, wait until the queue has none of it, gather
slurm_array() {
  rm -rf "slurm$1"; mkdir "slurm$1"
  (
    cd "slurm$1"
    id=$("$pcx" slurm "$script" --set "steps=$steps" --out job --points-per-task "$1" | sed -n 's/^submitted job \([0-9]*\):.*/\1/p')
    while squeue -h -r -o %F | grep -qx "$id"; do sleep 0.2; done
    "$pcx" gather job --out out --quiet
  )
  same_as_serial "slurm$1/out"
}
run_slurm() { slurm_array 1; }
run_slurm6() { slurm_array 6; }

ways=(serial jobs)
[ "$slurm" = 1 ] && ways+=(slurm slurm6)
declare -A times
for ((r = 0; r < reps; r++)); do
  for way in "${ways[@]}"; do
    start=$(now)
    "run_$way"
    times[$way]+="$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }') "
  done
done

echo "12-point sweep, steps=$steps, $reps runs of each way in turn, wall seconds ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)):"
python3 - "${ways[@]}" <<PY
import statistics, sys
times = {$(for w in "${ways[@]}"; do printf '"%s": [%s], ' "$w" "$(echo "${times[$w]}" | xargs | tr ' ' ',')"; done)}
serial = statistics.median(times["serial"])
print("| way | median s | min s | max s | median / serial |")
print("|---|---:|---:|---:|---:|")
for way in sys.argv[1:]:
    t = times[way]
    print(f"| {way} | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} | {statistics.median(t) / serial:.2f}x |")
PY
