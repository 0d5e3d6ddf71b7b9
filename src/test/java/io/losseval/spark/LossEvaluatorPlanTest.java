package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.ml.LossEvaluator;
import io.losseval.testing.ColumnarPlans;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LossEvaluator} runs the SQL aggregate itself: over a columnar (Parquet) source its query
 * takes the columnar path exactly where {@code SELECT <loss>(...)} does, with the same bits, and
 * the row path where the columnar rule is off.
 */
@Tag("compat")
class LossEvaluatorPlanTest {
  @Test
  void theEvaluatorsQueryTakesTheColumnarPathAsSqlDoes(@TempDir Path dir) {
    String path = dir.resolve("scores").toString();
    SharedSpark.get()
        .range(0, 5000, 1, 3)
        .selectExpr("CAST(id % 7 AS DOUBLE) AS label", "(id % 7) + sin(id) AS prediction")
        .write()
        .parquet(path);
    Dataset<Row> scores = SharedSpark.get().read().parquet(path);
    scores.createOrReplaceTempView("evaluator_plan_scores");
    LossEvaluator huber =
        new LossEvaluator().setLoss("huber_loss").setReduction("sum").setOption("delta", 0.5);
    String sql =
        "SELECT huber_loss(prediction, label, 'sum', named_struct('delta', 0.5D)) "
            + "FROM evaluator_plan_scores";
    for (boolean columnar : List.of(true, false)) {
      List<List<Object>> ours =
          ColumnarPlans.with(
              ColumnarPlans.settings(columnar, false),
              () -> {
                Dataset<Row> q = huber.lossQuery(scores);
                List<List<Object>> rows = ColumnarPlans.bits(q.collectAsList());
                if (columnar) {
                  ColumnarPlans.assertColumnar(q, "LossEvaluator.lossQuery");
                } else {
                  ColumnarPlans.assertRowPath(q, "LossEvaluator.lossQuery");
                }
                return rows;
              });
      List<List<Object>> bySql =
          ColumnarPlans.with(
              ColumnarPlans.settings(columnar, false),
              () -> {
                Dataset<Row> q = SharedSpark.get().sql(sql);
                List<List<Object>> rows = ColumnarPlans.bits(q.collectAsList());
                if (columnar) {
                  ColumnarPlans.assertColumnar(q, "SQL");
                }
                return rows;
              });
      assertEquals(bySql, ours, "columnar " + columnar);
      assertEquals(
          bySql.get(0).get(0),
          Double.doubleToRawLongBits(
              ColumnarPlans.with(
                  ColumnarPlans.settings(columnar, false), () -> huber.evaluate(scores))));
    }
  }
}
