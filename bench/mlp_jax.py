"""JAX reference for the benchmark MLP (same model as mlp_numpy.py; see its docstring).

Import only after reference.py has set JAX_PLATFORMS=cpu; this module enables float64.
Every function returned here is jitted; parameters are the pytree (W1, W2, W3, v).
"""

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)


def f_batch(params, x):
    """f(theta; x_i) for every row of x (004 Sec 3 scaling, 3 tanh layers, no biases)."""
    w1, w2, w3, v = params
    s0 = 1.0 / jnp.sqrt(x.shape[-1] * 1.0)
    s = 1.0 / jnp.sqrt(v.shape[0] * 1.0)
    a1 = jnp.tanh((x @ w1.T) * s0)
    a2 = jnp.tanh((a1 @ w2.T) * s)
    a3 = jnp.tanh((a2 @ w3.T) * s)
    return (a3 @ v) * s


def f_single(params, x):
    """f(theta; x) for one input vector x (d)."""
    return f_batch(params, x[None, :])[0]


def loss(params, x, y):
    """L = (1/n) sum_i (y_i - f(x_i))^2."""
    r = f_batch(params, x) - y
    return jnp.mean(r * r)


loss_grad = jax.jit(jax.value_and_grad(loss))


@jax.jit
def hvp(params, x, y, direction):
    """Hessian-vector product, forward-over-reverse."""
    return jax.jvp(lambda p: jax.grad(loss)(p, x, y), (params,), (direction,))[1]


@jax.jit
def tangent_kernel(params, x):
    """K = J J^T with J the per-sample gradients from vmap(grad(f_single)), flattened."""
    per_sample = jax.vmap(jax.grad(f_single), in_axes=(None, 0))(params, x)
    jac = jnp.concatenate([g.reshape(x.shape[0], -1) for g in per_sample], axis=1)
    return jac @ jac.T


@jax.jit
def jacobian(params, x):
    """J (n x p) in pcx's flat parameter order (for checks only)."""
    per_sample = jax.vmap(jax.grad(f_single), in_axes=(None, 0))(params, x)
    return jnp.concatenate([g.reshape(x.shape[0], -1) for g in per_sample], axis=1)


def _gd_step(params, x, y, lr):
    """One GD step; L and ||gbar|| (004 Def 5.2) at the iterate before the step.
    One forward pass, its VJP applied to the loss cotangent 2 r / n and to 1/n."""
    n = x.shape[0]
    fx, vjp = jax.vjp(lambda p: f_batch(p, x), params)
    r = fx - y
    (grad,) = vjp((2.0 / n) * r)
    (gbar,) = vjp(jnp.full((n,), 1.0 / n))
    gnorm = jnp.sqrt(sum(jnp.vdot(g, g) for g in gbar))
    new = tuple(p - lr * g for p, g in zip(params, grad))
    return new, jnp.mean(r * r), gnorm


gd_step = jax.jit(_gd_step)


def gd_run_python(params, x, y, lr, steps):
    """Python loop over the jitted step; synchronises once, at the end."""
    losses, gnorms = [], []
    for _ in range(steps):
        params, l, g = gd_step(params, x, y, lr)
        losses.append(l)
        gnorms.append(g)
    out = (params, jnp.stack(losses), jnp.stack(gnorms))
    return jax.block_until_ready(out)


def make_gd_scan(steps):
    """The whole run as one jitted lax.scan of `steps` steps (static length)."""
    def run(params, x, y, lr):
        def body(p, _):
            p, l, g = _gd_step(p, x, y, lr)
            return p, (l, g)
        params, (losses, gnorms) = jax.lax.scan(body, params, None, length=steps)
        return params, losses, gnorms
    return jax.jit(run)
