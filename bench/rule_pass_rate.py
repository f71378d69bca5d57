#!/usr/bin/env python3
"""How often issue 13's agreement rule holds for an estimator whose error bars are exactly right.

  bench/rule_pass_rate.py [-o docs/validation/rule-pass-rate.json]

The rule (docs/score-models.md §12): for every entry of R, |z| <= 3 at every lag and |z| <= 2 at nine
lags in ten, t = 0 ... 2 in 21 lags. For an unbiased estimator with correct standard errors each z is
N(0, 1), whatever the sample size, so the rule's pass rate is a property of the rule, not of the data:
simulated here for 4 entries (2-D) and 16 entries (4-D), z correlated over lags with a squared-exponential
correlation of time tau (0: independent lags), entries independent. (Standard errors estimated from 16
member blocks are themselves noisy, which only lowers these rates.) Also the pass rate of a family-wise reading, worst |z| over all entries and lags <=
the Bonferroni bound for a 5 % false alarm over entries x lags (the kind of bound the library's score
diagnostics use), and that bound's value. Seeded (numpy's PCG64, seed 13), so the JSON is reproducible;
nothing is timed.
"""
import argparse
import json
import math
from statistics import NormalDist

import numpy as np

LAGS, HORIZON, SIMS, SEED = 21, 2.0, 20000, 13
ENTRIES = {"2-D": 4, "4-D": 16}
TAUS = [0.0, 0.1, 0.3, 0.6]
ALPHA = 0.05


def draws(rng, entries, tau):
    t = np.linspace(0.0, HORIZON, LAGS)
    corr = np.eye(LAGS) if tau == 0 else np.exp(-0.5 * ((t[:, None] - t[None, :]) / tau) ** 2) + 1e-10 * np.eye(LAGS)
    return np.abs(rng.standard_normal((SIMS, entries, LAGS)) @ np.linalg.cholesky(corr).T)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default="docs/validation/rule-pass-rate.json")
    out = ap.parse_args().o
    rng = np.random.default_rng(SEED)
    rows = []
    for label, entries in ENTRIES.items():
        bound = NormalDist().inv_cdf(1 - ALPHA / (2 * entries * LAGS))
        for tau in TAUS:
            a = draws(rng, entries, tau)
            per_entry = (a.max(axis=2) <= 3) & ((a <= 2).mean(axis=2) >= 0.9 - 1e-12)
            rows.append({"system": label, "entries": entries, "lag_correlation_time": tau,
                         "rule_pass_rate": round(float(per_entry.all(axis=1).mean()), 4),
                         "entry_pass_rate": round(float(per_entry.mean()), 4),
                         "familywise_bound": round(bound, 3),
                         "familywise_pass_rate": round(float((a.max(axis=(1, 2)) <= bound).mean()), 4)})
    doc = {"what": "pass rate of issue 13's agreement rule (and of a family-wise bound) for a calibrated estimator; "
                   "written by bench/rule_pass_rate.py",
           "lags": LAGS, "horizon": HORIZON, "simulations": SIMS, "seed": SEED, "alpha": ALPHA, "rows": rows}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in rows:
        print(r)


if __name__ == "__main__":
    main()
