-- SQL mode example: per-row losses (PyTorch reduction='none') and the 20 worst predictions of
-- the newest model, from a temporary view defined by the first statement.
--   jobs/evaluate conf/example.conf --sql jobs/sql/worst_rows.sql

CREATE OR REPLACE TEMPORARY VIEW scored AS
SELECT id, model_version, country, day,
       cross_entropy_none(logits, target_class) AS ce
FROM predictions;

SELECT id, country, day, ce
FROM scored
WHERE model_version = 'v3'
ORDER BY ce DESC, id
LIMIT 20
