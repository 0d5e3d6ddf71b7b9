package io.losseval.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.Reduction;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SQL and Java examples of README.md and docs/getting-started.md run as written over the table
 * {@code scores} of {@link IntervalDocsTest#scores()}, and agree with each other and with the plain
 * calls they stand for.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class DocsExamplesTest {
  private static final Path SOURCE =
      Path.of("src/test/java/io/losseval/spark/DocsExamplesTest.java");
  private static Dataset<Row> scores;

  @BeforeAll
  static void scoresTable() {
    scores = IntervalDocsTest.scores();
  }

  @Test
  void readmeExamplesRunAsWritten() {
    // spotless:off
    // snippet: readme-java start
    Dataset<Row> losses = scores.groupBy("model_version").agg(
        LossColumns.loss("cross_entropy", col("logits"), col("label")).as("ce"),
        LossColumns.loss("cross_entropy", Reduction.SUM,
            Map.of("weight", new double[] {1.0, 2.0, 0.5}, "label_smoothing", 0.1),
            col("logits"), col("label")).as("ce_weighted_sum"));

    // PyTorch's reduction='none': one value per row, to inspect or filter
    Dataset<Row> worst = scores.withColumn("ce", LossColumns.perRow("cross_entropy", col("logits"), col("label")))
        .orderBy(col("ce").desc());
    // snippet: readme-java end
    // spotless:on
    assertEquals(
        DocSnippets.code(SOURCE, "readme-java"),
        DocSnippets.block("README.md", "readme-java"),
        "README.md's Java example must be the code this test runs");

    SparkSession spark = SharedSpark.get();
    List<Row> sql =
        spark
            .sql(DocSnippets.block("README.md", "readme-sql"))
            .orderBy("model_version")
            .collectAsList();
    List<Row> java = losses.orderBy("model_version").collectAsList();
    assertEquals(2, sql.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(java.get(i).get(0), sql.get(i).get(0));
      assertEquals(java.get(i).getDouble(1), sql.get(i).getDouble(1), 0.0, "ce, same bits");
      assertEquals(java.get(i).getDouble(2), sql.get(i).getDouble(2), 0.0, "weighted sum");
      Row comparison = sql.get(i).getStruct(4);
      assertEquals(
          sql.get(i).getDouble(3),
          comparison.getDouble(1),
          0.0,
          "batchmean of scalar rows is the mean: the baseline's mse_loss");
      assertTrue(
          comparison.getDouble(2) < 0 && comparison.getDouble(4) < 0,
          "the new model is better beyond noise: " + comparison);
    }
    Row top = worst.first();
    assertEquals(
        worst.agg(org.apache.spark.sql.functions.max("ce")).first().getDouble(0),
        top.getDouble(top.fieldIndex("ce")));
  }

  @Test
  void gettingStartedQueryRunsAsWritten() {
    SparkSession spark = SharedSpark.get();
    String first = DocSnippets.block("docs/getting-started.md", "first-query");
    List<Row> rows = spark.sql(first).orderBy("model_version").collectAsList();
    List<Row> readme =
        spark
            .sql(DocSnippets.block("README.md", "readme-sql"))
            .orderBy("model_version")
            .collectAsList();
    assertEquals(2, rows.size());
    for (int i = 0; i < 2; i++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(readme.get(i).get(c), rows.get(i).get(c), "the same calls as the README's");
      }
      assertTrue(rows.get(i).getDouble(4) > rows.get(i).getDouble(3), "upper bound above MSE");
    }
  }
}
