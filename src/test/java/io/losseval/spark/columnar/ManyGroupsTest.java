package io.losseval.spark.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Past spark.sql.objectHashAggregate.sortBased.fallbackThreshold groups per task, Spark moves
 * aggregation buffers into a sort-based path through their serialized bytes; results must not
 * change, bit for bit.
 */
class ManyGroupsTest {
  private static final String CONF = "spark.sql.objectHashAggregate.sortBased.fallbackThreshold";

  @Test
  void sortBasedFallbackGivesTheSameBitsAsHashAggregation() {
    SparkSession spark = SharedSpark.get();
    spark
        .range(0, 60_000, 1, 3)
        .selectExpr(
            "id % 5000 AS g",
            "sin(id) * 1e6 AS p",
            "cos(id) AS y",
            "array(sin(id), cos(id), sin(id * 3)) AS logits",
            "CAST(id % 3 AS INT) AS label")
        .createOrReplaceTempView("many_groups");
    String query =
        "SELECT g, mse_loss(p, y, 'sum'), cross_entropy(logits, label) "
            + "FROM many_groups GROUP BY g ORDER BY g";
    String previous = spark.conf().get(CONF);
    try {
      spark.conf().set(CONF, "1000000");
      List<Row> hashed = spark.sql(query).collectAsList();
      spark.conf().set(CONF, "16");
      List<Row> sorted = spark.sql(query).collectAsList();
      assertEquals(5000, hashed.size());
      for (int i = 0; i < hashed.size(); i++) {
        for (int c = 1; c <= 2; c++) {
          assertEquals(
              Double.doubleToLongBits(hashed.get(i).getDouble(c)),
              Double.doubleToLongBits(sorted.get(i).getDouble(c)),
              "group " + i + " column " + c);
        }
      }
    } finally {
      spark.conf().set(CONF, previous);
    }
  }
}
