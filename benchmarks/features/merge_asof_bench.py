# The anchor: pandas.merge_asof with `by` and `tolerance` on the benchmark's data (CSV: Debian's pandas has no
# Parquet engine). Loading is NOT timed; the timed part sorts both frames, joins, and restores the entity order.
# Prints: best seconds, then the number of non-null values (a checksum the C# side compares).
import sys, time
import pandas as pd

entities = pd.read_csv(sys.argv[1], parse_dates=["event_timestamp"])
features = pd.read_csv(sys.argv[2], parse_dates=["event_timestamp"])
ttl, rounds = int(sys.argv[3]), int(sys.argv[4])
best, matched = float("inf"), -1
for _ in range(rounds):
    t0 = time.perf_counter()
    e = entities.assign(row=range(len(entities))).sort_values("event_timestamp", kind="mergesort")
    f = features.sort_values("event_timestamp", kind="mergesort")
    m = pd.merge_asof(e, f, on="event_timestamp", by="driver_id", direction="backward",
                      tolerance=pd.Timedelta(seconds=ttl)).sort_values("row")
    best = min(best, time.perf_counter() - t0)
    matched = int(m["value"].notna().sum())
print(best)
print(matched)
