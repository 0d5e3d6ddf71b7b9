package io.losseval.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.EvaluateJob;
import io.losseval.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  /** The streaming configuration the tests run (the docs' own block, once the docs exist). */
  static final String CONFIG =
      """
      stream {
        source {
          path = "incoming"
          format = parquet
          schema = "id BIGINT, ts TIMESTAMP, model_version STRING, prediction DOUBLE, label DOUBLE, logits ARRAY<DOUBLE>, target_class INT"
          options { maxFilesPerTrigger = 1 }
        }
        event-time = ts
        window { duration = "10 minutes" }
        watermark = "10 minutes"
        sink { path = "results", format = parquet }
        checkpoint = "checkpoint"
      }
      slices = [[], [model_version]]
      evaluations {
        val_mse { loss = mse_loss, columns = [prediction, label], confidence = 0.95, buckets = 5 }
        val_ce { loss = cross_entropy, columns = [logits, target_class] }
      }
      thresholds = [{ result = val_ce, max = 5.0, scope = every-slice }]
      """;

  /** One in-process run of the job: exit code, stdout, stderr. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run run(List<String> args, boolean spark) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          EvaluateJob.run(
              args.toArray(new String[0]),
              name -> {
                if (!spark) {
                  throw new AssertionError("Spark started before the configuration was checked");
                }
                return SharedSpark.get();
              },
              o,
              e);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The configuration in {@code dir}, its paths there, with {@code overrides}. */
  List<String> args(String... overrides) throws IOException {
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
    // A row two hours on moves the watermark past every window before it; its own stays open.
    StreamRows.arrive(
        SharedSpark.get(), dir.resolve("incoming"), 3, StreamRows.rows(480, 482, false));
    Run run = run(args("--available-now"), true);
    assertEquals(0, run.code(), run.toString());
    Map<List<Object>, Row> stream = sink(dir.resolve("results"));

    // The batch job over the same files, each slice also grouped by the window's start.
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
    Run batch = run(List.of(batchConf.toString()), true);
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
      for (String c :
          List.of(
              "rows",
              "val_ce",
              "val_ce_rows",
              "val_ce_skipped",
              "val_mse",
              "val_mse_lower",
              "val_mse_upper",
              "val_mse_rows",
              "val_mse_skipped")) {
        assertEquals(
            Objects.toString(b.getAs(c)), Objects.toString(s.getAs(c)), c + " at " + start);
        if (b.getAs(c) instanceof Double d) {
          assertEquals(
              Double.doubleToRawLongBits(d),
              Double.doubleToRawLongBits(s.<Double>getAs(c)),
              c + " at " + start + " " + slice);
        }
      }
      assertEquals(0, s.getList(s.fieldIndex("violations")).size());
      compared++;
    }
    // 45 minutes of rows: windows 10:00 to 10:40, each overall and per model version.
    assertEquals(15, compared);
    assertEquals(15, stream.size());
  }
}
