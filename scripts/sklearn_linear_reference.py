#!/usr/bin/env python3
"""Reference fits for src/learners/linear: scikit-learn's StandardScaler + LogisticRegression / Ridge.

Writes tests/fixtures/linear/sklearn_reference.json, which src/learners/linear/sklearn.test.ts reads, so CI
needs no Python. Rerun it (with a Python that has scikit-learn, e.g. Debian's /usr/bin/python3 and
python3-sklearn) only when the cases change:

    /usr/bin/python3 scripts/sklearn_linear_reference.py

Every input is rounded to float32 first, because Sweeplab's learners read Float32Array features and
targets: both sides then fit exactly the same numbers. Cases read from public/datasets name the CSV instead
of copying it; the test parses the same file. Penalties: LogisticRegression(C = 1 / alpha) minimises
Σ logloss + (alpha/2)·‖W‖², Ridge(alpha) minimises ‖y − ŷ‖² + alpha·‖w‖², both in standardised space
with the intercept unpenalised, which is what fitLinear does.

Besides outputs and raw-space coefficients, each case records the objective (in fitLinear's scaling:
logistic divided by the number of rows) and its gradient's largest entry at scikit-learn's solution, so the
reader can see how converged the reference itself is, and the minimum found by polishing that solution
further with SciPy and the outputs there, so the test can check how close to the true minimum fitLinear
gets (for ridge, whose solve is exact, these equal scikit-learn's own).
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "linear", "sklearn_reference.json")


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def read_csv(name):
    """Numeric CSV with a header row; the last column is the target (as the built-in datasets are)."""
    path = os.path.join(ROOT, "public", "datasets", name)
    data = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64)
    return f32(data[:, :-1]), f32(data[:, -1])


def train_rows(n, seed, fraction=0.8):
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[: int(round(fraction * n))])


def standardise(x_train):
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    return mean, std


def logistic_objective(z, y, k, weights, bias, alpha):
    """fitLinear's scaled objective (1/n)[Σ logloss + alpha/2‖W‖²] and its gradient's max |entry|."""
    n = z.shape[0]
    if k == 2:
        m = z @ weights[0] + bias[0]
        loss = np.sum(np.logaddexp(0, m) - y * m)
        r = 1 / (1 + np.exp(-m)) - y
        grad = np.concatenate([z.T @ r + alpha * weights[0], [r.sum()]])
    else:
        logits = z @ weights.T + bias
        lse = np.logaddexp.reduce(logits, axis=1)
        loss = np.sum(lse - logits[np.arange(n), y.astype(int)])
        p = np.exp(logits - lse[:, None])
        p[np.arange(n), y.astype(int)] -= 1
        grad = np.concatenate([(p.T @ z + alpha * weights).ravel(), p.sum(axis=0)])
    value = (loss + 0.5 * alpha * np.sum(weights**2)) / n
    return value, float(np.max(np.abs(grad / n)))


def polished_minimum(z, y, k, weights, bias, alpha):
    """
    The objective's minimum, for checking how tightly fitLinear converges. scikit-learn 1.2 leaves SciPy's
    L-BFGS-B at its default ftol (2.2e-9 relative decrease), which stops with the gradient near 1e-6 on some
    cases; continuing from its solution with ftol = 0 reaches the minimum to about 1e-15 relative.
    """
    from scipy.optimize import minimize

    shape = weights.shape

    def f(theta):
        w, b = theta[: weights.size].reshape(shape), theta[weights.size:]
        n = z.shape[0]
        if k == 2:
            m = z @ w[0] + b[0]
            r = 1 / (1 + np.exp(-m)) - y
            loss = np.sum(np.logaddexp(0, m) - y * m)
            grad = np.concatenate([z.T @ r + alpha * w[0], [r.sum()]])
        else:
            logits = z @ w.T + b
            lse = np.logaddexp.reduce(logits, axis=1)
            loss = np.sum(lse - logits[np.arange(n), y.astype(int)])
            p = np.exp(logits - lse[:, None])
            p[np.arange(n), y.astype(int)] -= 1
            grad = np.concatenate([(p.T @ z + alpha * w).ravel(), p.sum(axis=0)])
        return (loss + 0.5 * alpha * np.sum(w**2)) / n, grad / n

    start = np.concatenate([weights.ravel(), bias])
    result = minimize(f, start, jac=True, method="L-BFGS-B", options={"gtol": 1e-13, "ftol": 0, "maxiter": 100000})
    theta = result.x if result.fun <= f(start)[0] else start
    return f(theta)[0], theta[: weights.size].reshape(shape), theta[weights.size:]


def raw_space(weights, bias, mean, scale):
    coefficients = weights / scale
    intercepts = bias - coefficients @ mean
    return coefficients, intercepts


def fit_logistic(name, x, y, k, alpha, train, source):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0 / alpha, tol=1e-12, max_iter=100000))
    model.fit(x[train], y[train])
    scaler, clf = model[0], model[1]
    z = (x[train] - scaler.mean_) / scaler.scale_
    objective, gradient = logistic_objective(z, y[train], k, clf.coef_, clf.intercept_, alpha)
    minimum, polished_w, polished_b = polished_minimum(z, y[train], k, clf.coef_, clf.intercept_, alpha)
    logits = ((x - scaler.mean_) / scaler.scale_) @ polished_w.T + polished_b
    if k == 2:
        p1 = 1 / (1 + np.exp(-logits[:, 0]))
        polished_outputs = np.stack([1 - p1, p1], axis=1)
    else:
        polished_outputs = np.exp(logits - np.logaddexp.reduce(logits, axis=1)[:, None])
    assert list(clf.classes_) == list(range(k)), f"{name}: every class must be in the training rows"
    weights, bias = clf.coef_, clf.intercept_
    coefficients, intercepts = raw_space(weights, bias, scaler.mean_, scaler.scale_)
    if k > 2:
        intercepts = intercepts - intercepts.mean()  # softmax ignores a shift; fitLinear centres them
    return case(name, "binary" if k == 2 else "multiclass", k, alpha, x, y, train, source,
                model.predict_proba(x).ravel(), coefficients, intercepts, objective, gradient, int(clf.n_iter_.max()), minimum, polished_outputs.ravel())


def fit_ridge(name, x, y, alpha, train, source):
    model = make_pipeline(StandardScaler(), Ridge(alpha=alpha))
    model.fit(x[train], y[train])
    scaler, reg = model[0], model[1]
    weights = reg.coef_[None, :]
    coefficients, intercepts = raw_space(weights, np.array([reg.intercept_]), scaler.mean_, scaler.scale_)
    z = (x[train] - scaler.mean_) / scaler.scale_
    residual = y[train] - z @ reg.coef_ - reg.intercept_
    objective = float(residual @ residual + alpha * reg.coef_ @ reg.coef_)
    gradient = float(np.max(np.abs(-2 * z.T @ residual + 2 * alpha * reg.coef_)))
    return case(name, "regression", 0, alpha, x, y, train, source,
                model.predict(x), coefficients, intercepts, objective, gradient, 1, objective, model.predict(x))


def round12(v):
    """12 significant digits: far below every tolerance the test uses, and half the fixture's size."""
    return float(f"{float(v):.12g}")


def round10(v):
    """Outputs (probabilities, predictions) are compared to 1e-7 at the tightest: 10 digits suffice."""
    return float(f"{float(v):.10g}")


def case(name, task, k, alpha, x, y, train, source, outputs, coefficients, intercepts, objective, gradient, iterations, minimum, polished_outputs):
    entry = {"name": name, "task": task, "numClasses": k, "alpha": alpha, "numFeatures": int(x.shape[1])}
    if source is None:
        # The shortest text that reads back as the same float32 (Float32Array.from rounds it identically).
        entry["features"] = [float(repr(np.float32(v))) for v in x.ravel()]
        entry["targets"] = [float(repr(np.float32(v))) for v in y]
    else:
        entry["csv"] = source
    entry["train"] = train.tolist()
    entry["expected"] = {
        "outputs": [round10(v) for v in outputs],
        "coefficients": [round12(v) for v in np.ravel(coefficients)],
        "intercepts": [round12(v) for v in np.ravel(intercepts)],
        "objective": float(objective),
        "gradientMaxAbs": gradient,
        "iterations": iterations,
        "polishedObjective": float(minimum),
        "polishedOutputs": [round10(v) for v in polished_outputs],
    }
    return entry


def synthetic_binary(seed, n=300):
    rng = np.random.default_rng(seed)
    scales = np.array([1.0, 10.0, 0.01, 1000.0, 1.0, 1.0])
    offsets = np.array([0.0, -50.0, 3.0, 1e5, 0.0, 7.5])
    base = rng.normal(size=(n, 6))
    base[:, 5] = 0  # a constant column: weight 0
    base[:, 4] = 0.9 * base[:, 0] + 0.1 * base[:, 4]  # strongly correlated with column 0
    x = base * scales + offsets
    logit = base @ np.array([1.5, -2.0, 0.7, 0.3, 0.5, 0.0]) + 0.2
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    return f32(x), f32(y)


def synthetic_multiclass(seed, n=400, k=4, p=5):
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, p))
    w = rng.normal(size=(k, p)) * 1.5
    logits = base @ w.T
    prob = np.exp(logits - logits.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in prob], dtype=np.float64)
    x = base * np.array([1.0, 100.0, 0.1, 5.0, 1.0]) + np.array([0, 20, -3, 0, 1e3])
    return f32(x), f32(y)


def separable_binary(seed, n=60):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(np.float64)
    x[:, 0] += np.where(y == 1, 0.5, -0.5)  # a clear margin: unregularised weights would diverge
    return f32(x), f32(y)


def synthetic_regression(seed, n=200, p=8):
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, p))
    base[:, 7] = 0  # constant
    base[:, 6] = base[:, 1] + 0.05 * base[:, 6]  # near-collinear pair
    y = 1000 + base @ np.array([3.0, -2.0, 0.0, 10.0, 0.5, 1.0, 2.0, 0.0]) + 5 * rng.normal(size=n)
    x = base * np.array([1, 0.001, 50, 1, 1e4, 1, 0.001, 1]) + np.array([0, 0, 100, -7, 0, 0, 0, 42])
    return f32(x), f32(y)


def wide_regression(seed, n=40, p=120):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) * rng.uniform(0.1, 10, size=p)
    y = x[:, :5] @ np.array([1.0, -1.0, 2.0, 0.5, 0.0]) + rng.normal(size=n)
    return f32(x), f32(y)


def main():
    cases = []
    x, y = synthetic_binary(1)
    for alpha in (1.0, 0.01):
        cases.append(fit_logistic(f"synthetic binary, alpha {alpha}", x, y, 2, alpha, train_rows(len(y), 11), None))
    x, y = synthetic_multiclass(2)
    for alpha in (1.0, 0.1):
        cases.append(fit_logistic(f"synthetic 4 classes, alpha {alpha}", x, y, 4, alpha, train_rows(len(y), 12), None))
    x, y = separable_binary(3)
    cases.append(fit_logistic("separable binary, alpha 1", x, y, 2, 1.0, np.arange(len(y)), None))
    x, y = read_csv("iris.csv")
    cases.append(fit_logistic("iris, alpha 1", x, y, 3, 1.0, train_rows(len(y), 13), "iris.csv"))
    x, y = read_csv("wine.csv")
    cases.append(fit_logistic("wine, alpha 0.1", x, y, 3, 0.1, train_rows(len(y), 14), "wine.csv"))
    x, y = read_csv("breast_cancer.csv")
    for alpha in (1.0, 0.1):
        cases.append(fit_logistic(f"breast cancer, alpha {alpha}", x, y, 2, alpha, train_rows(len(y), 15), "breast_cancer.csv"))
    x, y = synthetic_regression(4)
    for alpha in (1.0, 100.0):
        cases.append(fit_ridge(f"synthetic regression, alpha {alpha}", x, y, alpha, train_rows(len(y), 16), None))
    x, y = wide_regression(5)
    cases.append(fit_ridge("wide regression (p > n, dual), alpha 5", x, y, 5.0, train_rows(len(y), 17, 0.75), None))
    x, y = read_csv("diabetes.csv")
    cases.append(fit_ridge("diabetes, alpha 1", x, y, 1.0, train_rows(len(y), 18), "diabetes.csv"))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    fixture = {
        "generator": "scripts/sklearn_linear_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    for c in cases:
        e = c["expected"]
        print(f"{c['name']:45s} iterations {e['iterations']:6d}  objective {e['objective']:.15g}  |grad| {e['gradientMaxAbs']:.2e}"
              f"  minimum {e['polishedObjective']:.15g}", file=sys.stderr)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
