package io.losseval.job.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SampleDataTest {
  @Test
  void sameRowsWhateverThePartitioning() {
    SparkSession spark = SharedSpark.get();
    List<Row> one = SampleData.frame(spark, 3000, 1).orderBy("id").collectAsList();
    List<Row> seven = SampleData.frame(spark, 3000, 7).orderBy("id").collectAsList();
    assertEquals(one, seven);
    assertEquals(3000, one.size());
  }

  @Test
  void valuesAreValidModelOutputs() {
    SparkSession spark = SharedSpark.get();
    SampleData.frame(spark, 20_000, 4).createOrReplaceTempView("sample_data_test");
    Row r =
        spark
            .sql(
                "SELECT "
                    + "count(*), count_if(label IS NULL), "
                    + "min(click_prob) > 0 AND max(click_prob) < 1, "
                    + "every(clicked IN (0.0, 1.0)), every(same IN (1, -1)), "
                    + "min(target_class), max(target_class), every(size(logits) = 4), "
                    + "max(abs(aggregate(teacher_probs, 0.0D, (s, p) -> s + p) - 1.0D)), "
                    + "max(abs(aggregate(log_probs, 0.0D, (s, p) -> s + exp(p)) - 1.0D)), "
                    + "min(distance) >= 0, "
                    + "array_sort(collect_set(model_version)), array_sort(collect_set(country)), "
                    + "count(DISTINCT day), min(day), "
                    + "count(DISTINCT prediction) "
                    + "FROM sample_data_test")
            .first();
    assertEquals(20_000L, r.getLong(0));
    long nulls = r.getLong(1);
    assertTrue(nulls > 100 && nulls < 300, "about 1% NULL labels: " + nulls);
    assertTrue(r.getBoolean(2));
    assertTrue(r.getBoolean(3));
    assertTrue(r.getBoolean(4));
    assertEquals(0, r.getInt(5));
    assertEquals(SampleData.CLASSES - 1, r.getInt(6));
    assertTrue(r.getBoolean(7));
    assertTrue(r.getDouble(8) < 1e-12, "teacher probabilities sum to 1");
    assertTrue(r.getDouble(9) < 1e-12, "log-probabilities are normalised");
    assertTrue(r.getBoolean(10));
    assertEquals(List.of("v1", "v2", "v3"), r.getList(11));
    assertEquals(List.of("BR", "DE", "FR", "IN", "US"), r.getList(12));
    assertEquals(7L, r.getLong(13));
    assertEquals(java.sql.Date.valueOf("2024-03-01"), r.getDate(14));
    assertEquals(20_000L, r.getLong(15), "predictions are distinct");
  }

  @Test
  void laterModelVersionsAreBetter() {
    SparkSession spark = SharedSpark.get();
    SampleData.frame(spark, 20_000, 2).createOrReplaceTempView("sample_data_models");
    List<Row> rows =
        spark
            .sql(
                "SELECT model_version, mse_loss(prediction, label), "
                    + "cross_entropy(logits, target_class), binary_cross_entropy(click_prob, clicked) "
                    + "FROM sample_data_models GROUP BY model_version ORDER BY model_version")
            .collectAsList();
    for (int loss = 1; loss <= 3; loss++) {
      assertTrue(rows.get(0).getDouble(loss) > rows.get(1).getDouble(loss));
      assertTrue(rows.get(1).getDouble(loss) > rows.get(2).getDouble(loss));
    }
  }
}
