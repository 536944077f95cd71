# The anchor for the randomized point-in-time test: pandas.merge_asof with `by` and `tolerance`.
# Rows with equal event timestamps are ordered by created timestamp, then file order (stable sort),
# so merge_asof's "last row wins" is Feast's tie-break. Prints one value per entity row, in entity order.
import sys
import pandas as pd

entities = pd.read_csv(sys.argv[1], parse_dates=["event_timestamp"])
features = pd.read_csv(sys.argv[2], parse_dates=["event_timestamp", "created"])
ttl = int(sys.argv[3])
entities["row"] = range(len(entities))
features["file_row"] = range(len(features))
tiebreak = ["created"] if sys.argv[4] == "created" else []  # without a created column: file order alone
features = features.sort_values(["event_timestamp", *tiebreak, "file_row"], kind="mergesort")
left = entities.sort_values("event_timestamp", kind="mergesort")
merged = pd.merge_asof(left, features.drop(columns=["created", "file_row"]), on="event_timestamp", by="driver_id",
                       direction="backward", allow_exact_matches=True,
                       tolerance=pd.Timedelta(seconds=ttl) if ttl else None)
for v in merged.sort_values("row")["value"]:
    print("" if pd.isna(v) else repr(float(v)))
