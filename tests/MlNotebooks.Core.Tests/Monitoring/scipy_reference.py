"""Reference values for the drift tests, computed with Debian's python3-scipy (run by ScipyCrossCheckTests).

Reads a JSON list of cases on stdin: {"test": name, "ref": [...], "cur": [...]}; prints one JSON list per case
with the statistic (and p-value) as repr strings. Preprocessing follows Evidently (legacy/calculations/stattests),
with value keys sorted so the order of summation is deterministic.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance


def value_counts(ref, cur):
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    rc = {k: 0 for k in keys}
    cc = {k: 0 for k in keys}
    for v in ref.tolist():
        rc[v] += 1
    for v in cur.tolist():
        cc[v] += 1
    return keys, np.array([rc[k] for k in keys]), np.array([cc[k] for k in keys])


def binned(ref, cur, numeric, fill):
    if numeric and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        _, rc, cc = value_counts(ref, cur)
        rp = rc / len(ref)
        cp = cc / len(cur)
    if fill:
        for arr in (rp, cp):
            nz = arr[arr != 0]
            f = (min(nz) / 10**6 if min(nz) <= 0.0001 else 0.0001) if nz.size > 0 else 0.0001
            np.place(arr, arr == 0, f)
    return rp, cp


def compute(case):
    numeric = case.get("numeric", True)
    ref = np.array(case["ref"], dtype=float if numeric else object)
    cur = np.array(case["cur"], dtype=float if numeric else object)
    t = case["test"]
    if t == "ks":
        r = stats.ks_2samp(ref, cur)
        return [r.statistic, r.pvalue]
    if t == "wasserstein":
        return [stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)]
    if t == "chisquare":
        _, rc, cc = value_counts(ref, cur)
        k_norm = len(cur) / len(ref)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = stats.chisquare(cc, rc * k_norm)
        return [r.statistic, r.pvalue]
    if t == "z":
        keys, rc, cc = value_counts(ref, cur)
        n1, n2 = len(ref), len(cur)
        p1 = float(n1 - rc[0]) / n1
        p2 = float(n2 - cc[0]) / n2
        pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
        return [z, 2 * (1 - stats.norm.cdf(np.abs(z)))]
    if t == "jensenshannon":
        p, q = binned(ref, cur, numeric, False)
        return [distance.jensenshannon(p, q)]
    if t == "psi":
        p, q = binned(ref, cur, numeric, True)
        return [np.sum((p - q) * np.log(p / q))]
    raise ValueError(t)


cases = json.load(sys.stdin)
print(json.dumps([[repr(float(v)) for v in compute(c)] for c in cases]))
