#!/usr/bin/env python3
"""How often issue 13's agreement rule holds for an estimator whose error bars are right.

  bench/rule_pass_rate.py [-o docs/validation/rule-pass-rate.json]

The rule (docs/score-models.md §12): for every entry of R, |z| <= 3 at every lag and |z| <= 2 at nine
lags in ten, t = 0 ... 2 in 21 lags. For an unbiased estimator with correct standard errors each z is
N(0, 1), whatever the sample size, so the rule's pass rate is a property of the rule, not of the data:
simulated here for 4 entries (2-D) and 16 entries (4-D), z correlated over lags with a squared-exponential
correlation of time tau (0: independent lags), entries independent, under two error models:
  exact    the standard errors are the true ones;
  blocks   each entry's standard error is estimated from 16 member blocks, as the GFDT's are: scaled by
           sqrt(chi2_15 / 15), one draw per entry (a block spread moves with the entry over the lags).
Also the pass rate of the family-wise reading (EntryAgreement.agreesFamilyWise): worst |z| over all entries
and lags <= Bonferroni's bound for a 5 % false alarm over entries x lags, from the normal for exact errors
and from Student's t with 15 degrees of freedom for errors from 16 blocks. Seeded (numpy's PCG64, seed 13),
so the JSON is reproducible; nothing is timed. Needs numpy and scipy (python3-numpy, python3-scipy).
"""
import argparse
import json

import numpy as np
from scipy import stats

LAGS, HORIZON, SIMS, SEED, BLOCKS = 21, 2.0, 20000, 13, 16
ENTRIES = {"2-D": 4, "4-D": 16}
TAUS = [0.0, 0.1, 0.3, 0.6]
ALPHA = 0.05


def draws(rng, entries, tau, blocks):
    t = np.linspace(0.0, HORIZON, LAGS)
    corr = np.eye(LAGS) if tau == 0 else np.exp(-0.5 * ((t[:, None] - t[None, :]) / tau) ** 2) + 1e-10 * np.eye(LAGS)
    z = rng.standard_normal((SIMS, entries, LAGS)) @ np.linalg.cholesky(corr).T
    if blocks:
        z /= np.sqrt(rng.chisquare(BLOCKS - 1, (SIMS, entries, 1)) / (BLOCKS - 1))
    return np.abs(z)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default="docs/validation/rule-pass-rate.json")
    out = ap.parse_args().o
    rng = np.random.default_rng(SEED)
    rows = []
    for label, entries in ENTRIES.items():
        m = entries * LAGS
        for errors in ("exact", "blocks"):
            bound = float(stats.norm.ppf(1 - ALPHA / (2 * m)) if errors == "exact" else stats.t.ppf(1 - ALPHA / (2 * m), BLOCKS - 1))
            for tau in TAUS:
                a = draws(rng, entries, tau, errors == "blocks")
                per_entry = (a.max(axis=2) <= 3) & ((a <= 2).mean(axis=2) >= 0.9 - 1e-12)
                rows.append({"system": label, "entries": entries, "errors": errors, "lag_correlation_time": tau,
                             "rule_pass_rate": round(float(per_entry.all(axis=1).mean()), 4),
                             "entry_pass_rate": round(float(per_entry.mean()), 4),
                             "familywise_bound": round(bound, 3),
                             "familywise_pass_rate": round(float((a.max(axis=(1, 2)) <= bound).mean()), 4)})
    doc = {"what": "pass rate of issue 13's agreement rule and of the family-wise reading for an estimator with right error bars "
                   "(exact, or estimated from 16 blocks); written by bench/rule_pass_rate.py",
           "lags": LAGS, "horizon": HORIZON, "simulations": SIMS, "seed": SEED, "alpha": ALPHA, "blocks": BLOCKS, "rows": rows}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in rows:
        print(r)


if __name__ == "__main__":
    main()
