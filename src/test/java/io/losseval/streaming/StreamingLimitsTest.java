package io.losseval.streaming;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/streaming.md says Spark refuses ("What Spark refuses"): each query fails when it
 * starts, before any micro-batch, with the message the page quotes.
 */
class StreamingLimitsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void streams() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    files.arrive(
        spark.sql(
            "SELECT timestamp'2026-01-01 00:00:00' AS ts, 'a' AS slice, "
                + "1.5D AS p, 0.5D AS y"));
    String folder = files.folder().toString();
    String schema = "ts TIMESTAMP, slice STRING, p DOUBLE, y DOUBLE";
    spark.readStream().schema(schema).parquet(folder).createOrReplaceTempView("limits_nowm");
    spark
        .readStream()
        .schema(schema)
        .parquet(folder)
        .withWatermark("ts", "1 hour")
        .createOrReplaceTempView("limits_wm");
  }

  private static void refused(String mode, String sql, String quoted) {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                SharedSpark.get()
                    .sql(sql)
                    .writeStream()
                    .format("memory")
                    .queryName("limits_" + Math.abs(sql.hashCode()))
                    .outputMode(mode)
                    .option(
                        "checkpointLocation",
                        dir.resolve("ck" + Math.abs(sql.hashCode())).toString())
                    .start()
                    .processAllAvailable());
    assertTrue(String.valueOf(e.getMessage()).contains(quoted), e.toString());
  }

  @Test
  void appendModeWithoutAWatermark() {
    refused(
        "append",
        "SELECT window.start, mse_loss(p, y) FROM limits_nowm "
            + "GROUP BY window(ts, '10 minutes')",
        "Invalid streaming output mode: append. This "
            + "output mode is not supported for streaming aggregations without watermark");
  }

  @Test
  void distinctInsideALoss() {
    refused(
        "update",
        "SELECT window.start, mse_loss(DISTINCT p, y) FROM limits_wm "
            + "GROUP BY window(ts, '10 minutes')",
        "Distinct aggregations are not supported on streaming DataFrames/Datasets");
  }

  @Test
  void aLossAsAWindowFunction() {
    refused(
        "update",
        "SELECT mse_loss(p, y) OVER (PARTITION BY slice) FROM limits_wm",
        "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING");
  }

  @Test
  void orderByOutsideCompleteMode() {
    refused(
        "update",
        "SELECT * FROM (SELECT window.start AS w, mse_loss(p, y) AS l "
            + "FROM limits_wm GROUP BY window(ts, '10 minutes')) ORDER BY w",
        "Sorting is not "
            + "supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/"
            + "Dataset in Complete output mode");
  }

  @Test
  void aWrongReductionAsInABatchQuery() {
    refused(
        "update",
        "SELECT window.start, mse_loss(p, y, 'nope') FROM limits_wm "
            + "GROUP BY window(ts, '10 minutes')",
        "mse_loss: reduction 'nope' is not supported; " + "allowed: 'mean', 'sum', 'batchmean'");
  }
}
