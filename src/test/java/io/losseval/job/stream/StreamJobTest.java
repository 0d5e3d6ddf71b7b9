package io.losseval.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.JobRun;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's streaming mode in process, on the shared session: results per window and slice equal
 * the batch job's over the same rows, bit for bit; a restart carries on from the checkpoint; the
 * exit codes; the configuration errors.
 */
class StreamJobTest {
  @TempDir Path dir;

  /**
   * The streaming configuration the tests run: conf/stream-example.conf, which
   * docs/streaming-job.md shows ({@link StreamJobDocsTest}), its folders overridden.
   */
  static final String CONFIG = DocSnippets.page("conf/stream-example.conf");

  /** The job in process on the shared session ({@code spark}), or failing if it starts Spark. */
  static JobRun run(List<String> args, boolean spark) {
    return spark ? JobRun.run(args) : JobRun.withoutSpark(args);
  }

  /** The configuration in {@code dir}, its paths there, with {@code overrides}. */
  List<String> args(String... overrides) throws IOException {
    return args(dir, overrides);
  }

  /** The configuration written to {@code dir}, its folders there, with {@code overrides}. */
  static List<String> args(Path dir, String... overrides) throws IOException {
    Path conf = dir.resolve("stream.conf");
    Files.writeString(conf, CONFIG);
    List<String> args = new ArrayList<>();
    args.add(conf.toString());
    args.add("stream.source.path=" + dir.resolve("incoming"));
    args.add("stream.sink.path=" + dir.resolve("results"));
    args.add("stream.checkpoint=" + dir.resolve("checkpoint"));
    args.addAll(List.of(overrides));
    return args;
  }

  void arrive(int from, int to) {
    for (int k = from; k < to; k++) {
      StreamRows.arrive(SharedSpark.get(), dir.resolve("incoming"), k, StreamRows.file(k));
    }
  }

  /** The sink's rows by window start, slice and model version. */
  static Map<List<Object>, Row> sink(Path results) {
    Map<List<Object>, Row> out = new HashMap<>();
    for (Row r : SharedSpark.get().read().parquet(results.toString()).collectAsList()) {
      List<Object> key =
          List.of(
              r.getAs("window_start"),
              r.<String>getAs("slice"),
              Objects.toString(r.getAs("model_version")));
      assertEquals(null, out.put(key, r), "a window and slice written twice: " + key);
    }
    return out;
  }

  @Test
  void availableNowGivesTheBatchJobsBitsPerWindowAndSlice() throws IOException {
    arrive(0, 3);
    pushWatermark(3);
    JobRun run = run(args("--available-now"), true);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("losseval stream: stopped; 15 result rows written"), run.out());
    assertBatchBits(sink(dir.resolve("results")));
  }

  @Test
  void aRestartCarriesOnFromTheCheckpointWithEveryWindowOnce() throws IOException {
    arrive(0, 2);
    JobRun first = run(args("--available-now"), true);
    assertEquals(0, first.code(), first.toString());
    int before = sink(dir.resolve("results")).size();
    assertTrue(before > 0 && before < 15, "windows closed by the first run: " + before);
    arrive(2, 3);
    pushWatermark(3);
    JobRun second = run(args("--available-now"), true);
    assertEquals(0, second.code(), second.toString());
    assertTrue(
        second.out().contains("stopped; " + (15 - before) + " result rows written"), second.out());
    assertBatchBits(sink(dir.resolve("results")));
  }

  @Test
  void windowsThatBreakAThresholdAreRowsLinesAndExitCode3() throws IOException {
    arrive(0, 3);
    pushWatermark(3);
    JobRun run =
        run(
            args(
                "--available-now",
                "thresholds=[{result = val_mse, max = 2.5, scope = every-slice}]"),
            true);
    assertEquals(3, run.code(), run.toString());
    int broken = 0;
    for (Row r : sink(dir.resolve("results")).values()) {
      List<Row> violations = r.getList(r.fieldIndex("violations"));
      double mse = r.getAs("val_mse");
      assertEquals(mse > 2.5 ? 1 : 0, violations.size(), "row " + r);
      for (Row v : violations) {
        assertEquals("val_mse <= 2.5 in every slice", v.<String>getAs("threshold"));
        assertEquals("val_mse", v.<String>getAs("result"));
        assertEquals(mse, v.<Double>getAs("value"));
        assertEquals(2.5, v.<Double>getAs("max"));
        assertTrue(v.isNullAt(v.fieldIndex("min")));
        String slice =
            r.getAs("model_version") == null
                ? "overall"
                : "model_version=" + r.getAs("model_version");
        String line =
            "THRESHOLD VIOLATED: val_mse <= 2.5 in every slice: val_mse = "
                + mse
                + " (val_mse interval ["
                + r.getAs("val_mse_lower")
                + ", "
                + r.getAs("val_mse_upper")
                + "]) in slice "
                + slice
                + ", window ["
                + r.<Timestamp>getAs("window_start").toInstant()
                + ", "
                + r.<Timestamp>getAs("window_end").toInstant()
                + ")";
        assertTrue(run.out().lines().anyMatch(line::equals), line + "\n" + run.out());
        broken++;
      }
    }
    assertTrue(broken > 0 && broken < 15, "violations: " + broken);
    assertEquals(broken, run.out().lines().filter(l -> l.startsWith("THRESHOLD")).count());
    assertTrue(run.out().contains(broken + " threshold violations"), run.out());
  }

  @Test
  void aRowALossRejectsIsADataError() throws IOException {
    StreamRows.arrive(SharedSpark.get(), dir.resolve("incoming"), 0, StreamRows.rows(0, 60, true));
    JobRun run = run(args("--available-now"), true);
    assertEquals(4, run.code(), run.toString());
    assertTrue(run.err().contains("losseval: invalid data: cross_entropy"), run.err());
    assertTrue(run.err().contains("exit code 4 (DATA)"), run.err());
  }

  @Test
  void anEventTimeThatIsNoTimestampNamesTheKey() throws IOException {
    arrive(0, 1);
    JobRun run = run(args("--available-now", "stream.event-time=id"), true);
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "stream.event-time: column 'id' is bigint, not a timestamp; declare it as"
                    + " TIMESTAMP in stream.source.schema"),
        run.err());
  }

  @Test
  void configurationErrorsNameTheKeyBeforeSparkStarts() throws IOException {
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        List.of("stream.checkpoint=null"),
        "stream.checkpoint: missing; give a folder of the query's own");
    cases.put(
        List.of("stream.event-time=null"),
        "stream.event-time: missing; stream.window needs the column of each row's event time");
    cases.put(
        List.of("stream.window.duration=10 minuts"),
        "stream.window.duration: '10 minuts' (command line) is not a duration");
    cases.put(List.of("stream.watermark=null"), "stream.watermark: missing; give a duration");
    cases.put(
        List.of("stream.trigger=soon"),
        "stream.trigger: 'soon' (command line) is not a duration; give a positive number and a"
            + " unit, e.g. \"30 seconds\", \"10 minutes\", \"1 hour\" (units: milliseconds,"
            + " seconds, minutes, hours, days, weeks), or available-now");
    cases.put(
        List.of("stream.sink.format=csv"),
        "stream.sink.format: 'csv' (command line) is not allowed; allowed: parquet, json");
    cases.put(
        List.of("stream.sinc={path = x}"),
        "unknown key 'stream.sinc' (command line: 1); allowed in stream: source, event-time,"
            + " window, watermark, sink, checkpoint, trigger");
    cases.put(
        List.of("stream.source.schema=ts TIMESTAMPP"),
        "stream.source.schema: 'ts TIMESTAMPP' (command line) is not a schema in Spark's DDL"
            + " ([UNSUPPORTED_DATATYPE] Unsupported data type \"TIMESTAMPP\"");
    cases.put(
        List.of("stream.source.kafka={bootstrap-servers = \"h:9092\", topic = t}"),
        "stream.source: give one of path (a folder the rows arrive in) and kafka { ... } (a"
            + " topic), not both");
    cases.put(
        List.of("stream.sink.path=null", "stream.sink.kafka={bootstrap-servers = \"h:9092\"}"),
        "stream.sink.kafka.topic: missing; a Kafka sink needs bootstrap-servers ="
            + " \"host:9092,...\" and topic = NAME");
    cases.put(
        List.of("output={path = x}"),
        "output: not used by a streaming job (the configuration has a stream section) (command"
            + " line: 1); the results go to stream.sink");
    cases.put(
        List.of("evaluations.val_ce.loss=cross_entropyy"),
        "evaluations.val_ce.loss: 'cross_entropyy' (command line) is not allowed");
    cases.put(
        List.of("evaluations.val_ce.reduction=none"),
        "evaluations.val_ce.reduction: cross_entropy: reduction 'none'");
    cases.put(
        List.of("slices=[[window_start]]"),
        "'window_start' (a slice column or a result's column) would clash with the column"
            + " window_start the streaming job adds; rename it");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      JobRun run = run(args(c.getKey().toArray(new String[0])), false);
      assertEquals(2, run.code(), c.getKey() + ": " + run);
      assertTrue(
          run.err().contains("losseval: configuration or input error: " + c.getValue()),
          c.getKey() + ": " + run.err());
    }
    // --available-now on a batch configuration
    Path batch = dir.resolve("batch.conf");
    Files.writeString(
        batch,
        "inputs { p { path = x } }\nevaluations { m { loss = mse_loss, columns = [a, b] } }\n");
    JobRun run = run(List.of(batch.toString(), "--available-now"), false);
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().contains("stream: only stream.trigger is set (command line)"), run.toString());
  }

  /** A file of two rows two hours on: the watermark passes every window before them. */
  void pushWatermark(int n) {
    pushWatermark(dir, n);
  }

  static void pushWatermark(Path dir, int n) {
    StreamRows.arrive(
        SharedSpark.get(), dir.resolve("incoming"), n, StreamRows.rows(480, 482, false));
  }

  /** Asserts that two values are equal, a double to the bit. */
  static void assertSameValue(Object expected, Object actual, String where) {
    assertEquals(Objects.toString(expected), Objects.toString(actual), where);
    if (expected instanceof Double d) {
      assertEquals(
          Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) actual), where);
    }
  }

  /** Asserts that two sinks hold the same rows, every value with the same bits. */
  static void assertSameRows(Map<List<Object>, Row> expected, Map<List<Object>, Row> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach(
        (key, e) -> {
          Row a = actual.get(key);
          for (String c : e.schema().fieldNames()) {
            if (c.equals("batch_id")) {
              continue; // which micro-batch closed the window depends on the arrivals' timing
            }
            assertSameValue(e.getAs(c), a.getAs(c), c + " at " + key);
          }
        });
  }

  /**
   * Asserts that {@code stream} holds every window the watermark closed (10:00 to 10:40, overall
   * and per model version) and that each value has the bits of the batch job's over the same files,
   * with each slice also grouped by the window's start.
   */
  void assertBatchBits(Map<List<Object>, Row> stream) throws IOException {
    Path batchConf = dir.resolve("batch.conf");
    Files.writeString(
        batchConf,
        """
        inputs { p { path = "%s", format = parquet } }
        query = "SELECT *, window(ts, '10 minutes').start AS window_start FROM p"
        slices = [[window_start], [window_start, model_version]]
        evaluations {
          val_mse { loss = mse_loss, columns = [prediction, label], confidence = 0.95, buckets = 5 }
          val_ce { loss = cross_entropy, columns = [logits, target_class] }
        }
        output { path = "%s", format = parquet }
        """
            .formatted(dir.resolve("incoming"), dir.resolve("batch")));
    JobRun batch = run(List.of(batchConf.toString()), true);
    assertEquals(0, batch.code(), batch.toString());
    List<Row> batchRows =
        SharedSpark.get().read().parquet(dir.resolve("batch").toString()).collectAsList();
    Timestamp open = new Timestamp(StreamRows.T0 + 480 * 15_000L);
    int compared = 0;
    for (Row b : batchRows) {
      Timestamp start = b.getAs("window_start");
      if (!start.before(open)) {
        continue; // the open window: not emitted in append mode
      }
      String slice = b.<String>getAs("slice").equals("window_start") ? "overall" : "model_version";
      Row s = stream.get(List.of(start, slice, Objects.toString(b.getAs("model_version"))));
      assertTrue(s != null, "window " + start + " slice " + slice + " missing: " + stream.keySet());
      for (String c : b.schema().fieldNames()) {
        if (List.of("slice", "window_start", "model_version").contains(c)) {
          continue; // the key, matched above
        }
        assertSameValue(b.getAs(c), s.getAs(c), c + " at " + start + " " + slice);
      }
      compared++;
    }
    assertEquals(15, compared);
    assertEquals(15, stream.size());
  }
}
