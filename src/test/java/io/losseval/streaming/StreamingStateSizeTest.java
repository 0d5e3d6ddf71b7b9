package io.losseval.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one (window, slice) group costs in the state store, per aggregate: the streaming
 * aggregation's state size as Spark reports it ({@code memoryUsedBytes} of its state operator) over
 * 200 groups of 50 rows, with the aggregate, minus the same query with {@code count(*)} only, per
 * group. docs/streaming.md gives the bounds checked here.
 */
class StreamingStateSizeTest {
  private static final int GROUPS = 200;

  @TempDir static Path dir;
  private static String folder;
  private static long baseline;

  @BeforeAll
  static void rows() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    files.arrive(
        spark
            .range(0, GROUPS * 50L)
            .selectExpr(
                "timestamp'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id % 20 * 60) AS ts",
                "CAST(floor(id / 20) % 10 AS STRING) AS slice",
                "randn(1) AS prediction",
                "randn(2) AS target",
                "array(randn(3), randn(4), randn(5)) AS logits",
                "CAST(id % 3 AS INT) AS label"));
    folder = files.folder().toString();
    baseline = stateBytes("count(*)");
  }

  /** The state operator's bytes after one micro-batch of the windowed query with {@code agg}. */
  private static long stateBytes(String agg) throws Exception {
    SparkSession spark = SharedSpark.get();
    spark
        .readStream()
        .schema(
            "ts TIMESTAMP, slice STRING, prediction DOUBLE, target DOUBLE, "
                + "logits ARRAY<DOUBLE>, label INT")
        .parquet(folder)
        .withWatermark("ts", "1 hour")
        .createOrReplaceTempView("size_stream");
    String name = "size_" + Math.abs(agg.hashCode());
    StreamingQuery q =
        spark
            .sql(
                "SELECT window.start, slice, "
                    + agg
                    + " FROM size_stream "
                    + "GROUP BY window(ts, '1 minute'), slice")
            .writeStream()
            .format("memory")
            .queryName(name)
            .outputMode("update")
            .option("checkpointLocation", dir.resolve("ck-" + name).toString())
            .start();
    q.processAllAvailable();
    q.stop();
    StreamingQueryProgress last = q.lastProgress();
    StateOperatorProgress state = last.stateOperators()[0];
    assertEquals(GROUPS, state.numRowsTotal());
    return state.memoryUsedBytes();
  }

  private static long perGroup(String agg) throws Exception {
    long bytes = (stateBytes("count(*), " + agg) - baseline) / GROUPS;
    System.out.printf("state per group of %s: %d bytes%n", agg, bytes);
    return bytes;
  }

  @Test
  void aLossKeepsTensOfBytesPerGroup() throws Exception {
    assertTrue(perGroup("mse_loss(prediction, target)") < 200);
    assertTrue(perGroup("cross_entropy(logits, label)") < 200);
  }

  @Test
  void anIntervalKeepsOneStatePerBucket() throws Exception {
    assertTrue(perGroup("mse_loss_ci(prediction, target)") < 4000);
  }
}
