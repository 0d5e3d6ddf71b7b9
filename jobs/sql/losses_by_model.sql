-- SQL mode example: losses per model version over the "predictions" input of conf/example.conf.
--   jobs/evaluate conf/example.conf --sql jobs/sql/losses_by_model.sql
-- Every loss function is registered; a function's per-row form (PyTorch reduction='none') is
-- <name>_none. Statements run in order; the last one's result is printed, and written to
-- sql-output when one is configured (never to the evaluation's output).

SELECT model_version,
       count(*)                                                    AS rows,
       mse_loss(prediction, label)                                 AS mse,
       cross_entropy(logits, target_class, 'mean',
                     named_struct('label_smoothing', 0.05))        AS ce,
       binary_cross_entropy(click_prob, clicked)                   AS bce,
       kl_div(log_probs, teacher_probs, 'batchmean')               AS kl,
       hinge_embedding_loss(distance, same)                        AS hinge
FROM predictions
GROUP BY model_version
ORDER BY model_version
