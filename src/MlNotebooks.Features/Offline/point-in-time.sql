-- Point-in-time join (Feast's get_historical_features), one statement for DuckDB.
-- The stages follow Feast's MULTIPLE_FEATURE_VIEW_POINT_IN_TIME_JOIN template; PointInTimeQuery fills the
-- {placeholders}: identifiers are quoted, paths are string literals, timestamps are epoch microseconds (UTC).
--@entity
-- Stage 1 __entity: the entity rows in their order, each with its timestamp in microseconds.
__entity AS (
  SELECT *{entity_orders}
  FROM (SELECT *, {entity_ts} AS __entity_ts, {row_id} AS __row_id FROM {entity_relation})
)
--@view
-- Stage 2 {view}__subquery: the view's rows no later than the last entity timestamp and no earlier than the
-- first entity timestamp minus the ttl (Feast's prefilter; a ttl of 0 keeps every earlier row); the bounds are
-- read from the entity rows first and written in as numbers.
-- Stage 3 {view}__dedup: rows with equal event timestamps are ordered by created timestamp, then by their place in
-- the file (Feast's __dedup + ROW_NUMBER ordering): __order is that triple (packed into one HUGEINT when there is no
-- created column), and the ASOF join below takes the greatest __order at or before the entity's own, which is the
-- deduplicated latest row without a window pass.
{view_cte} AS (
  SELECT {keys}, {ts} AS __ts, {order} AS __order{features}
  FROM {source_relation}
  WHERE {ts} <= {max_entity_ts}{ttl_prefilter}
)
--@final
-- Stage 4 __latest: each entity row takes, per view, the last row at or before its timestamp (ASOF LEFT JOIN:
-- no row keeps the entity row with nulls). Stage 5 __cleaned: a row older than timestamp - ttl counts as missing.
SELECT {columns}
FROM __entity AS e
{joins}
ORDER BY e.__row_id
