-- Point-in-time join (Feast's get_historical_features), one statement for DuckDB.
-- The stages follow Feast's MULTIPLE_FEATURE_VIEW_POINT_IN_TIME_JOIN template; PointInTimeQuery fills the
-- {placeholders}: identifiers are quoted, paths are string literals, timestamps are epoch microseconds (UTC).
--@entity
-- Stage 1 __entity: the entity rows in their order, each with its timestamp in microseconds.
__entity AS (
  SELECT *, {entity_ts} AS __entity_ts, {row_id} AS __row_id
  FROM {entity_relation}
)
--@view
-- Stage 2 {view}__subquery: the view's rows no later than the last entity timestamp and no earlier than the
-- first entity timestamp minus the ttl (Feast's prefilter; a ttl of 0 keeps every earlier row).
-- Stage 3 {view}__dedup: one row per (join keys, event timestamp); the latest created timestamp wins, then the
-- later row in the file (Feast's __dedup + ROW_NUMBER ordering).
{view_cte} AS (
  SELECT {keys}, {ts} AS __ts{features}
  FROM {source_relation}
  WHERE {ts} <= (SELECT max(__entity_ts) FROM __entity){ttl_prefilter}
  QUALIFY row_number() OVER (PARTITION BY {keys}, {ts} ORDER BY {tiebreak}) = 1
)
--@final
-- Stage 4 __latest: each entity row takes, per view, the last row at or before its timestamp (ASOF LEFT JOIN:
-- no row keeps the entity row with nulls). Stage 5 __cleaned: a row older than timestamp - ttl counts as missing.
SELECT {columns}
FROM __entity AS e
{joins}
ORDER BY e.__row_id
