#!/usr/bin/env bash
# Behaviour unchanged (issue 12): runs every example and corpus script with two builds of pcx and
# compares their results documents (timing keys removed), exit codes and error text.
#   scripts/compare-results.sh BASE_REF            # BASE_REF's build against the working tree's
#   scripts/compare-results.sh BASE_REF NEW_REF    # two commits
# Builds each side in release under .build-compare/ (ignored by git). Exit 0 when every script
# gives the same document, 1 otherwise (the differing scripts and keys are listed).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
base_ref=${1:?usage: scripts/compare-results.sh BASE_REF [NEW_REF]}
new_ref=${2:-}
work="$top/.build-compare"
mkdir -p "$work"

# build_at REF DIR: a release pcx of REF (a detached worktree under .build-compare)
build_at() {
  local ref=$1 dir=$2
  if [ ! -d "$dir" ]; then git worktree add --detach "$dir" "$ref" >/dev/null 2>&1; fi
  git -C "$dir" checkout --detach -q "$ref"
  (cd "$dir" && swift build -c release --product pcx >/dev/null)
  echo "$dir/.build/release/pcx"
}

base_bin=$(build_at "$base_ref" "$work/base")
if [ -n "$new_ref" ]; then
  new_bin=$(build_at "$new_ref" "$work/new")
else
  swift build -c release --product pcx >/dev/null
  new_bin="$top/.build/release/pcx"
fi

scripts=$(ls examples/*.pcx Tests/cases/run/*.pcx Tests/cases/check/good/*.pcx 2>/dev/null || true)
export OPENBLAS_NUM_THREADS=2
run_side() {  # run_side BIN OUTDIR
  local bin=$1 out=$2
  rm -rf "$out"; mkdir -p "$out"
  for s in $scripts; do
    local name; name=$(echo "$s" | tr '/' '_')
    mkdir -p "$out/$name.files"
    # the same relative paths on both sides: the command line is part of the document
    (cd "$top" && timeout 900 "$bin" run "$s" --quiet --json "$out/$name.json" --out "$out/$name.files" \
      >"$out/$name.stdout" 2>"$out/$name.stderr"; echo $? >"$out/$name.rc") || true
  done
}
run_side "$base_bin" "$work/out-base"
run_side "$new_bin" "$work/out-new"

python3 - "$work/out-base" "$work/out-new" $scripts <<'PY'
import json, os, sys
base, new, scripts = sys.argv[1], sys.argv[2], sys.argv[3:]
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "timing" and k != "command_line"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
def load(d, name, ext):
    p = os.path.join(d, name + ext)
    if not os.path.exists(p): return None
    data = open(p, "rb").read()
    if ext == ".json":
        return strip(json.loads(data)) if data else None
    return data.decode("utf-8", "replace").replace(d, "<out>")
def diff(a, b, path=""):
    if type(a) != type(b): return [path or "/"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += diff(a.get(k), b.get(k), f"{path}/{k}") if k in a and k in b else [f"{path}/{k}"]
        return out
    if isinstance(a, list):
        if len(a) != len(b): return [f"{path} (length {len(a)} vs {len(b)})"]
        return [d for x, y in zip(a, b) for d in diff(x, y, path + "[]")][:5]
    return [] if a == b else [path]
bad = 0
for s in scripts:
    name = s.replace("/", "_")
    problems = []
    for ext in (".rc", ".stderr"):
        if load(base, name, ext) != load(new, name, ext): problems.append(ext[1:])
    a, b = load(base, name, ".json"), load(new, name, ".json")
    keys = diff(a, b)
    if keys: problems.append("json " + ", ".join(sorted(set(keys))[:8]))
    if problems:
        bad += 1
        print(f"DIFFERS {s}: {'; '.join(problems)}")
print(f"{len(scripts) - bad} of {len(scripts)} scripts give identical results (timing aside)")
sys.exit(1 if bad else 0)
PY
