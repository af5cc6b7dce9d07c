"""Reads a Sweeplab study's Optuna journal (an "Export Optuna journal" file) with Optuna itself and prints
what Optuna sees as one JSON object: its version, the study's name and direction, the trial count, each
trial's state, params, value and intermediate values, and the best trial's value and params.

    /usr/bin/python3 scripts/check_optuna_journal.py study-xyz.optuna.jsonl

Debian ships Optuna 3.1 (`apt-get install python3-optuna`), whose journal file class is JournalFileStorage;
Optuna 4 renamed it JournalFileBackend. Exits 2 when optuna is missing, 1 when the file does not load.
Non-finite numbers are printed as the strings "NaN", "Infinity" and "-Infinity" so the output is strict JSON.
"""

import json
import math
import sys
import warnings


def finite_or_text(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {str(k): finite_or_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_text(v) for v in value]
    return value


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: check_optuna_journal.py FILE.optuna.jsonl", file=sys.stderr)
        return 64
    try:
        import optuna
    except ImportError:
        print("optuna is not installed for " + sys.executable + " (Debian: apt-get install python3-optuna)", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    path = sys.argv[1]
    backend_class = getattr(optuna.storages, "JournalFileBackend", None)
    if backend_class is None:
        backend_class = optuna.storages.JournalFileStorage
    storage = optuna.storages.JournalStorage(backend_class(path))
    summaries = storage.get_all_studies()
    if len(summaries) != 1:
        print(f"expected one study in {path}, found {len(summaries)}", file=sys.stderr)
        return 1
    study = optuna.load_study(study_name=summaries[0].study_name, storage=storage)
    trials = study.get_trials(deepcopy=False)
    complete = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    best = study.best_trial if complete else None
    report = {
        "optuna_version": optuna.__version__,
        "study_name": study.study_name,
        "direction": study.direction.name,
        "n_trials": len(trials),
        "states": [t.state.name for t in trials],
        "best_value": best.value if best else None,
        "best_params": best.params if best else None,
        "best_trial": best.number if best else None,
        "user_attr_keys": sorted(study.user_attrs.keys()),
        "trials": [
            {
                "number": t.number,
                "state": t.state.name,
                "params": t.params,
                "distributions": {k: type(d).__name__ for k, d in t.distributions.items()},
                "param_types": {k: type(v).__name__ for k, v in t.params.items()},
                "value_type": type(t.value).__name__,
                "value": t.value,
                "intermediate_values": {str(k): v for k, v in sorted(t.intermediate_values.items())},
                "duration_s": t.duration.total_seconds() if t.duration is not None else None,
                "user_attrs": t.user_attrs,
                "fail_reason": t.system_attrs.get("fail_reason"),
            }
            for t in trials
        ],
    }
    print(json.dumps(finite_or_text(report), allow_nan=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
