"""NumPy reference for the benchmark MLP (hand-written backprop, R-op HVP, structured kernel).

The model is the 1/sqrt(width)-scaled deep net of 004 Sec 3 with L = 3 hidden tanh layers:
    a_0 = x,  a_l = tanh(W_l a_{l-1} / sqrt(m_{l-1})),  f(x) = v^T a_3 / sqrt(m),  m_0 = d,
no biases; W_1: m x d, W_2, W_3: m x m, v: m. Parameters are the tuple (W1, W2, W3, v); the
flat order used by pcx is W1 (row-major), W2, W3, v. Loss: L = (1/n) sum_i (y_i - f(x_i))^2.
Rows of X are samples, so a layer is Z_l = A_{l-1} W_l^T * s_{l-1}, A_l = tanh(Z_l).
"""

import math

import numpy as np


def init_params(rng, d, m):
    """W ~ N(0, 1) entrywise; v ~ N(0, I) normalised to unit norm (004 Assumption 2)."""
    w1 = rng.standard_normal((m, d))
    w2 = rng.standard_normal((m, m))
    w3 = rng.standard_normal((m, m))
    v = rng.standard_normal(m)
    v /= np.linalg.norm(v)
    return (w1, w2, w3, v)


def make_data(rng, n, d):
    """Inputs X ~ N(0, 1) (n x d) and labels y ~ N(0, 1) (n)."""
    return rng.standard_normal((n, d)), rng.standard_normal(n)


def param_count(d, m):
    """Number of scalar parameters: m d + 2 m^2 + m."""
    return m * d + 2 * m * m + m


def loss_grad_flops(n, d, m):
    """Flop convention of issue 2: forward 2 n (d m + 2 m^2 + m), backward twice that."""
    forward = 2 * n * (d * m + 2 * m * m + m)
    return 3 * forward


def _scales(params):
    w1, _, _, v = params
    return 1.0 / math.sqrt(w1.shape[1]), 1.0 / math.sqrt(v.shape[0])


def _layer(a_prev, w, scale):
    z = a_prev @ w.T
    z *= scale
    np.tanh(z, out=z)
    return z


def forward(params, x):
    """Returns f (n) and the activations (A0 = X, A1, A2, A3)."""
    w1, w2, w3, v = params
    s0, s = _scales(params)
    a1 = _layer(x, w1, s0)
    a2 = _layer(a1, w2, s)
    a3 = _layer(a2, w3, s)
    return (a3 @ v) * s, (x, a1, a2, a3)


def backward(params, acts, g):
    """Vector-Jacobian product of theta -> f(theta; X) with cotangent g (n): returns (gW1, gW2, gW3, gv)."""
    _, w2, w3, v = params
    x, a1, a2, a3 = acts
    s0, s = _scales(params)
    gv = (g @ a3) * s
    d3 = np.outer(g, v * s)
    d3 *= 1.0 - a3 * a3          # tanh' = 1 - tanh^2
    gw3 = (d3.T @ a2) * s
    d2 = d3 @ w3
    d2 *= s * (1.0 - a2 * a2)
    gw2 = (d2.T @ a1) * s
    d1 = d2 @ w2
    d1 *= s * (1.0 - a1 * a1)
    gw1 = (d1.T @ x) * s0
    return (gw1, gw2, gw3, gv)


def loss_and_grad(params, x, y):
    """L(theta) = mean((f - y)^2) and its gradient (dL/df = 2 (f - y) / n)."""
    f, acts = forward(params, x)
    r = f - y
    return float(r @ r) / len(y), backward(params, acts, (2.0 / len(y)) * r)


def hvp(params, x, y, direction):
    """Hessian-vector product of L by the R-operator (Pearlmutter 1994): forward and backward
    pass differentiated along `direction`; exact, no finite differences."""
    w1, w2, w3, v = params
    u1, u2, u3, uv = direction
    s0, s = _scales(params)
    n = len(y)
    # Forward pass and its directional derivative R(.)
    a1 = _layer(x, w1, s0)
    r1 = (1.0 - a1 * a1) * ((x @ u1.T) * s0)
    a2 = _layer(a1, w2, s)
    r2 = (1.0 - a2 * a2) * ((r1 @ w2.T + a1 @ u2.T) * s)
    a3 = _layer(a2, w3, s)
    r3 = (1.0 - a3 * a3) * ((r2 @ w3.T + a2 @ u3.T) * s)
    f = (a3 @ v) * s
    rf = (r3 @ v + a3 @ uv) * s
    g, rg = (2.0 / n) * (f - y), (2.0 / n) * rf
    # Backward pass: delta_l = dL/dZ_l and R(delta_l)
    hv = (r3.T @ g + a3.T @ rg) * s
    b3 = np.outer(g, v * s)
    rb3 = np.outer(rg, v * s) + np.outer(g, uv * s)
    hw3, b2, rb2 = _r_back(b3, rb3, a3, r3, a2, r2, w3, u3, s, s)
    hw2, b1, rb1 = _r_back(b2, rb2, a2, r2, a1, r1, w2, u2, s, s)
    hw1, _, _ = _r_back(b1, rb1, a1, r1, x, None, w1, u1, s0, None)
    return (hw1, hw2, hw3, hv)


def _r_back(b, rb, a, ra, a_prev, ra_prev, w, u, scale, scale_prev):
    """One layer of the R-differentiated backward pass.

    b = dL/dA_l, rb = R(b); a = A_l, ra = R(A_l). Returns R(gW_l), dL/dA_{l-1}, R(dL/dA_{l-1})
    (the last two None at the input layer, where ra_prev is None)."""
    dz = b * (1.0 - a * a)
    rdz = rb * (1.0 - a * a) - 2.0 * b * a * ra
    hw = rdz.T @ a_prev
    if ra_prev is not None:
        hw += dz.T @ ra_prev
    hw *= scale
    if ra_prev is None:
        return hw, None, None
    return hw, (dz @ w) * scale, (rdz @ w + dz @ u) * scale


def tangent_kernel(params, x):
    """K = J J^T (n x n), J_i = grad_theta f(theta; x_i), by the per-layer structure
    grad_{W_l} f(x_i) = s_{l-1} B_l[i] A_{l-1}[i]^T, so that
    K = sum_l s_{l-1}^2 (B_l B_l^T) * (A_{l-1} A_{l-1}^T) + s^2 A_3 A_3^T  (* = Hadamard),
    where B_l[i] = df(x_i)/dZ_l is the per-sample backprop signal at layer l's pre-activation."""
    _, w2, w3, v = params
    s0, s = _scales(params)
    _, (x, a1, a2, a3) = forward(params, x)
    b3 = (1.0 - a3 * a3) * (v * s)
    b2 = (b3 @ w3) * s * (1.0 - a2 * a2)
    b1 = (b2 @ w2) * s * (1.0 - a1 * a1)
    k = (a3 @ a3.T) * (s * s)
    k += (b3 @ b3.T) * (a2 @ a2.T) * (s * s)
    k += (b2 @ b2.T) * (a1 @ a1.T) * (s * s)
    k += (b1 @ b1.T) * (x @ x.T) * (s0 * s0)
    return k


def explicit_jacobian(params, x):
    """J (n x p) row by row, each row the backprop gradient of f at one sample (for checks only)."""
    rows = []
    for i in range(x.shape[0]):
        _, acts = forward(params, x[i:i + 1])
        rows.append(flatten(backward(params, acts, np.ones(1))))
    return np.stack(rows)


def flatten(tree):
    """Concatenate (W1, W2, W3, v) row-major into one vector (pcx's parameter order)."""
    return np.concatenate([np.ravel(t) for t in tree])


def gd_step(params, x, y, lr):
    """One GD step on L; also returns L(theta_t) and ||gbar_t||, gbar_t = (1/n) sum_i grad f(theta_t; x_i)
    (004 Def 5.2 / Sec 6), both at the iterate before the step."""
    n = len(y)
    f, acts = forward(params, x)
    r = f - y
    grad = backward(params, acts, (2.0 / n) * r)
    gbar = backward(params, acts, np.full(n, 1.0 / n))
    gnorm = math.sqrt(sum(float(np.vdot(t, t)) for t in gbar))
    new = tuple(p - lr * g for p, g in zip(params, grad))
    return new, float(r @ r) / n, gnorm


def gd_run(params, x, y, lr, steps):
    """`steps` GD steps; returns final params, the loss trace and the ||gbar|| trace."""
    losses, gnorms = np.empty(steps), np.empty(steps)
    for t in range(steps):
        params, losses[t], gnorms[t] = gd_step(params, x, y, lr)
    return params, losses, gnorms
