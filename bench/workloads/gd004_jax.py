"""The 004 workload of bench/README.md in JAX, written as a user writes it (issue 18): the same
network, data sizes and GD run as gd004.pcx, recording at every step what `pcx run` records
(loss, gradient norm, distance from the start) and, with --track, the norm of the average
predictor gradient gbar_t = (1/n) sum_i grad f(theta_t; x_i) (004 Def 5.2, Sec 6).

    python gd004_jax.py [--m 256] [--steps 3000] [--track] [--json FILE]

A jitted step in a Python loop (the first call compiles it), traces kept on the device and fetched
once at the end. --json writes the loop's own time (steps after the compiling first one) for the
per-step rows of bench/process.py.
"""
import argparse
import json
import time

import numpy as np
import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--m", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--track", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    n, d, m, lr = 512, 64, args.m, 0.5
    rng = np.random.default_rng(7)
    x = jnp.asarray(rng.standard_normal((n, d)))
    y = jnp.asarray(rng.standard_normal(n))
    widths = [d, m, m, m]
    params = [jnp.asarray(rng.standard_normal((widths[i + 1], widths[i]))) for i in range(3)]
    v = rng.standard_normal(m)
    params.append(jnp.asarray(v / np.linalg.norm(v)))  # 004 Assumption 2: unit last layer

    def net(p, x):
        a = x
        for w in p[:-1]:
            a = jnp.tanh(a @ w.T / np.sqrt(w.shape[1]))
        return a @ p[-1] / np.sqrt(m)

    def loss(p):
        return jnp.mean((y - net(p, x)) ** 2)

    def sq(tree):
        return sum(jnp.sum(t * t) for t in tree)

    @jax.jit
    def step(p, p0):
        value, g = jax.value_and_grad(loss)(p)
        out = {"loss": value, "grad_norm": jnp.sqrt(sq(g)),
               "distance": jnp.sqrt(sq([a - b for a, b in zip(p, p0)]))}
        if args.track:
            gbar = jax.grad(lambda q: jnp.mean(net(q, x)))(p)
            out["avg_grad_norm"] = jnp.sqrt(sq(gbar))
        return [a - lr * b for a, b in zip(p, g)], out

    p0 = params
    p, first = step(params, p0)  # compiles
    jax.block_until_ready(p)
    traces = [first]
    start = time.perf_counter()
    for _ in range(args.steps - 1):
        p, rec = step(p, p0)
        traces.append(rec)
    jax.block_until_ready(p)
    loop = time.perf_counter() - start
    history = {k: np.asarray(jnp.stack([t[k] for t in traces])) for k in traces[0]}
    print(f"final loss {float(history['loss'][-1]):.6g}", end="")
    if args.track:
        print(f", min ||gbar_t|| {float(history['avg_grad_norm'].min()):.6g}", end="")
    print()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"loop_seconds": loop, "loop_steps": args.steps - 1}, f)


if __name__ == "__main__":
    main()
