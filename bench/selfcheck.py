"""Correctness checks for the reference implementations (reference.py --selfcheck).

Each NumPy kernel is compared with an independent computation at a small size: central finite
differences, the explicit Jacobian built row by row from backprop, and (when JAX is there) the
JAX version. Tolerances are relative, on the Euclidean norm of the difference.
"""


import numpy as np

import mlp_numpy as mn

N, D, M = 9, 5, 7          # small sizes: every check runs in well under a second
H = 1e-5                   # central-difference step; truncation O(H^2), rounding O(eps/H)


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300))


def _axpy(p, t, u):
    return tuple(a + t * b for a, b in zip(p, u))


class Checker:
    """Collects named comparisons and prints one line each."""

    def __init__(self):
        self.ok = True

    def __call__(self, name, observed, expected, tol):
        err = _rel(observed, expected)
        good = err <= tol
        self.ok &= good
        print(f"  {'ok  ' if good else 'FAIL'} {name:48s} rel err {err:.2e} (tol {tol:.0e})")


def _problem(seed=0, n=N, d=D, m=M):
    rng = np.random.default_rng(seed)
    x, y = mn.make_data(rng, n, d)
    p = mn.init_params(rng, d, m)
    u = tuple(rng.standard_normal(t.shape) for t in p)
    return x, y, p, u


def check_numpy(chk):
    x, y, p, u = _problem()
    loss, grad = mn.loss_and_grad(p, x, y)
    # directional derivative of L along u, by central differences
    fd = (mn.loss_and_grad(_axpy(p, H, u), x, y)[0]
          - mn.loss_and_grad(_axpy(p, -H, u), x, y)[0]) / (2 * H)
    chk("numpy grad . u vs central FD of L", mn.flatten(grad) @ mn.flatten(u), fd, 1e-7)
    # HVP (R-op) against central differences of the gradient
    gp = mn.flatten(mn.loss_and_grad(_axpy(p, H, u), x, y)[1])
    gm = mn.flatten(mn.loss_and_grad(_axpy(p, -H, u), x, y)[1])
    chk("numpy HVP (R-op) vs central FD of grad", mn.flatten(mn.hvp(p, x, y, u)),
        (gp - gm) / (2 * H), 1e-7)
    # tangent kernel: structured formula against explicit J J^T
    jac = mn.explicit_jacobian(p, x)
    chk("numpy structured K vs explicit J J^T", mn.tangent_kernel(p, x), jac @ jac.T, 1e-12)
    # one row of J against central differences of f
    f = lambda q: mn.forward(q, x[:1])[0][0]  # noqa: E731
    chk("explicit J[0] . u vs central FD of f", jac[0] @ mn.flatten(u),
        (f(_axpy(p, H, u)) - f(_axpy(p, -H, u))) / (2 * H), 1e-7)
    # GD step: gbar is the mean of J's rows, the new point is p - lr grad
    new, l0, gnorm = mn.gd_step(p, x, y, 0.5)
    chk("gd_step ||gbar|| vs ||mean of J rows||", gnorm,
        np.linalg.norm(jac.mean(axis=0)), 1e-12)
    chk("gd_step loss vs loss_and_grad", l0, loss, 1e-14)
    chk("gd_step update vs p - lr grad", mn.flatten(new),
        mn.flatten(p) - 0.5 * mn.flatten(grad), 1e-14)


def check_jax(chk):
    import jax
    import mlp_jax as mj
    x, y, p, u = _problem(seed=1)
    loss, grad = mn.loss_and_grad(p, x, y)
    jl, jg = mj.loss_grad(p, x, y)
    chk("jax loss vs numpy", float(jl), loss, 1e-13)
    chk("jax grad vs numpy", mn.flatten(jax.device_get(jg)), mn.flatten(grad), 1e-12)
    chk("jax HVP vs numpy R-op", mn.flatten(jax.device_get(mj.hvp(p, x, y, u))),
        mn.flatten(mn.hvp(p, x, y, u)), 1e-12)
    jac = mn.explicit_jacobian(p, x)
    chk("jax J (vmap grad) vs numpy explicit J", np.asarray(mj.jacobian(p, x)), jac, 1e-12)
    chk("jax K vs numpy structured K", np.asarray(mj.tangent_kernel(p, x)),
        mn.tangent_kernel(p, x), 1e-12)
    steps = 5
    _, nl, ng = mn.gd_run(p, x, y, 0.5, steps)
    _, pl, pg = mj.gd_run_python(p, x, y, 0.5, steps)
    _, sl, sg = mj.make_gd_scan(steps)(p, x, y, 0.5)
    chk("jax GD losses (python loop) vs numpy", np.asarray(pl), nl, 1e-11)
    chk("jax GD losses (scan) vs numpy", np.asarray(sl), nl, 1e-11)
    chk("jax GD ||gbar|| (scan) vs numpy", np.asarray(sg), ng, 1e-11)
    chk("jax GD ||gbar|| (python loop) vs numpy", np.asarray(pg), ng, 1e-11)
    # one check at the benchmark's own sizes (n = 512, d = 64, m = 64)
    xb, yb, pb, _ = _problem(seed=2, n=512, d=64, m=64)
    lb, gb = mn.loss_and_grad(pb, xb, yb)
    jlb, jgb = mj.loss_grad(pb, xb, yb)
    chk("jax vs numpy loss+grad at n=512, d=64, m=64", mn.flatten(jax.device_get(jgb)),
        mn.flatten(gb), 1e-11)
    chk("jax vs numpy loss at n=512, d=64, m=64", float(jlb), lb, 1e-12)


def run(with_jax):
    """Run all checks; print one line each; True when all pass."""
    print(f"selfcheck (n={N}, d={D}, m={M}; FD step {H}):")
    chk = Checker()
    check_numpy(chk)
    if with_jax:
        check_jax(chk)
    print("selfcheck:", "all passed" if chk.ok else "FAILED")
    return chk.ok


if __name__ == "__main__":
    import sys
    sys.exit(0 if run("--no-jax" not in sys.argv) else 1)
