#!/usr/bin/env python3
"""Whole-process and per-step rows of issue 18, in the JSON format of reference.py / pcx-bench.

    process.py --pcx PATH --python PATH --json FILE [--reps N] [--steps N] [--sweep-steps N]
               [--only a,b] [--frameworks pcx,jax]

Rows (framework pcx or jax):
  process_gd004_m256, process_gd004_gbar_m256: the 004 workload (bench/workloads/gd004*.pcx,
      gd004_jax.py [--track]) as a user runs it, one whole process each: wall time (median of
      --reps), with user and system CPU seconds of the child in `extra`.
  step_m{64,128,256,512,1024}, step_gbar_m256: the cost of one GD step at width m: pcx's run
      time from `pcx run --json` (the run's own `timing.seconds`, start to end of the run) over its
      steps; JAX's loop time (after the compiling first step) over its steps.
Processes run one after the other, never together. The environment is passed as is (compare.sh
unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for both sides).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "workloads")
SWEEP = [64, 128, 256, 512, 1024]


def timed(cmd):
    """Wall, user and system seconds of one child process (its output discarded)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {err[-400:]}")
    return wall, usage.ru_utime, usage.ru_stime


def row(framework, workload, times_s, extra):
    ms = sorted(t * 1000 for t in times_s)
    return {"framework": framework, "workload": workload, "median_ms": statistics.median(ms),
            "min_ms": ms[0], "reps": len(ms), "times_ms": ms, "extra": extra}


def whole(framework, workload, cmd, reps):
    runs = [timed(cmd) for _ in range(reps)]
    return row(framework, workload, [r[0] for r in runs],
               {"user_s": statistics.median(r[1] for r in runs), "sys_s": statistics.median(r[2] for r in runs)})


def pcx_cmd(args, script, m, steps, json_out=None):
    cmd = [args.pcx, "run", os.path.join(WORK, script), "--quiet", "--set", f"m={m}", "--set", f"steps={steps}"]
    if json_out:
        cmd += ["--json", json_out]
    return cmd


def jax_cmd(args, m, steps, track, json_out=None):
    cmd = [args.python, os.path.join(WORK, "gd004_jax.py"), "--m", str(m), "--steps", str(steps)]
    if track:
        cmd.append("--track")
    if json_out:
        cmd += ["--json", json_out]
    return cmd


def step_time(framework, args, m, steps, track, tmp):
    out = os.path.join(tmp, "step.json")
    if framework == "pcx":
        timed(pcx_cmd(args, "gd004_gbar.pcx" if track else "gd004.pcx", m, steps, out))
        with open(out) as f:
            doc = json.load(f)
        return doc["runs"][0]["timing"]["seconds"] / steps
    timed(jax_cmd(args, m, steps, track, out))
    with open(out) as f:
        doc = json.load(f)
    return doc["loop_seconds"] / doc["loop_steps"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pcx", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--json", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--steps", type=int, default=3000, help="steps of the whole-process rows")
    ap.add_argument("--sweep-steps", type=int, default=0, help="steps of each step_m row (0: about 2 s each)")
    ap.add_argument("--only")
    ap.add_argument("--frameworks", default="pcx,jax")
    args = ap.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    frameworks = args.frameworks.split(",")
    results = []
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for fw in frameworks:
            for track in (False, True):
                name = "process_gd004_gbar_m256" if track else "process_gd004_m256"
                if wanted and name not in wanted:
                    continue
                cmd = (pcx_cmd(args, "gd004_gbar.pcx" if track else "gd004.pcx", 256, args.steps) if fw == "pcx"
                       else jax_cmd(args, 256, args.steps, track))
                r = whole(fw, name, cmd, args.reps)
                r["extra"]["steps"] = args.steps
                results.append(r)
                print(f"{fw} {name}: median {r['median_ms'] / 1000:.2f} s", file=sys.stderr)
            for m, track in [(m, False) for m in SWEEP] + [(256, True)]:
                name = f"step_gbar_m{m}" if track else f"step_m{m}"
                if wanted and name not in wanted:
                    continue
                steps = args.sweep_steps or {64: 4000, 128: 2000, 256: 600, 512: 200, 1024: 60}[m]
                times = [step_time(fw, args, m, steps, track, tmp) for _ in range(args.reps)]
                results.append(row(fw, name, times, {"steps": steps, "m": m}))
                print(f"{fw} {name}: median {statistics.median(times) * 1000:.3f} ms/step", file=sys.stderr)
    doc = {"tool": "process.py", "machine": {"loadavg_start": load_start, "loadavg_end": os.getloadavg(),
                                             "env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")}},
           "results": results}
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
