"""Independent float64 NumPy reference for the runtime's GD trajectory test (issue 4).

A standard-parameterised MLP (001 Sec 4: a1 = tanh(x W1^T + b1), f = a1 W2^T + b2) with the flat
parameter order of `load(...)` (W1 row-major out x in, b1, W2, b2), mean square loss
L = (1/n) sum_i (y_i - f(x_i))^2, plain gradient descent. Run once; its outputs are committed:
data.csv, theta.npy, reference.json. Run: python3 make_reference.py
"""
import csv
import json

import numpy as np

rng = np.random.default_rng(20261123)
n, d, h = 12, 3, 5
X = rng.normal(size=(n, d))
y = np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2]
theta0 = rng.normal(size=(h * d + h + h + 1,)) * 0.7

with open("data.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["a", "b", "c", "target"])
    for i in range(n):
        w.writerow([repr(float(v)) for v in X[i]] + [repr(float(y[i]))])
np.save("theta.npy", theta0)

# read back exactly what pcx will read
X = np.loadtxt("data.csv", delimiter=",", skiprows=1, usecols=(0, 1, 2))
y = np.loadtxt("data.csv", delimiter=",", skiprows=1, usecols=(3,))


def unpack(t):
    W1 = t[: h * d].reshape(h, d)
    b1 = t[h * d : h * d + h]
    W2 = t[h * d + h : h * d + 2 * h].reshape(1, h)
    b2 = t[h * d + 2 * h :]
    return W1, b1, W2, b2


def loss_grad(t):
    W1, b1, W2, b2 = unpack(t)
    z1 = X @ W1.T + b1
    a1 = np.tanh(z1)
    f = (a1 @ W2.T + b2)[:, 0]
    r = f - y
    L = np.mean(r**2)
    df = 2.0 * r / n
    gW2 = (df[:, None] * a1).sum(axis=0)[None, :]
    gb2 = np.array([df.sum()])
    da1 = df[:, None] * W2
    dz1 = da1 * (1 - a1**2)
    gW1 = dz1.T @ X
    gb1 = dz1.sum(axis=0)
    return L, np.concatenate([gW1.ravel(), gb1, gW2.ravel(), gb2])


lr, steps = 0.1, 50
t = theta0.copy()
losses, grad_norms = [], []
for k in range(steps + 1):
    L, g = loss_grad(t)
    losses.append(L)
    grad_norms.append(float(np.linalg.norm(g)))
    if k < steps:
        t = t - lr * g
json.dump({"lr": lr, "steps": steps, "loss": losses, "grad_norm": grad_norms,
           "final_theta": t.tolist()}, open("reference.json", "w"), indent=1)
print("final loss", losses[-1])
