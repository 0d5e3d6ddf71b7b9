package io.losseval.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.LossColumns;
import io.losseval.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code blocks of docs/streaming.md run as written: each is read from the page by its snippet
 * name; the Java block must be the code between the markers in {@link #javaExample}, which runs
 * here. Every result is compared with the same batch query over the same files, bit for bit.
 */
class StreamingDocsTest {
  private static final Path PAGE = Path.of("docs/streaming.md");
  private static final Path SOURCE =
      Path.of("src/test/java/io/losseval/streaming/StreamingDocsTest.java");
  static final String SCHEMA =
      "ts TIMESTAMP, model_version STRING, country STRING, "
          + "prediction DOUBLE, target DOUBLE, logits ARRAY<DOUBLE>, label INT";

  @TempDir static Path dir;
  private static String incoming;

  /**
   * Three files of 1,000 scored rows each, file f over minutes 80 f to 80 f + 100 of event time (so
   * that windows take rows from two files, and no row is behind the watermark of 2 hours), then one
   * row at 10:00 that moves the watermark past them.
   */
  @BeforeAll
  static void filesArrive() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    for (int f = 0; f < 3; f++) {
      files.arrive(
          spark
              .range(f * 1000, (f + 1) * 1000)
              .selectExpr(
                  "timestamp'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, "
                      + (f * 80 * 60)
                      + " + (id * 7919) % 6000) AS ts",
                  "IF(id % 2 = 0, 'v1', 'v2') AS model_version",
                  "element_at(array('DE', 'FR', 'JP'), CAST(id % 3 AS INT) + 1) AS country",
                  "rand(21) * 10 AS target",
                  "randn(22) AS e",
                  "array(randn(24), randn(25), randn(26)) AS logits",
                  "CAST(floor(rand(27) * 3) AS INT) AS label")
              .selectExpr(
                  "ts",
                  "model_version",
                  "country",
                  "target + 0.5D * e AS prediction",
                  "target",
                  "logits",
                  "label"));
    }
    files.arrive(
        spark.sql(
            "SELECT timestamp'2026-01-01 10:00:00' AS ts, 'v1' AS model_version, "
                + "'DE' AS country, CAST(NULL AS DOUBLE) AS prediction, CAST(NULL AS DOUBLE) AS target, "
                + "CAST(NULL AS ARRAY<DOUBLE>) AS logits, CAST(NULL AS INT) AS label"));
    incoming = files.folder().toString();
    spark.read().schema(SCHEMA).parquet(incoming).createOrReplaceTempView("scores_batch");
  }

  /** The fenced block after {@code <!-- snippet: name -->} in docs/streaming.md. */
  static String snippet(String name) throws Exception {
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    String marker = "<!-- snippet: " + name + " -->\n";
    int at = page.indexOf(marker);
    assertTrue(at >= 0, "docs/streaming.md has no snippet " + name);
    assertEquals(-1, page.indexOf(marker, at + 1), "two snippets named " + name);
    int open = at + marker.length();
    assertTrue(page.startsWith("```", open), "no fence right after the snippet marker " + name);
    int body = page.indexOf('\n', open) + 1;
    return page.substring(body, page.indexOf("\n```\n", body) + 1);
  }

  @Test
  void sqlExampleInUpdateModeGivesTheBatchQuerysValues() throws Exception {
    SparkSession spark = SharedSpark.get();
    String sql = snippet("windowed-sql");
    spark
        .readStream()
        .schema(SCHEMA)
        .option("maxFilesPerTrigger", 1)
        .parquet(incoming)
        .withWatermark("ts", "2 hours")
        .createOrReplaceTempView("scores_stream");
    StreamingQuery q =
        spark
            .sql(sql)
            .writeStream()
            .format("memory")
            .queryName("docs_sql")
            .outputMode("update")
            .option("checkpointLocation", dir.resolve("ck-sql").toString())
            .start();
    q.processAllAvailable();
    q.stop();
    Map<String, String> expected =
        byKey(spark.sql(sql.replace("scores_stream", "scores_batch")).collectAsList());
    assertEquals(5 * 6 + 1, expected.size(), "five hours by six slices, and the clock row's");
    assertEquals(expected, byKey(spark.table("docs_sql").collectAsList()));
  }

  @Test
  void javaExample() throws Exception {
    SparkSession spark = SharedSpark.get();
    String results = dir.resolve("results").toString();
    String checkpoint = dir.resolve("ck-java").toString();
    // spotless:off
    // snippet:windowed-java:start
    Dataset<Row> scores = spark.readStream()
        .schema("ts TIMESTAMP, model_version STRING, country STRING, prediction DOUBLE, "
            + "target DOUBLE, logits ARRAY<DOUBLE>, label INT")
        .parquet(incoming)                      // Parquet files arriving in a folder
        .withWatermark("ts", "2 hours");        // rows more than 2 hours late are dropped
    Dataset<Row> losses = scores
        .groupBy(window(col("ts"), "1 hour"), col("model_version"), col("country"))
        .agg(count("*").as("rows"),
            LossColumns.loss("mse_loss", col("prediction"), col("target")).as("mse"),
            LossColumns.ci("mse_loss", col("prediction"), col("target")).as("mse_ci"),
            LossColumns.loss("cross_entropy", col("logits"), col("label")).as("ce"));
    StreamingQuery query = losses.writeStream()
        .outputMode("append")                   // each window once, when the watermark passes it
        .format("parquet").option("path", results)
        .option("checkpointLocation", checkpoint)
        .start();
    // snippet:windowed-java:end
    // spotless:on
    query.processAllAvailable();
    query.stop();
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
    String marked =
        source.substring(
            source.indexOf("// snippet:windowed-java:start\n") + 31,
            source.indexOf("    // snippet:windowed-java:end"));
    assertEquals(
        marked.lines().map(l -> l.replaceFirst("^    ", "")).toList(),
        snippet("windowed-java").lines().toList(),
        "docs/streaming.md's Java block is not the code this test runs");

    Map<String, String> expected =
        byKey(
            SharedSpark.get()
                .sql(
                    "SELECT window, model_version, "
                        + "country, count(*) AS rows, mse_loss(prediction, target) AS mse, "
                        + "mse_loss_ci(prediction, target) AS mse_ci, cross_entropy(logits, label) AS ce "
                        + "FROM scores_batch WHERE ts < timestamp'2026-01-01 05:00:00' "
                        + "GROUP BY window(ts, '1 hour'), model_version, country")
                .collectAsList());
    assertEquals(5 * 6, expected.size());
    List<Row> written = spark.read().parquet(results).collectAsList();
    assertEquals(expected, byKey(written), "every window before the watermark, once");
    assertEquals(expected.size(), written.size());
  }

  /** Rows by their first three columns, values as bits (see StreamingWindowTest#bits). */
  static Map<String, String> byKey(List<Row> rows) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        key.add(r.get(i));
      }
      out.put(key.toString(), StreamingWindowTest.bits(r, 3));
    }
    return out;
  }
}
