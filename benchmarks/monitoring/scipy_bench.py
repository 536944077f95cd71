"""The scipy side of benchmarks/monitoring: times each statistic over the columns written by Program.cs, as
Evidently computes them (ks_2samp, wasserstein_distance / std, Sturges bins + jensenshannon, value_counts +
chisquare), and prints the values and the best time of ROUNDS as JSON."""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

folder, n_num, n_cat, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
num = [(np.fromfile(f"{folder}/ref_{i}.f64"), np.fromfile(f"{folder}/cur_{i}.f64")) for i in range(n_num)]
names = np.array([f"cat_{k:02d}" for k in range(64)], dtype=object)
cat = [(pd.Series(names[np.fromfile(f"{folder}/refc_{i}.i32", dtype=np.int32)]),
        pd.Series(names[np.fromfile(f"{folder}/curc_{i}.i32", dtype=np.int32)])) for i in range(n_cat)]


def ks():
    return [list(stats.ks_2samp(r, c)[:2]) for r, c in num]


def wasserstein():
    return [[stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)] for r, c in num]


def jensenshannon():
    out = []
    for r, c in num:
        bins = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
        out.append([distance.jensenshannon(np.histogram(r, bins)[0] / len(r), np.histogram(c, bins)[0] / len(c))])
    return out


def chisquare():
    out = []
    for r, c in cat:
        keys = sorted(set(r.unique()) | set(c.unique()))
        rc = r.value_counts().reindex(keys, fill_value=0).to_numpy()
        cc = c.value_counts().reindex(keys, fill_value=0).to_numpy()
        res = stats.chisquare(cc, rc * (len(c) / len(r)))
        out.append([res.statistic, res.pvalue])
    return out


result = {}
for name, fn in [("ks", ks), ("wasserstein", wasserstein), ("jensenshannon", jensenshannon), ("chisquare", chisquare)]:
    best, values = float("inf"), None
    for _ in range(rounds):
        t = time.perf_counter()
        values = fn()
        best = min(best, time.perf_counter() - t)
    result[name] = {"seconds": best, "values": [[repr(float(v)) for v in row] for row in values]}
print(json.dumps(result))
