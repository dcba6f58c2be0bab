#!/usr/bin/env python3
"""Side-by-side table and issue-2 bars from benchmark JSON files (pcx-bench and reference.py).

    python3 bench/table.py pcx.json reference.json [--strict]

Every file has the format of bench/README.md: {"tool", "machine", "results": [{"framework",
"workload", "median_ms", "min_ms", "reps", "extra"}]}. A missing file or entry makes the
affected rows and bars MISSING, never an error. --strict: exit 1 unless every bar PASSes.
"""

import argparse
import json
import os
import sys

N, D = 512, 64
SWEEP = (64, 128, 256, 512, 1024)
ORDER = (["dgemm_1024", "loss_grad_m64", "loss_grad_m256", "loss_grad_m1024"]
         + [f"loss_grad_flat_m{m}" for m in SWEEP] + ["loss_grad_gbar_flat_m256"]
         + ["hvp_m64", "hvp_m256", "hvp_mlp_m64", "hvp_mlp_m256", "tangent_kernel_m256", "gd3000_gbar_m256",
            "process_gd004_m256", "process_gd004_gbar_m256"]
         + [f"step_m{m}" for m in SWEEP] + ["step_gbar_m256"])
FLOP_TOLERANCE = 0.01      # pcx's own flop count may differ from ours by 1% before we warn


def load(paths):
    """Merge the results of several files into {(framework, workload): entry}, plus notes."""
    results, notes = {}, []
    for path in paths:
        try:
            with open(path) as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as err:
            notes.append(f"cannot read {path}: {err}")
            continue
        for entry in doc.get("results", []):
            try:
                key = (entry["framework"], entry["workload"])
                float(entry["median_ms"])
            except (KeyError, TypeError, ValueError):
                notes.append(f"{path}: malformed entry {entry!r:.120}")
                continue
            results[key] = entry
        notes.append(_describe(path, doc))
    return results, notes


def _describe(path, doc):
    m = doc.get("machine", {}) or {}
    parts = [f"{os.path.basename(path)}: tool={doc.get('tool', '?')}"]
    for key in ("cpu", "cores", "numpy", "jax", "blas_threads", "openblas_corename", "loadavg_start"):
        if key in m:
            parts.append(f"{key}={m[key]}")
    pools = (m.get("blas") or {}).get("pools") or []
    for pool in pools:
        parts.append(f"numpy BLAS={pool.get('internal_api')} {pool.get('version')} "
                     f"{pool.get('architecture')} threads={pool.get('num_threads')}")
    return ", ".join(str(p) for p in parts)


def median(results, fw, wl):
    e = results.get((fw, wl))
    return None if e is None else float(e["median_ms"])


def extra(results, fw, wl):
    e = results.get((fw, wl))
    return None if e is None else (e.get("extra") or {})


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def _fmt_ms(v):
    return "-" if v is None else f"{v:.3f}"


def _fmt_x(v):
    return "-" if v is None else f"{v:.2f}x"


def render_table(results):
    """workload | pcx | JAX | NumPy medians (ms) | pcx/JAX | pcx/NumPy."""
    names = [w for w in ORDER if any(k[1] == w for k in results)]
    names += sorted({k[1] for k in results} - set(ORDER))
    head = ["workload", "pcx ms", "JAX ms", "NumPy ms", "pcx/JAX", "pcx/NumPy"]
    rows = []
    for w in names:
        p, j, n = (median(results, f, w) for f in ("pcx", "jax", "numpy"))
        rows.append([w, _fmt_ms(p), _fmt_ms(j), _fmt_ms(n), _fmt_x(ratio(p, j)),
                     _fmt_x(ratio(p, n))])
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: " | ".join(c.ljust(wd) if i == 0 else c.rjust(wd)  # noqa: E731
                                for i, (c, wd) in enumerate(zip(r, widths)))
    out = [line(head), "-+-".join("-" * wd for wd in widths)] + [line(r) for r in rows]
    return "\n".join(out)


def loss_grad_flops(m, n=N, d=D):
    """Issue 2's count: forward 2 n (d m + 2 m^2 + m), backward twice the forward."""
    return 3 * 2 * n * (d * m + 2 * m * m + m)


class Bar:
    """One evaluated bar: status is PASS, FAIL or MISSING; detail carries the numbers."""

    def __init__(self, name, status, detail):
        self.name, self.status, self.detail = name, status, detail

    def __repr__(self):
        return f"Bar({self.name!r}, {self.status}, {self.detail!r})"


def _check(name, value, ok, detail):
    if value is None:
        return Bar(name, "MISSING", detail)
    return Bar(name, "PASS" if ok(value) else "FAIL", detail)


def bar_loss_grad_vs_jax(results, m):
    p, j = median(results, "pcx", f"loss_grad_m{m}"), median(results, "jax", f"loss_grad_m{m}")
    r = ratio(p, j)
    return _check(f"loss+grad m={m}: pcx <= 1.0x JAX", r, lambda v: v <= 1.0,
                  f"pcx {_fmt_ms(p)} ms / JAX {_fmt_ms(j)} ms = {_fmt_x(r)}")


def bar_loss_grad_flops(results, m, warnings):
    """pcx's loss+grad GFLOP/s (our flop count over pcx's median) >= 70% of pcx's dgemm rate."""
    wl = f"loss_grad_m{m}"
    p = median(results, "pcx", wl)
    flops = loss_grad_flops(m)
    rate = None if p is None else flops / (p * 1e-3) / 1e9
    own = extra(results, "pcx", wl) or {}
    if rate is not None and "gflops" in own and rate > 0:
        if abs(float(own["gflops"]) / rate - 1) > FLOP_TOLERANCE:
            warnings.append(f"{wl}: pcx reports {float(own['gflops']):.2f} GFLOP/s, our flop "
                            f"count {flops} over its median gives {rate:.2f}")
    if "flops" in own and abs(float(own["flops"]) / flops - 1) > FLOP_TOLERANCE:
        warnings.append(f"{wl}: pcx counts {own['flops']} flops, issue 2's formula {flops}")
    ref_fw, peak = dgemm_rate(results)
    frac = ratio(rate, peak)
    return _check(f"loss+grad m={m}: pcx >= 70% of dgemm GFLOP/s", frac, lambda v: v >= 0.7,
                  f"{_fmt_gf(rate)} GFLOP/s ({flops} flops) vs {ref_fw} dgemm_1024 "
                  f"{_fmt_gf(peak)} GFLOP/s = {_fmt_pct(frac)}")


def dgemm_rate(results):
    """The dgemm_1024 rate the flop bar compares with: pcx's own, else NumPy's (same BLAS family)."""
    for fw in ("pcx", "numpy"):
        t = median(results, fw, "dgemm_1024")
        if t is not None and t > 0:
            return fw, 2 * 1024 ** 3 / (t * 1e-3) / 1e9
    return "no", None


def _fmt_gf(v):
    return "-" if v is None else f"{v:.1f}"


def _fmt_b(v):
    return "-" if v is None else f"{v} B"


def _fmt_pct(v):
    return "-" if v is None else f"{100 * v:.0f}%"


def bar_hvp(results, m):
    h, g = median(results, "pcx", f"hvp_m{m}"), median(results, "pcx", f"loss_grad_m{m}")
    r = ratio(h, g)
    return _check(f"HVP m={m}: pcx <= 2.0x pcx loss+grad", r, lambda v: v <= 2.0,
                  f"hvp {_fmt_ms(h)} ms / loss+grad {_fmt_ms(g)} ms = {_fmt_x(r)}")


def bar_tk_speed(results):
    p, j = median(results, "pcx", "tangent_kernel_m256"), median(results, "jax",
                                                                  "tangent_kernel_m256")
    r = ratio(j, p)
    return _check("tangent kernel m=256: pcx >= 20x faster than JAX", r, lambda v: v >= 20.0,
                  f"JAX {_fmt_ms(j)} ms / pcx {_fmt_ms(p)} ms = {_fmt_x(r)}")


def bar_tk_memory(results, warnings):
    e = extra(results, "pcx", "tangent_kernel_m256")
    peak = None if e is None else e.get("peak_bytes")
    bound = None if e is None else e.get("bound_bytes")
    n, m = (e or {}).get("n", N), (e or {}).get("m", 256)
    ours = n * n * 8 + n * (D + 3 * m) * 8     # K plus the forward activations A_0..A_3
    if bound is not None and bound < n * n * 8:
        warnings.append(f"tangent_kernel_m256: bound_bytes {bound} is below K alone ({n * n * 8})")
    r = ratio(None if peak is None else float(peak), None if bound is None else float(bound))
    return _check("tangent kernel m=256: pcx peak memory < 4x bound", r, lambda v: v < 4.0,
                  f"peak {_fmt_b(peak)} / bound {_fmt_b(bound)} = {_fmt_x(r)} "
                  f"(our n*n*8 + n*(d+3m)*8 = {ours} B)")


def bar_gd(results):
    wl = "gd3000_gbar_m256"
    p, j = median(results, "pcx", wl), median(results, "jax", wl)
    sp, sj = ((extra(results, fw, wl) or {}).get("steps") for fw in ("pcx", "jax"))
    name = "gd3000 m=256: pcx <= 0.8x JAX"
    if p is not None and j is not None and sp != sj:
        return Bar(name, "MISSING", f"step counts differ (pcx {sp}, JAX {sj}): not comparable")
    r = ratio(p, j)
    return _check(name, r, lambda v: v <= 0.8,
                  f"pcx {_fmt_ms(p)} ms / JAX {_fmt_ms(j)} ms = {_fmt_x(r)} ({sj or '-'} steps)")


def bar_step(results, tracked, limit):
    """Issue 18: one GD step of `pcx run` (run time / steps) against one loss+gradient of the
    same in-place evaluator (pcx-bench loss_grad_flat_m256)."""
    wl = "step_gbar_m256" if tracked else "step_m256"
    s, g = median(results, "pcx", wl), median(results, "pcx", "loss_grad_flat_m256")
    r = ratio(s, g)
    what = "step tracking gbar" if tracked else "GD step"
    return _check(f"{what} m=256: pcx <= {limit}x one loss+grad", r, lambda v: v <= limit,
                  f"{wl} {_fmt_ms(s)} ms / loss_grad_flat_m256 {_fmt_ms(g)} ms = {_fmt_x(r)}")


def bar_process(results, tracked, limit):
    """Issue 18: the 004 workload as a whole process, pcx CLI against the JAX script."""
    wl = "process_gd004_gbar_m256" if tracked else "process_gd004_m256"
    p, j = median(results, "pcx", wl), median(results, "jax", wl)
    r = ratio(p, j)
    return _check(f"whole process {'tracked' if tracked else 'untracked'}: pcx <= {limit}x JAX", r,
                  lambda v: v <= limit, f"pcx {_fmt_ms(p)} ms / JAX {_fmt_ms(j)} ms = {_fmt_x(r)}")


def bar_hvp_vs_jax(results):
    """Issue 18: pcx's HVP at m = 256 (the structured one when measured) <= 0.9x JAX's."""
    wl = "hvp_mlp_m256" if median(results, "pcx", "hvp_mlp_m256") is not None else "hvp_m256"
    p, j = median(results, "pcx", wl), median(results, "jax", "hvp_m256")
    r = ratio(p, j)
    return _check("HVP vs JAX m=256: pcx <= 0.9x JAX", r, lambda v: v <= 0.9,
                  f"pcx {wl} {_fmt_ms(p)} ms / JAX {_fmt_ms(j)} ms = {_fmt_x(r)}")


def step_sweep(results):
    """step_m / loss_grad_flat_m at every width of the sweep (informative, no bar)."""
    parts = []
    for m in SWEEP:
        r = ratio(median(results, "pcx", f"step_m{m}"), median(results, "pcx", f"loss_grad_flat_m{m}"))
        j = ratio(median(results, "pcx", f"step_m{m}"), median(results, "jax", f"step_m{m}"))
        parts.append(f"m={m}: {_fmt_x(r)} of loss+grad, {_fmt_x(j)} JAX's step")
    return "step cost by width (pcx step / pcx loss+grad, pcx step / JAX step): " + "; ".join(parts)


def evaluate_bars(results):
    """All issue-2 and issue-18 bars, in order; returns (bars, warnings)."""
    warnings = []
    bars = [bar_loss_grad_vs_jax(results, m) for m in (64, 256, 1024)]
    bars += [bar_loss_grad_flops(results, m, warnings) for m in (256, 1024)]
    bars += [bar_hvp(results, m) for m in (64, 256)]
    bars += [bar_tk_speed(results), bar_tk_memory(results, warnings), bar_gd(results)]
    bars += [bar_step(results, False, 1.05), bar_step(results, True, 1.25)]
    bars += [bar_process(results, False, 0.7), bar_process(results, True, 0.8), bar_hvp_vs_jax(results)]
    return bars, warnings


def render_bars(bars, warnings):
    out = ["bars (issues 2 and 18):"]
    out += [f"  {b.status:7s} {b.name}: {b.detail}" for b in bars]
    out += [f"  WARNING {w}" for w in warnings]
    counts = {s: sum(b.status == s for b in bars) for s in ("PASS", "FAIL", "MISSING")}
    out.append("  " + ", ".join(f"{v} {k.lower()}" for k, v in counts.items()))
    return "\n".join(out)


def main(argv):
    ap = argparse.ArgumentParser(description="table and bars from benchmark JSON files")
    ap.add_argument("files", nargs="+", help="JSON files (pcx-bench, reference.py)")
    ap.add_argument("--strict", action="store_true", help="exit 1 unless every bar passes")
    args = ap.parse_args(argv)
    results, notes = load(args.files)
    for note in notes:
        print(note)
    print()
    print(render_table(results))
    print("(medians in ms; a ratio below 1 means pcx is faster)")
    print()
    bars, warnings = evaluate_bars(results)
    print(render_bars(bars, warnings))
    print(step_sweep(results))
    if args.strict and any(b.status != "PASS" for b in bars):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
