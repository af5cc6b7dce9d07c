"""Optuna's TPE on the functions of scripts/benchFunctions.ts, for `npm run bench:samplers`.

Prints JSON: for each function, the best value after each trial for every seed, and the median time of
one suggestion with 1,000 completed trials. Run with Debian's /usr/bin/python3 (python3-optuna).
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HA = [1.0, 1.2, 3.0, 3.2]
HA_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HA_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def branin(x):
    a, b = x
    return (b - 5.1 / (4 * math.pi**2) * a * a + 5 / math.pi * a - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(a) + 10


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(HA_A[i][j] * (x[j] - HA_P[i][j] * 1e-4) ** 2 for j in range(6))
        total -= HA[i] * math.exp(-inner)
    return total


def noisy_styblinski_tang(x):
    clean = sum((v**4 - 16 * v**2 + 5 * v) / 2 for v in x)
    phase = sum((i + 1) * v for i, v in enumerate(x))
    return clean + 2 * math.sin(12345.678 * phase)


FUNCTIONS = [
    ("Branin (2-D)", branin, [(-5, 10), (0, 15)]),
    ("Hartmann-6", hartmann6, [(0, 1)] * 6),
    ("Styblinski-Tang 10-D + noise σ=2", noisy_styblinski_tang, [(-5, 5)] * 10),
]


def run(fn, bounds, seed, trials):
    sampler = optuna.samplers.TPESampler(seed=seed)
    study = optuna.create_study(direction="minimize", sampler=sampler)

    def objective(trial):
        return fn([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)])

    study.optimize(objective, n_trials=trials)
    best, curve = math.inf, []
    for t in study.trials:
        best = min(best, t.value)
        curve.append(best)
    return curve


def suggestion_time(fn, bounds, completed=1000, repeats=20):
    sampler = optuna.samplers.TPESampler(seed=0)
    study = optuna.create_study(direction="minimize", sampler=sampler)
    dists = {f"x{i}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(bounds)}
    import random

    rnd = random.Random(0)
    for _ in range(completed):
        params = {k: rnd.uniform(d.low, d.high) for k, d in dists.items()}
        study.add_trial(optuna.trial.create_trial(params=params, distributions=dists, value=fn(list(params.values()))))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        trial = study.ask(dists)
        times.append(time.perf_counter() - start)
        study.tell(trial, fn([trial.params[k] for k in dists]))
    times.sort()
    return times[len(times) // 2] * 1000


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    out = {"optuna": optuna.__version__, "functions": {}}
    for name, fn, bounds in FUNCTIONS:
        out["functions"][name] = {
            "curves": [run(fn, bounds, seed, trials) for seed in range(seeds)],
            "suggestMs": suggestion_time(fn, bounds),
        }
        print(f"optuna: {name} done", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
