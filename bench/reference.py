#!/usr/bin/env python3
"""Reference side of pcx's benchmarks (issue 2): the same workloads in JAX and NumPy.

    python3 bench/reference.py --json out.json [--only a,b] [--reps 7] [--gd-reps 3]
        [--gd-steps 3000] [--frameworks jax,numpy] [--jax-gd-loop scan|python] [--selfcheck]

See bench/README.md for the workloads, the JSON format and the thread settings.
"""

import os
import sys


def _set_thread_env():
    """Before numpy/jax load: every BLAS/OpenMP pool gets all visible cores unless the caller
    already chose. XLA's CPU client sizes its own pool to the visible cores (no flag needed)."""
    cores = str(len(os.sched_getaffinity(0)))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, cores)
    os.environ["JAX_PLATFORMS"] = "cpu"   # force CPU even if an accelerator plugin is installed


_set_thread_env()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_numpy as mn  # noqa: E402

N, D = 512, 64                       # samples and input dimension (issue 2)
LR = 0.5                             # GD step size for gd3000_gbar_m256
WORKLOADS = ["dgemm_1024", "loss_grad_m64", "loss_grad_m256", "loss_grad_m1024",
             "hvp_m64", "hvp_m256", "tangent_kernel_m256", "gd3000_gbar_m256"]
SEED_DATA, SEED_PARAMS, SEED_DIR = 0, 1, 2


class Context:
    """Inputs shared by all workloads: data, parameters per width, HVP directions."""

    def __init__(self, args):
        self.args = args
        self.x, self.y = mn.make_data(np.random.default_rng(SEED_DATA), N, D)
        self._params, self._dirs = {}, {}

    def params(self, m):
        if m not in self._params:
            self._params[m] = mn.init_params(np.random.default_rng(SEED_PARAMS + 1000 * m), D, m)
        return self._params[m]

    def direction(self, m):
        """A fixed random unit direction in parameter space for the HVP."""
        if m not in self._dirs:
            rng = np.random.default_rng(SEED_DIR + 1000 * m)
            u = tuple(rng.standard_normal(p.shape) for p in self.params(m))
            norm = math.sqrt(sum(float(np.vdot(t, t)) for t in u))
            self._dirs[m] = tuple(t / norm for t in u)
        return self._dirs[m]


def width(name):
    return int(name.rsplit("_m", 1)[1])


def measure(run, reps, warmup):
    """warmup untimed calls, then reps timed ones; run() must return only when the work is done."""
    for _ in range(warmup):
        out = run()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t0)
    return times, out


# ---------------------------------------------------------------------------------------------
# NumPy workloads: each returns (run, warm-up count, extra(out, median_s))

def numpy_workload(name, ctx):
    x, y = ctx.x, ctx.y
    if name == "dgemm_1024":
        rng = np.random.default_rng(7)
        a, b = rng.standard_normal((1024, 1024)), rng.standard_normal((1024, 1024))
        return (lambda: a @ b), 1, lambda out, t: dgemm_extra(t)
    m = width(name) if "_m" in name else None
    p = ctx.params(m)
    if name.startswith("loss_grad"):
        return (lambda: mn.loss_and_grad(p, x, y)), 1, lambda out, t: loss_grad_extra(m, t)
    if name.startswith("hvp"):
        u = ctx.direction(m)
        return (lambda: mn.hvp(p, x, y, u)), 1, lambda out, t: {
            "method": "R-op (Pearlmutter 1994), hand-written", "m": m}
    if name.startswith("tangent_kernel"):
        return (lambda: mn.tangent_kernel(p, x)), 1, lambda out, t: {
            "method": "per-layer structured sum_l (B_l B_l^T) * (A_{l-1} A_{l-1}^T)",
            "n": N, "m": m}
    if name.startswith("gd3000"):
        steps = ctx.args.gd_steps
        run = lambda: mn.gd_run(p, x, y, LR, steps)  # noqa: E731
        mn.gd_run(p, x, y, LR, 2)       # warm-up: a short run, not a full one
        return run, 0, lambda out, t: gd_extra(out, steps, "python loop")
    raise ValueError(name)


# ---------------------------------------------------------------------------------------------
# JAX workloads

def jax_workload(name, ctx):
    import jax
    import jax.numpy as jnp
    import mlp_jax as mj

    def dev(tree):
        return jax.device_put(jax.tree_util.tree_map(jnp.asarray, tree))

    def synced(fn, *a):
        return lambda: jax.block_until_ready(fn(*a))

    x, y = dev(ctx.x), dev(ctx.y)
    if name == "dgemm_1024":
        rng = np.random.default_rng(7)
        a, b = dev(rng.standard_normal((1024, 1024))), dev(rng.standard_normal((1024, 1024)))
        mm = jax.jit(lambda a, b: a @ b)
        return synced(mm, a, b), 1, lambda out, t: dgemm_extra(t)
    m = width(name) if "_m" in name else None
    p = dev(ctx.params(m))
    if name.startswith("loss_grad"):
        return synced(mj.loss_grad, p, x, y), 1, lambda out, t: loss_grad_extra(m, t)
    if name.startswith("hvp"):
        u = dev(ctx.direction(m))
        return synced(mj.hvp, p, x, y, u), 1, lambda out, t: {
            "method": "jit(jvp(grad(L))) forward-over-reverse", "m": m}
    if name.startswith("tangent_kernel"):
        return synced(mj.tangent_kernel, p, x), 1, lambda out, t: {
            "method": "jit(vmap(grad(f_single)), flatten, J @ J.T)", "n": N, "m": m}
    if name.startswith("gd3000"):
        steps, loop = ctx.args.gd_steps, ctx.args.jax_gd_loop
        if loop == "scan":
            compiled = mj.make_gd_scan(steps).lower(p, x, y, LR).compile()  # compile excluded
            run = synced(compiled, p, x, y, LR)
            label = "jit(lax.scan) over all steps"
        else:
            mj.gd_run_python(p, x, y, LR, 2)  # compiles the step
            run = lambda: mj.gd_run_python(p, x, y, LR, steps)  # noqa: E731
            label = "python loop over jit(step), one block_until_ready at the end"
        return run, 0, lambda out, t: gd_extra(jax.device_get(out), steps, label)
    raise ValueError(name)


# ---------------------------------------------------------------------------------------------

def dgemm_extra(t):
    flops = 2 * 1024 ** 3
    return {"gflops": flops / t / 1e9, "flops": flops}


def loss_grad_extra(m, t):
    flops = mn.loss_grad_flops(N, D, m)
    return {"gflops": flops / t / 1e9, "flops": flops, "n": N, "d": D, "m": m,
            "params": mn.param_count(D, m)}


def gd_extra(out, steps, loop):
    _, losses, gnorms = out
    losses, gnorms = np.asarray(losses), np.asarray(gnorms)
    return {"steps": steps, "lr": LR, "loop": loop, "loss_first": float(losses[0]),
            "loss_last": float(losses[-1]), "gbar_norm_first": float(gnorms[0]),
            "gbar_norm_min": float(gnorms.min()), "gbar_norm_last": float(gnorms[-1])}


def run_one(framework, name, ctx):
    make = jax_workload if framework == "jax" else numpy_workload
    run, warmup, extra = make(name, ctx)
    reps = ctx.args.gd_reps if name.startswith("gd3000") else ctx.args.reps
    times, out = measure(run, reps, warmup)
    med = statistics.median(times)
    entry = {"framework": framework, "workload": name, "median_ms": med * 1e3,
             "min_ms": min(times) * 1e3, "reps": reps, "times_ms": [t * 1e3 for t in times],
             "extra": extra(out, med)}
    print(f"{framework:6s} {name:22s} median {entry['median_ms']:10.3f} ms   "
          f"min {entry['min_ms']:10.3f} ms   {json.dumps(entry['extra'])}", flush=True)
    return entry


def machine_info(frameworks):
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "cores_visible": len(os.sched_getaffinity(0)),
            "platform": platform.platform(), "python": platform.python_version(),
            "numpy": np.__version__, "blas": blas_info(),
            "env": {k: os.environ.get(k) for k in (
                "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "XLA_FLAGS", "JAX_PLATFORMS")}}
    if "jax" in frameworks:
        import jax
        import jaxlib
        info.update({"jax": jax.__version__, "jaxlib": jaxlib.__version__,
                     "jax_devices": [str(d) for d in jax.devices()],
                     "jax_x64": bool(jax.config.jax_enable_x64)})
    return info


def blas_info():
    """The BLAS numpy actually loaded (threadpoolctl), else numpy's build configuration."""
    try:
        import threadpoolctl
        return {"source": "threadpoolctl", "pools": threadpoolctl.threadpool_info()}
    except ImportError:
        cfg = np.show_config(mode="dicts") if "mode" in np.show_config.__code__.co_varnames \
            else None
        blas = (cfg or {}).get("Build Dependencies", {}).get("blas")
        return {"source": "numpy.show_config", "blas": blas}


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", help="write results here")
    ap.add_argument("--only", help="comma-separated workload names (default: all)")
    ap.add_argument("--reps", type=int, default=7, help="timed repetitions (default 7)")
    ap.add_argument("--gd-reps", type=int, default=3, help="repetitions for gd3000 (default 3)")
    ap.add_argument("--gd-steps", type=int, default=3000, help="GD steps (default 3000)")
    ap.add_argument("--frameworks", default="jax,numpy", help="jax,numpy (default both)")
    ap.add_argument("--jax-gd-loop", choices=["scan", "python"], default="scan",
                    help="how JAX drives the GD loop (default scan: fastest here)")
    ap.add_argument("--selfcheck", action="store_true",
                    help="check gradients, HVP, tangent kernel and GD against independent "
                         "computations at a small size, then run the benchmarks if --json")
    args = ap.parse_args(argv)
    args.frameworks = [f.strip() for f in args.frameworks.split(",") if f.strip()]
    bad = [f for f in args.frameworks if f not in ("jax", "numpy")]
    names = WORKLOADS if not args.only else [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in names if w not in WORKLOADS]
    if bad or unknown:
        ap.error(f"unknown framework(s) {bad} / workload(s) {unknown}; workloads: {WORKLOADS}")
    if not args.json and not args.selfcheck:
        ap.error("nothing to do: give --json FILE and/or --selfcheck")
    if args.reps < 1 or args.gd_reps < 1 or args.gd_steps < 1:
        ap.error("--reps, --gd-reps and --gd-steps must be >= 1")
    args.workloads = names
    return args


def main(argv):
    args = parse_args(argv)
    if "jax" in args.frameworks:
        try:
            import mlp_jax  # noqa: F401
        except ImportError as err:
            print(f"reference.py: cannot import jax ({err}); install it or pass "
                  "--frameworks numpy", file=sys.stderr)
            return 2
    if args.selfcheck:
        import selfcheck
        if not selfcheck.run("jax" in args.frameworks):
            return 1
    if not args.json:
        return 0
    ctx = Context(args)
    load_start = os.getloadavg()
    results = [run_one(fw, name, ctx) for fw in args.frameworks for name in args.workloads]
    machine = machine_info(args.frameworks)
    # other processes on a 2-core machine distort every number: keep the load beside them
    machine["loadavg_start"], machine["loadavg_end"] = load_start, os.getloadavg()
    doc = {"tool": "reference.py", "machine": machine,
           "config": {"n": N, "d": D, "lr": LR, "gd_steps": args.gd_steps},
           "results": results}
    with open(args.json, "w") as fh:
        json.dump(doc, fh, indent=1)
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
