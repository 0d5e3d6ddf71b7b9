package io.losseval.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The late-label recipe of docs/streaming.md: a predictions stream and a labels stream joined on
 * the id within a time bound, with watermarks, then windowed losses in append mode. Labels that
 * arrive in time count, bit for bit as the batch query over the same pairs; labels that arrive
 * behind the watermark are dropped by the join, which counts them.
 */
class LateLabelsTest {
  private static final String PREDICTIONS =
      "id BIGINT, pred_ts TIMESTAMP, model_version STRING, prediction DOUBLE";
  private static final String LABELS = "label_id BIGINT, label_ts TIMESTAMP, target DOUBLE";

  @TempDir Path dir;

  @Test
  void labelsInTimeCountAndLateLabelsAreDroppedAndCounted() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles predictions = new ArrivingFiles(dir.resolve("p"));
    ArrivingFiles labels = new ArrivingFiles(dir.resolve("l"));
    // Micro-batch 0: 200 predictions over 40 minutes, labels of the first 150, 5 minutes later.
    predictions.arrive(
        spark.sql(
            "SELECT id, timestamp'2026-01-01 00:00:00' + make_interval(0, 0, "
                + "0, 0, 0, 0, id * 12) AS pred_ts, IF(id % 2 = 0, 'v1', 'v2') AS model_version, "
                + "sin(id) * 3 AS prediction FROM range(200)"));
    labels.arrive(labelsOf(spark, "id < 150"));
    // Micro-batch 1: both streams reach 03:00, so the watermark becomes 02:30.
    predictions.arrive(clock(spark, PREDICTIONS, "03:00"));
    labels.arrive(clock(spark, LABELS, "03:00"));
    // Micro-batch 2 runs with that watermark (and moves it to 03:30): the predictions leave the
    // join's state. Spark drops late rows by the watermark of the micro-batch before, so a label
    // in micro-batch 1 or 2 could still have joined a prediction still in the state.
    predictions.arrive(clock(spark, PREDICTIONS, "04:00"));
    labels.arrive(clock(spark, LABELS, "04:00"));
    // Micro-batch 3: the other 50 labels, three hours late.
    predictions.arrive(clock(spark, PREDICTIONS, "06:00"));
    labels.arrive(labelsOf(spark, "id >= 150"));
    labels.arrive(clock(spark, LABELS, "06:00"));

    String sql = StreamingDocsTest.snippet("late-labels-sql");
    spark
        .readStream()
        .schema(PREDICTIONS)
        .option("maxFilesPerTrigger", 1)
        .parquet(predictions.folder().toString())
        .withWatermark("pred_ts", "30 minutes")
        .createOrReplaceTempView("predictions_stream");
    spark
        .readStream()
        .schema(LABELS)
        .option("maxFilesPerTrigger", 1)
        .parquet(labels.folder().toString())
        .withWatermark("label_ts", "30 minutes")
        .createOrReplaceTempView("labels_stream");
    StreamingQuery q =
        spark
            .sql(sql)
            .writeStream()
            .format("memory")
            .queryName("late_labels")
            .outputMode("append")
            .option("checkpointLocation", dir.resolve("ck").toString())
            .start();
    q.processAllAvailable();
    q.stop();

    // The join's state operator counts the labels it dropped.
    assertEquals(50, droppedByWatermark(q), "the late labels, counted by Spark");

    // The batch query over the same files, without the late labels: the same bits.
    spark
        .read()
        .schema(PREDICTIONS)
        .parquet(predictions.folder().toString())
        .createOrReplaceTempView("predictions_batch");
    spark
        .read()
        .schema(LABELS)
        .parquet(labels.folder().toString())
        .where("label_id < 150 OR label_id >= 10000")
        .createOrReplaceTempView("labels_batch");
    Map<String, String> expected =
        StreamingDocsTest.byKey(
            spark
                .sql(
                    sql.replace("predictions_stream", "predictions_batch")
                        .replace("labels_stream", "labels_batch"))
                .where("window_start < '2026-01-01 01:00:00'")
                .collectAsList());
    assertEquals(3 * 2, expected.size(), "windows 00:00 to 00:20 by two model versions");
    Map<String, String> emitted =
        StreamingDocsTest.byKey(spark.table("late_labels").collectAsList());
    emitted.keySet().removeIf(k -> !k.startsWith("[2026-01-01 00:"));
    assertEquals(expected, emitted);
    long labelled =
        spark
            .table("late_labels")
            .where("window_start < '2026-01-01 01:00:00'")
            .selectExpr("sum(labelled)")
            .first()
            .getLong(0);
    assertEquals(150, labelled);
    assertTrue(expected.values().stream().noneMatch(v -> v.contains("=null")), expected.toString());
  }

  private static long droppedByWatermark(StreamingQuery q) {
    long dropped = 0;
    for (StreamingQueryProgress p : q.recentProgress()) {
      for (StateOperatorProgress s : p.stateOperators()) {
        dropped += s.numRowsDroppedByWatermark();
      }
    }
    return dropped;
  }

  /** Labels of the predictions selected by {@code where}, 5 minutes after each prediction. */
  private static Dataset<Row> labelsOf(SparkSession spark, String where) {
    return spark.sql(
        "SELECT id AS label_id, timestamp'2026-01-01 00:05:00' + make_interval(0, 0, "
            + "0, 0, 0, 0, id * 12) AS label_ts, sin(id) * 3 + cos(id * 7) AS target FROM range(200) "
            + "WHERE "
            + where);
  }

  /** One row at {@code time} that matches nothing: it only moves its stream's event time on. */
  private static Dataset<Row> clock(SparkSession spark, String schema, String time) {
    String ts = "timestamp'2026-01-01 " + time + ":00'";
    return spark.sql(
        schema.startsWith("id")
            ? "SELECT 10000L AS id, " + ts + " AS pred_ts, 'v1' AS model_version, 0D AS prediction"
            : "SELECT 20000L AS label_id, " + ts + " AS label_ts, 0D AS target");
  }
}
