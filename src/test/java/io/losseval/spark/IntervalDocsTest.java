package io.losseval.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.Reduction;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/intervals.md's examples run as written: its SQL block is run statement by statement over a
 * table {@code scores}; its Java block must be the code between the snippet markers in {@link
 * #javaExampleRunsAsWritten}, which runs here.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
public class IntervalDocsTest {
  private static final String PAGE = "docs/intervals.md";
  private static final Path SOURCE =
      Path.of("src/test/java/io/losseval/spark/IntervalDocsTest.java");
  private static Dataset<Row> scores;

  @BeforeAll
  static void scoresTable() {
    scores = scores();
  }

  /**
   * 3,000 rows, also the view {@code scores}: two model versions, three countries, a regression
   * with two models' predictions and a 3-class classifier (the docs' examples run over it).
   */
  static Dataset<Row> scores() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> scores =
        spark
            .range(0, 3000, 1, 3)
            .selectExpr(
                "IF(id % 2 = 0, 'v1', 'v2') AS model_version",
                "element_at(array('DE', 'FR', 'JP'), CAST(id % 3 AS INT) + 1) AS country",
                "rand(21) * 10 AS target",
                "randn(22) AS e1",
                "randn(23) AS e2",
                "array(randn(24), randn(25), randn(26)) AS logits",
                "CAST(floor(rand(27) * 3) AS INT) AS label")
            .selectExpr(
                "model_version",
                "country",
                "target",
                "target + 0.5D * e1 AS prediction",
                "target + 0.45D * (0.8D * e1 + 0.6D * e2) AS new_prediction",
                "logits",
                "label");
    scores.createOrReplaceTempView("scores");
    return scores;
  }

  @Test
  void sqlExampleRunsAsWritten() throws Exception {
    String sql = DocSnippets.block(PAGE, "intervals-sql");
    List<String> statements = new ArrayList<>();
    for (String s : sql.split(";")) {
      String body =
          s.lines()
              .filter(l -> !l.trim().startsWith("--"))
              .collect(Collectors.joining("\n"))
              .trim();
      if (!body.isEmpty()) {
        statements.add(body);
      }
    }
    assertEquals(3, statements.size(), sql);
    SparkSession spark = SharedSpark.get();
    List<Row> byModel = spark.sql(statements.get(0)).orderBy("model_version").collectAsList();
    assertEquals(2, byModel.size());
    for (Row r : byModel) {
      assertBounded(r.getStruct(1), 0, 1, 2, 4);
      assertBounded(r.getStruct(2), 0, 1, 2, 4);
    }
    List<Row> byCountry = spark.sql(statements.get(1)).collectAsList();
    assertEquals(3, byCountry.size());
    for (Row r : byCountry) {
      assertBounded(r.getStruct(1), 2, 3, 4, 6);
      assertTrue(r.getStruct(1).getDouble(4) < 0, "the new model is better: " + r);
    }
    List<Row> gate = spark.sql(statements.get(2)).collectAsList();
    assertEquals(List.of("confidently_below"), List.of(gate.get(0).schema().fieldNames()));
    assertTrue(gate.get(0).getBoolean(0), "mse about 0.25: " + gate);
  }

  /** lower < estimate < upper, and the row count of a third or half of 3,000 rows. */
  private static void assertBounded(Row r, int estimate, int lower, int upper, int rows) {
    assertFalse(r.isNullAt(lower), r.toString());
    assertTrue(
        r.getDouble(lower) < r.getDouble(estimate) && r.getDouble(estimate) < r.getDouble(upper),
        r.toString());
    assertTrue(r.getLong(rows) == 1000 || r.getLong(rows) == 1500, r.toString());
  }

  @Test
  void javaExampleRunsAsWritten() throws Exception {
    // spotless:off
    // snippet: intervals-java start
    Dataset<Row> byModel = scores.groupBy("model_version").agg(
        LossColumns.ci("mse_loss", col("prediction"), col("target")).as("mse"),
        LossColumns.ci("cross_entropy", Reduction.MEAN, Map.of("confidence", 0.9, "buckets", 50),
            col("logits"), col("label")).as("ce"));
    Dataset<Row> newVsCurrent = scores.groupBy("country").agg(
        LossColumns.compare("mse_loss", List.of(col("new_prediction"), col("target")),
            List.of(col("prediction"), col("target"))).as("new_vs_current"));
    newVsCurrent.select("country", "new_vs_current.difference", "new_vs_current.upper").show();
    // snippet: intervals-java end
    // spotless:on
    assertEquals(
        DocSnippets.code(SOURCE, "intervals-java"),
        DocSnippets.block(PAGE, "intervals-java"),
        PAGE + "'s Java example must be the code this test runs");
    SparkSession spark = SharedSpark.get();
    String sql = DocSnippets.block(PAGE, "intervals-sql");
    String first = sql.substring(0, sql.indexOf(';'));
    assertEquals(
        spark.sql(first).orderBy("model_version").collectAsList(),
        byModel.orderBy("model_version").collectAsList());
    assertEquals(
        spark
            .sql(
                "SELECT country, mse_loss_compare(new_prediction, target, prediction, "
                    + "target) AS new_vs_current FROM scores GROUP BY country ORDER BY country")
            .collectAsList(),
        newVsCurrent.orderBy("country").collectAsList());
  }
}
