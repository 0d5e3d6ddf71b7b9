package io.losseval.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every loss, its 'sum' and its {@code _ci} in a windowed, sliced streaming aggregation with a
 * watermark, over Parquet files arriving in a folder (one file per micro-batch, the rows of each
 * window spread over several), in each output mode: every value the stream emits has the bits of
 * the same batch query over the same files. The state of each (window, slice) group is the
 * aggregates' serialized buffer, written to the state store after every micro-batch and read back
 * in the next, so this is also a test of that round trip on every Spark line.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class StreamingWindowTest {
  private static final EveryLossTable TABLE = new EveryLossTable();
  private static final AtomicInteger RUN = new AtomicInteger();

  @TempDir static Path dir;
  private static ArrivingFiles files;
  private static Map<String, String> batch;

  @BeforeAll
  static void filesArrive() throws Exception {
    SparkSession spark = SharedSpark.get();
    files = new ArrivingFiles(dir);
    Dataset<Row> all = TABLE.frame(spark);
    for (int i = 0; i < EveryLossTable.ARRIVALS; i++) {
      files.arrive(all.filter(functions.col("arrival").equalTo(i)));
    }
    // Two rows hours later: the first moves the watermark past every window above, and the batch
    // of the second, which runs with that watermark, emits those windows in append mode.
    files.arrive(TABLE.clockRow(spark, 180));
    files.arrive(TABLE.clockRow(spark, 360));
    spark
        .read()
        .schema(TABLE.schema())
        .parquet(files.folder().toString())
        .createOrReplaceTempView("every_loss_batch");
    batch = byGroup(spark.sql(query("every_loss_batch")).collectAsList());
  }

  static String query(String view) {
    return query(view, "window(ts, '10 minutes'), slice");
  }

  static String query(String view, String groupBy) {
    return "SELECT window.start AS window_start, slice, count(*) AS n,\n  "
        + TABLE.aggregates()
        + "\nFROM "
        + view
        + " GROUP BY "
        + groupBy;
  }

  @Test
  void theBatchQueryHasEveryLossInEveryWindowAndSlice() {
    // So that the comparisons below compare numbers, not NULLs. An interval's bounds are NULL
    // where a bucket of the group holds no row (or a value is not finite): allowed, but rare here.
    int windows = 0;
    int intervals = 0;
    for (Map.Entry<String, String> e : batch.entrySet()) {
      if (e.getKey().compareTo(key(dataEnd(), "")) < 0) {
        windows++;
        assertFalse(
            e.getValue().contains("value=null") || e.getValue().contains("rows=0"), e.toString());
        assertFalse(
            e.getValue()
                .replace("lower=null", "")
                .replace("upper=null", "")
                .replace("stderr=null", "")
                .replace("no_bounds=null", "")
                .contains("=null"),
            e.toString());
        intervals += e.getValue().split("lower=[-0-9]").length - 1;
      }
    }
    assertEquals(6, windows, "three windows by two slices");
    assertTrue(intervals >= 6 * 21 - 10, intervals + " intervals with bounds");
  }

  @Test
  void completeModeEqualsTheBatchQuery() throws Exception {
    List<Row> out = stream("complete", 1);
    assertEquals(batch, byGroup(out));
  }

  @Test
  void updateModeEmitsTheBatchQuerysValues() throws Exception {
    // Rows come batch after batch; a group's last row is its value after every file.
    List<Row> out = stream("update", 3);
    assertTrue(out.size() > batch.size(), "groups were updated in several micro-batches");
    assertEquals(batch, byGroup(out));
  }

  @Test
  void appendModeEmitsEachWindowOnceWithTheBatchQuerysValues() throws Exception {
    List<Row> out = stream("append", 2);
    Map<String, String> emitted = byGroup(out);
    assertEquals(out.size(), emitted.size(), "a group emitted twice in append mode");
    batch.forEach(
        (k, v) -> {
          if (k.compareTo(key(dataEnd(), "")) < 0) {
            assertEquals(v, emitted.get(k), k);
          }
        });
    // The clock rows' windows are emitted only once the watermark passes them, if ever.
    emitted.forEach((k, v) -> assertEquals(batch.get(k), v, k));
  }

  @Test
  void slidingWindowsAndGroupingSetsInUpdateModeEqualTheBatchQuery() throws Exception {
    // Windows of 10 minutes every 5 (each row in two), each window overall and per slice.
    String groupBy =
        "GROUPING SETS ((window(ts, '10 minutes', '5 minutes'), slice), "
            + "(window(ts, '10 minutes', '5 minutes')))";
    SharedSpark.get()
        .read()
        .schema(TABLE.schema())
        .parquet(files.folder().toString())
        .createOrReplaceTempView("every_loss_batch_sets");
    Map<String, String> expected =
        byGroup(SharedSpark.get().sql(query("every_loss_batch_sets", groupBy)).collectAsList());
    assertEquals(7 * 3 + 2 * 2 * 2, expected.size(), "7 data windows, 2 windows per clock row");
    assertEquals(expected, byGroup(stream("update", 2, groupBy)));
  }

  private static Timestamp dataEnd() {
    return new Timestamp(EveryLossTable.T0 + 30 * 60_000);
  }

  private static List<Row> stream(String mode, int partitions) throws Exception {
    return stream(mode, partitions, "window(ts, '10 minutes'), slice");
  }

  /**
   * Runs the query over the folder with a watermark of one hour, one file per micro-batch, into a
   * memory sink, in a session with {@code partitions} state partitions; returns the sink's rows.
   */
  private static List<Row> stream(String mode, int partitions, String groupBy) throws Exception {
    SparkSession spark = SharedSpark.get().newSession();
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    spark
        .readStream()
        .schema(TABLE.schema())
        .option("maxFilesPerTrigger", 1)
        .parquet(files.folder().toString())
        .withWatermark("ts", "1 hour")
        .createOrReplaceTempView("every_loss_stream");
    String name = "every_loss_" + RUN.incrementAndGet();
    StreamingQuery q =
        spark
            .sql(query("every_loss_stream", groupBy))
            .writeStream()
            .format("memory")
            .queryName(name)
            .outputMode(mode)
            .option("checkpointLocation", dir.resolve("checkpoint-" + name).toString())
            .start();
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertNull(q.exception().isDefined() ? q.exception().get() : null);
    return spark.table(name).collectAsList();
  }

  /** Each group's key to its values, bit for bit; a later row of a key replaces an earlier one. */
  static Map<String, String> byGroup(List<Row> rows) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : rows) {
      assertNotNull(r.get(0));
      out.put(key(r.getTimestamp(0), r.getString(1)), bits(r, 2));
    }
    return new TreeMap<>(out);
  }

  private static String key(Timestamp start, String slice) {
    return String.format("%015d %s", start.getTime(), slice);
  }

  /** The values of {@code row} from column {@code from} on, doubles as their bits. */
  static String bits(Row row, int from) {
    StringBuilder b = new StringBuilder("[");
    for (int i = from; i < row.length(); i++) {
      Object v = row.get(i);
      b.append(i == from ? "" : ", ").append(row.schema().fields()[i].name()).append('=');
      if (v instanceof Row nested) {
        b.append(bits(nested, 0));
      } else if (v instanceof Double d) {
        b.append(d).append('#').append(Long.toHexString(Double.doubleToLongBits(d)));
      } else {
        b.append(v);
      }
    }
    return b.append(']').toString();
  }
}
