#!/usr/bin/env bash
# One command for issue 2's benchmark: pcx-bench, then JAX and NumPy (bench/reference.py) on the
# same workloads, one after the other on this machine, then the table and the bars (bench/table.py).
# See bench/README.md.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

usage() {
  cat <<'EOF'
usage: bench/compare.sh [--quick] [--only a,b] [--reps N] [--gd-steps N]
                        [--frameworks jax,numpy] [--pcx-bin PATH] [--pcx-cli PATH]
                        [--scratch-path DIR] [--no-process] [--strict]
  --quick           3 repetitions and 300 GD steps (default: 7 and 3000)
  --only a,b        only these workloads (passed to both sides)
  --reps N          timed repetitions (gd3000 keeps its own default of 3)
  --gd-steps N      GD steps for gd3000_gbar_m256
  --frameworks L    reference frameworks (default jax,numpy)
  --pcx-bin PATH    use this pcx-bench binary instead of building one
  --pcx-cli PATH    use this pcx binary for the whole-process and step rows (default: build it)
  --no-process      skip the whole-process and step rows (bench/process.py)
  --scratch-path D  scratch path for swift build (default: swift's own .build)
  --strict          exit 1 unless every bar passes
Results are kept in bench/results-pcx.json and bench/results-reference.json (gitignored).
EOF
}

quick=0; only=""; reps=""; gd_steps=""; frameworks=""; pcx_bin=""; pcx_cli=""; scratch=""; strict=""
process=1
need() { [ $# -ge 2 ] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) need "$@"; only="$2"; shift ;;
    --reps) need "$@"; reps="$2"; shift ;;
    --gd-steps) need "$@"; gd_steps="$2"; shift ;;
    --frameworks) need "$@"; frameworks="$2"; shift ;;
    --pcx-bin) need "$@"; pcx_bin="$2"; shift ;;
    --pcx-cli) need "$@"; pcx_cli="$2"; shift ;;
    --no-process) process=0 ;;
    --scratch-path) need "$@"; scratch="$2"; shift ;;
    --strict) strict="--strict" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then reps="${reps:-3}"; gd_steps="${gd_steps:-300}"; fi

# Same thread budget for every BLAS/OpenMP pool (pcx's OpenBLAS and NumPy's); XLA sizes its own
# pool to the visible cores. A value already in the environment wins.
cores="$(nproc)"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$cores}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$cores}"
export MKL_NUM_THREADS="${MKL_NUM_THREADS:-$cores}"
echo "==> $cores cores; OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
# The machines this project is built on may set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for old
# OpenBLAS builds; a user's machine does not, and they slow both pcx's OpenBLAS and NumPy's. Every
# benchmark process below runs without them (issue 18); tests and CI keep the environment as is.
echo "==> OPENBLAS_CORETYPE='${OPENBLAS_CORETYPE-<unset>}' OPENBLAS_L2_SIZE='${OPENBLAS_L2_SIZE-<unset>}': both unset for every benchmark process"
bench_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
common=()
[ -n "$only" ] && common+=(--only "$only")
[ -n "$reps" ] && common+=(--reps "$reps")
[ -n "$gd_steps" ] && common+=(--gd-steps "$gd_steps")

# (1) the reference environment: bench/.venv with jax (CPU wheel from PyPI) and numpy
venv="$here/.venv"
py="$venv/bin/python"
ref_ok=1
if [ ! -x "$py" ]; then
  echo "==> creating $venv (python3 -m venv)"
  python3 -m venv "$venv" || { echo "!! python3 -m venv failed"; ref_ok=0; }
fi
if [ "$ref_ok" = 1 ] && ! "$py" -c "import jax, numpy" >/dev/null 2>&1; then
  echo "==> 'import jax' fails in $venv: pip install jax numpy threadpoolctl (PyPI, CPU wheels)"
  "$py" -m pip install --quiet jax numpy threadpoolctl || { echo "!! pip install failed"; ref_ok=0; }
fi

# (2) build pcx-bench (and the pcx CLI for the whole-process rows) unless binaries were given
build_product() {  # $1: product name; prints its path, or nothing when the build fails
  local build=(swift build -c release --product "$1")
  [ -n "$scratch" ] && build+=(--scratch-path "$scratch")
  echo "==> ${build[*]}" >&2
  if (cd "$root" && "${build[@]}" >&2); then
    echo "$(cd "$root" && "${build[@]}" --show-bin-path)/$1"
  fi
}
if [ -z "$pcx_bin" ]; then
  pcx_bin="$(build_product pcx-bench)"
  [ -n "$pcx_bin" ] || echo "!! building pcx-bench failed: continuing with the reference side only"
fi
if [ "$process" = 1 ] && [ -z "$pcx_cli" ]; then
  pcx_cli="$(build_product pcx)"
  [ -n "$pcx_cli" ] || echo "!! building pcx failed: no whole-process rows for pcx"
fi

# (3) pcx side, then the reference side (never both at once: they share the cores)
if [ -n "$pcx_bin" ] && [ -x "$pcx_bin" ]; then
  echo "==> $pcx_bin --json $tmp/pcx.json ${common[*]}"
  "${bench_env[@]}" "$pcx_bin" --json "$tmp/pcx.json" "${common[@]}"
  rc=$?
  [ "$rc" = 0 ] || echo "!! pcx-bench failed (exit $rc)"
  [ -s "$tmp/pcx.json" ] || echo "!! pcx-bench wrote no $tmp/pcx.json: the pcx columns stay empty"
else
  echo "!! no pcx-bench binary${pcx_bin:+ at $pcx_bin}: the pcx columns stay empty"
fi

if [ "$ref_ok" = 1 ]; then
  ref=("$here/reference.py" --selfcheck --json "$tmp/reference.json" "${common[@]}")
  [ -n "$frameworks" ] && ref+=(--frameworks "$frameworks")
  echo "==> $py ${ref[*]}"
  "${bench_env[@]}" "$py" "${ref[@]}" || echo "!! reference.py failed (exit $?)"
fi

# (3b) whole-process and per-step rows (issue 18): the pcx CLI on bench/workloads/*.pcx against
# the JAX script bench/workloads/gd004_jax.py, one process at a time
if [ "$process" = 1 ]; then
  fws=""
  [ -n "$pcx_cli" ] && [ -x "$pcx_cli" ] && fws="pcx"
  [ "$ref_ok" = 1 ] && fws="${fws:+$fws,}jax"
  if [ -n "$fws" ]; then
    proc=("$here/process.py" --pcx "${pcx_cli:-none}" --python "$py" --json "$tmp/process.json" --frameworks "$fws")
    [ -n "$only" ] && proc+=(--only "$only")
    if [ "$quick" = 1 ]; then proc+=(--reps 1 --steps 300 --sweep-steps 100); fi
    [ -n "$gd_steps" ] && [ "$quick" != 1 ] && proc+=(--steps "$gd_steps")
    echo "==> ${proc[*]}"
    "${bench_env[@]}" "${py:-python3}" "${proc[@]}" || echo "!! process.py failed (exit $?)"
  fi
fi

# (4) table and bars
files=()
for side in pcx reference process; do
  if [ -s "$tmp/$side.json" ]; then
    cp "$tmp/$side.json" "$here/results-$side.json"
    files+=("$here/results-$side.json")
  else
    rm -f "$here/results-$side.json"   # never show a stale file from an earlier run
  fi
done
if [ ${#files[@]} = 0 ]; then
  echo "!! neither side produced results"
  exit 1
fi
echo
table_py="python3"; [ -x "$py" ] && table_py="$py"
"$table_py" "$here/table.py" "${files[@]}" $strict
