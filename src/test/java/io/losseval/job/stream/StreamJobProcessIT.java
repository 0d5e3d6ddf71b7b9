package io.losseval.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.job.JobRun;
import io.losseval.testing.SparkProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job as a real {@code java} process: started continuously, stopped by SIGTERM while
 * files arrive, restarted from its checkpoint with {@code --available-now}; the sink then holds the
 * same rows, bit for bit, as one uninterrupted run over the same files, no window twice or lost,
 * and the restart's exit code says that a window broke the threshold.
 */
class StreamJobProcessIT {
  @TempDir Path dir;

  @AfterAll
  static void stopProcesses() {
    SparkProcesses.stopAll();
  }

  /** The job's command: the application jar and Spark's jars, two state partitions. */
  static List<String> command(List<String> jobArgs) {
    List<String> cmd = SparkProcesses.java("1g");
    cmd.add("-Dspark.sql.shuffle.partitions=2");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toUri());
    List<String> cp = new ArrayList<>();
    cp.add(SparkProcesses.applicationJar().toString());
    cp.addAll(SparkProcesses.sparkJars());
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), SparkProcesses.MAIN));
    cmd.addAll(jobArgs);
    return cmd;
  }

  @Test
  void sigtermThenARestartGiveTheUninterruptedRunsRows() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path run = Files.createDirectories(dir.resolve("run"));
    String threshold = "thresholds=[{result = val_mse, max = 0.1}]";
    Map<String, String> env = Map.of("SPARK_LOCAL_IP", "127.0.0.1");
    for (int k = 0; k < 2; k++) {
      StreamRows.arrive(
          io.losseval.testing.SharedSpark.get(), run.resolve("incoming"), k, StreamRows.file(k));
    }
    Process continuous =
        SparkProcesses.start(
            "continuous",
            command(StreamJobTest.args(run, threshold, "stream.trigger=1 second")),
            env,
            logs);
    Path results = run.resolve("results");
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (!hasBatch(results)) {
      if (!continuous.isAlive() || System.nanoTime() > deadline) {
        fail(
            "no window written by the continuous run\n"
                + SparkProcesses.log(logs, "continuous.out")
                + SparkProcesses.log(logs, "continuous.err"));
      }
      Thread.sleep(200);
    }
    // More rows arrive while it runs; then SIGTERM.
    StreamRows.arrive(
        io.losseval.testing.SharedSpark.get(), run.resolve("incoming"), 2, StreamRows.file(2));
    Thread.sleep(1500);
    continuous.destroy(); // SIGTERM
    int stopped = SparkProcesses.waitFor(continuous, Duration.ofSeconds(120), "the stopped job");
    String out = SparkProcesses.log(logs, "continuous.out");
    assertEquals(143, stopped, out + SparkProcesses.log(logs, "continuous.err"));
    assertTrue(out.contains("losseval stream: stopping (SIGTERM or shutdown)"), out);
    assertTrue(out.contains("THRESHOLD VIOLATED: val_mse <= 0.1 overall"), out);

    StreamJobTest.pushWatermark(run, 3);
    Process restart =
        SparkProcesses.start(
            "restart", command(StreamJobTest.args(run, threshold, "--available-now")), env, logs);
    int code = SparkProcesses.waitFor(restart, Duration.ofSeconds(180), "the restarted job");
    String restartOut = SparkProcesses.log(logs, "restart.out");
    assertEquals(3, code, restartOut + SparkProcesses.log(logs, "restart.err"));

    // One uninterrupted run over the same four files, in this JVM.
    Path once = Files.createDirectories(dir.resolve("once"));
    for (int k = 0; k < 3; k++) {
      StreamRows.arrive(
          io.losseval.testing.SharedSpark.get(), once.resolve("incoming"), k, StreamRows.file(k));
    }
    StreamJobTest.pushWatermark(once, 3);
    JobRun reference =
        StreamJobTest.run(StreamJobTest.args(once, threshold, "--available-now"), true);
    assertEquals(3, reference.code(), reference.toString());
    var expected = StreamJobTest.sink(once.resolve("results"));
    assertEquals(15, expected.size());
    StreamJobTest.assertSameRows(expected, StreamJobTest.sink(results));
  }

  private static boolean hasBatch(Path results) throws IOException {
    if (!Files.isDirectory(results)) {
      return false;
    }
    try (Stream<Path> s = Files.list(results)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("batch_id="));
    }
  }
}
