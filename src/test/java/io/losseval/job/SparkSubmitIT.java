package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.output.SummaryJson;
import io.losseval.testing.SharedSpark;
import io.losseval.testing.SparkProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started through Spark's real {@code SparkSubmit} entry point in a separate JVM
 * (local mode), with only Spark's jars on the class path: Typesafe Config must come from the shaded
 * jar, the loss functions from the jar's session extension, and the exit code from {@code
 * System.exit} in {@code main}.
 */
class SparkSubmitIT {
  static final Duration TIMEOUT = Duration.ofMinutes(4);
  static final List<String> RESULTS = List.copyOf(JobResults.EXAMPLE_SQL.keySet());

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // logs stay for a failed run
  static Path dir;

  static Path conf;
  static List<Row> reference;

  /** The example's evaluations and slices over 30,000 rows generated inside the job. */
  static Path writeConfig(Path dir, long rows, int partitions) throws IOException {
    Path conf = dir.resolve("job-" + rows + ".conf");
    Files.writeString(
        conf,
        "include file(\""
            + JobRun.EXAMPLE.toAbsolutePath()
            + "\")\n"
            + "inputs.predictions = null\n"
            + "inputs.predictions { sample-rows = "
            + rows
            + ", sample-partitions = "
            + partitions
            + " }\n"
            + "output.overwrite = false\n");
    return conf;
  }

  @BeforeAll
  static void referenceRunInProcess() throws IOException {
    conf = writeConfig(dir, 30_000, 4);
    String out = dir.resolve("reference").toString();
    JobRun run = JobRun.run(List.of(conf.toString(), "output.path=" + out));
    assertEquals(0, run.code(), run.toString());
    reference = JobResults.read(SharedSpark.get(), out, "parquet");
  }

  @AfterAll
  static void stop() {
    SparkProcesses.stopAll();
  }

  private static String sparkClasspath() {
    return String.join(java.io.File.pathSeparator, SparkProcesses.sparkJars());
  }

  private static Process submit(String name, List<String> sparkArgs, String... jobArgs) {
    List<String> spark =
        new ArrayList<>(
            List.of(
                "--master",
                "local[2]",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.driver.host=127.0.0.1"));
    spark.addAll(sparkArgs);
    List<String> job = new ArrayList<>(List.of(conf.toString()));
    job.addAll(List.of(jobArgs));
    return SparkProcesses.start(
        name,
        SparkProcesses.submit(sparkClasspath(), spark, job, jobDebugLogging()),
        SparkProcesses.environment(dir),
        dir);
  }

  /**
   * conf/log4j2.properties with the job's class at DEBUG: how the session got the functions is
   * logged only there, and that is what the extension test looks for.
   */
  private static Path jobDebugLogging() {
    try {
      Path file = dir.resolve("log4j2-job-debug.properties");
      Files.writeString(
          file,
          Files.readString(Path.of("conf/log4j2.properties"))
              + "\nlogger.evaluatejob.name = "
              + EvaluateJob.class.getName()
              + "\nlogger.evaluatejob.level = debug\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One run proves three things: the extension, the shaded jar, and the exit code of main. */
  @Test
  void submittedWithTheSessionExtensionAViolatedThresholdExitsWithThreeAfterWriting() {
    String out = dir.resolve("submitted").toString();
    Process p =
        submit(
            "extension",
            List.of("--conf", "spark.sql.extensions=io.losseval.spark.LossExtensions"),
            "output.path=" + out,
            "thresholds=[{result = val_ce, max = 0.01}]");
    int code = SparkProcesses.waitFor(p, TIMEOUT, "spark-submit");
    String stdout = SparkProcesses.log(dir, "extension.out");
    String stderr = SparkProcesses.log(dir, "extension.err");
    assertEquals(ExitCode.THRESHOLD.code(), code, stdout + stderr);
    assertTrue(stderr.contains("loss functions: already registered in the session"), stderr);
    assertFalse(stderr.contains("Cannot use io.losseval.spark.LossExtensions"), stderr);
    assertTrue(stdout.contains("THRESHOLD VIOLATED: val_ce <= 0.01 overall"), stdout);
    assertTrue(
        stdout.contains("losseval: 30,000 rows, 5 evaluations, 3 slices, 19 result rows"), stdout);
    JobResults.assertSameResults(
        reference,
        JobResults.read(SharedSpark.get(), out, "parquet"),
        EvaluateJobTest.EXAMPLE_SLICES,
        RESULTS);

    // The run record names the jar that ran: "ARTIFACT VERSION" from its manifest.
    String record = readString(Path.of(out, SummaryJson.FILE));
    Matcher library = Pattern.compile("\"losseval\" : \"([^ \"]+) ([^\"]+)\"").matcher(record);
    assertTrue(library.find(), record);
    assertEquals(
        Path.of(System.getProperty("losseval.jar")).getFileName().toString(),
        library.group(1) + "-" + library.group(2) + "-bundle.jar",
        record);
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aConfigurationErrorExitsWithTwo() {
    Process p = submit("config", List.of(), "evaluations.val_ce.loss=cross_entropyy");
    int code = SparkProcesses.waitFor(p, TIMEOUT, "spark-submit");
    String stderr = SparkProcesses.log(dir, "config.err");
    assertEquals(ExitCode.CONFIG.code(), code, stderr);
    assertTrue(stderr.contains("evaluations.val_ce.loss: 'cross_entropyy'"), stderr);
  }
}
