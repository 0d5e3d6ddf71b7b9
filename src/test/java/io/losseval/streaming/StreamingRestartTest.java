package io.losseval.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A windowed query of every loss, stopped or killed part-way and restarted from its checkpoint,
 * gives what an uninterrupted run gives (the batch query's values, bit for bit); a checkpoint whose
 * states another format version wrote fails with a message that says so, never a number.
 */
class StreamingRestartTest {
  private static final EveryLossTable TABLE = new EveryLossTable();

  @TempDir Path dir;

  /** The rows, in {@link EveryLossTable#ARRIVALS} files and two clock rows, as the window test. */
  private List<Dataset<Row>> arrivals(SparkSession spark) {
    Dataset<Row> all = TABLE.frame(spark);
    List<Dataset<Row>> files = new ArrayList<>();
    for (int i = 0; i < EveryLossTable.ARRIVALS; i++) {
      files.add(all.filter(functions.col("arrival").equalTo(i)));
    }
    files.add(TABLE.clockRow(spark, 180));
    files.add(TABLE.clockRow(spark, 360));
    return files;
  }

  private Map<String, String> batchQuery(SparkSession spark, Path folder) {
    spark
        .read()
        .schema(TABLE.schema())
        .parquet(folder.toString())
        .createOrReplaceTempView("restart_batch");
    return StreamingWindowTest.byGroup(
        spark.sql(StreamingWindowTest.query("restart_batch")).collectAsList());
  }

  private static Dataset<Row> readStream(SparkSession spark, Path folder) {
    return spark
        .readStream()
        .schema(TABLE.schema())
        .option("maxFilesPerTrigger", 1)
        .parquet(folder.toString())
        .withWatermark("ts", "1 hour");
  }

  @Test
  void stoppedAndRestartedFromTheCheckpointGivesTheBatchQuerysValues() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    List<Dataset<Row>> arrivals = arrivals(spark);
    for (Dataset<Row> f : arrivals.subList(0, 2)) {
      files.arrive(f);
    }
    Path checkpoint = dir.resolve("checkpoint");
    runComplete(spark, files.folder(), checkpoint, "restart_first");
    for (Dataset<Row> f : arrivals.subList(2, arrivals.size())) {
      files.arrive(f);
    }
    // The second run reads only the new files: the first two live on in the restored state.
    List<Row> out = runComplete(spark, files.folder(), checkpoint, "restart_second");
    assertEquals(batchQuery(spark, files.folder()), StreamingWindowTest.byGroup(out));
  }

  private static List<Row> runComplete(
      SparkSession spark, Path folder, Path checkpoint, String name) throws Exception {
    readStream(spark, folder).createOrReplaceTempView("restart_stream");
    StreamingQuery q =
        spark
            .sql(StreamingWindowTest.query("restart_stream"))
            .writeStream()
            .format("memory")
            .queryName(name)
            .outputMode("complete")
            .option("checkpointLocation", checkpoint.toString())
            .trigger(Trigger.AvailableNow())
            .start();
    q.awaitTermination();
    return spark.table(name).collectAsList();
  }

  @Test
  void aDriverKilledMidBatchAndRestartedGivesTheBatchQuerysValues() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    for (Dataset<Row> f : arrivals(spark)) {
      files.arrive(f);
    }
    Path checkpoint = dir.resolve("checkpoint");
    Path sink = dir.resolve("sink");
    Process driver = startDriver(files.folder(), checkpoint, sink);
    // Kill it (SIGKILL) once micro-batch 1 is planned (its offsets written) but not committed.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(checkpoint.resolve("offsets/1"))
        && !Files.exists(checkpoint.resolve("commits/1")))) {
      assertTrue(driver.isAlive(), "the driver exited before micro-batch 1");
      assertTrue(System.nanoTime() < deadline, "no micro-batch 1 within 120 s");
      assertFalse(Files.exists(checkpoint.resolve("commits/1")), "micro-batch 1 ended too soon");
      Thread.sleep(5);
    }
    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(checkpoint.resolve("commits/1")), "killed after the batch committed");

    // Restart in this JVM, from the same checkpoint, into the same sink.
    readStream(spark, files.folder()).createOrReplaceTempView("killed_stream");
    spark
        .sql(StreamingWindowTest.query("killed_stream"))
        .writeStream()
        .format("parquet")
        .outputMode("append")
        .option("checkpointLocation", checkpoint.toString())
        .option("path", sink.toString())
        .trigger(Trigger.AvailableNow())
        .start()
        .awaitTermination();

    Map<String, String> expected = batchQuery(spark, files.folder());
    List<Row> out = spark.read().parquet(sink.toString()).collectAsList();
    Map<String, String> emitted = StreamingWindowTest.byGroup(out);
    assertEquals(out.size(), emitted.size(), "a window written twice to the sink");
    Timestamp dataEnd = new Timestamp(EveryLossTable.T0 + 30 * 60_000);
    long windows =
        expected.keySet().stream()
            .filter(k -> k.compareTo(String.format("%015d", dataEnd.getTime())) < 0)
            .peek(k -> assertEquals(expected.get(k), emitted.get(k), k))
            .count();
    assertEquals(6, windows);
    emitted.forEach((k, v) -> assertEquals(expected.get(k), v, k));
  }

  /** {@link StreamingDriver} in a JVM of its own, with this JVM's class path and flags. */
  private Process startDriver(Path folder, Path checkpoint, Path sink) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:") || arg.startsWith("-D")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StreamingDriver.class.getName());
    cmd.addAll(List.of(folder.toString(), checkpoint.toString(), sink.toString()));
    File log = dir.resolve("driver.log").toFile();
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log))
        .start();
  }

  @Test
  void aCheckpointWithStatesOfAnOlderFormatFailsWithAMessageNotANumber() throws Exception {
    SparkSession spark = SharedSpark.get();
    ArrivingFiles files = new ArrivingFiles(dir);
    files.arrive(spark.sql("SELECT timestamp'2026-01-01 00:01:00' AS ts, 1.5D AS p, 0.5D AS y"));
    Path checkpoint = dir.resolve("checkpoint");
    assertEquals(List.of(1.0), runMse(spark, files.folder(), checkpoint, "format_first"));

    // Every state the first run stored, rewritten in format version 1's layout.
    assertTrue(OlderStateFormat.rewriteCheckpoint(checkpoint) > 0, "no state rewritten");
    files.arrive(spark.sql("SELECT timestamp'2026-01-01 00:02:00' AS ts, 2.0D AS p, -1.0D AS y"));
    StreamingQueryException e =
        assertThrows(
            StreamingQueryException.class,
            () -> runMse(spark, files.folder(), checkpoint, "format_second"));
    // The checkpoint's metadata file: {"id":"<the query's id>"}.
    String id =
        Files.readString(checkpoint.resolve("metadata"))
            .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")
            .trim();
    String message = e.getMessage();
    assertTrue(message.contains("serial format 1") && message.contains("reads format 2"), message);
    assertTrue(message.contains("streaming query " + id), id + " not in " + message);
    assertTrue(message.contains("new checkpoint location"), message);
    assertEquals(List.of(), spark.table("format_second").collectAsList(), "a number was emitted");
    // The message as docs/streaming.md shows it: every piece between its placeholders, in order.
    String shown =
        DocSnippets.block("docs/streaming.md", "state-format-error").replaceAll("\\s+", " ").trim();
    String actual = message.replaceAll("\\s+", " ");
    int at = 0;
    for (String piece : shown.split("<id>|<n>|\\.\\.\\.")) {
      int found = actual.indexOf(piece.trim(), at);
      assertTrue(found >= 0, "'" + piece.trim() + "' of the page's message not in " + message);
      at = found + piece.trim().length();
    }
  }

  private static List<Double> runMse(SparkSession spark, Path folder, Path checkpoint, String name)
      throws Exception {
    spark
        .readStream()
        .schema("ts timestamp, p double, y double")
        .parquet(folder.toString())
        .withWatermark("ts", "1 hour")
        .createOrReplaceTempView("format_stream");
    spark
        .sql(
            "SELECT mse_loss(p, y, 'sum') AS mse FROM format_stream "
                + "GROUP BY window(ts, '10 minutes')")
        .writeStream()
        .format("memory")
        .queryName(name)
        .outputMode("complete")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start()
        .awaitTermination();
    return spark.table(name).collectAsList().stream().map(r -> r.getDouble(0)).toList();
  }
}
