package io.losseval.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.JobRun;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/streaming-job.md: its configuration is conf/stream-example.conf (which {@link StreamJobTest}
 * runs), its commands run, and its console lines are a run's.
 */
class StreamJobDocsTest {
  private static final String PAGE = "docs/streaming-job.md";

  @TempDir Path dir;

  @Test
  void theConfigurationShownIsTheSampleConfiguration() {
    assertEquals(
        DocSnippets.page("conf/stream-example.conf").stripTrailing(),
        DocSnippets.block(PAGE, "stream-job-conf").stripTrailing());
  }

  @Test
  void theCommandsRun() throws Exception {
    for (int k = 0; k < 3; k++) {
      StreamRows.arrive(SharedSpark.get(), dir.resolve("incoming"), k, StreamRows.file(k));
    }
    StreamJobTest.pushWatermark(dir, 3);
    List<String> lines = DocSnippets.block(PAGE, "stream-job-commands").lines().toList();
    assertEquals(3, lines.size());
    for (String line : lines) {
      List<String> words =
          new ArrayList<>(List.of(line.replaceFirst("\\s+#.*$", "").trim().split("\\s+")));
      assertEquals("jobs/evaluate", words.remove(0), line);
      assertEquals("conf/stream-example.conf", words.get(0), line);
      List<String> args = new ArrayList<>(StreamJobTest.args(dir));
      args.set(0, words.remove(0)); // the file itself; the folders in dir
      for (String w : words) {
        // A relative folder on the command line goes into this test's folder, not the checkout.
        args.add(
            w.startsWith("stream.sink.path=") ? "stream.sink.path=" + dir.resolve("today") : w);
      }
      boolean availableNow = words.contains("--available-now");
      JobRun run = StreamJobTest.run(args, availableNow);
      if (availableNow) {
        assertEquals(0, run.code(), line + "\n" + run);
      } else {
        // Runs until stopped: here only as far as starting Spark, after every check passed.
        assertTrue(
            run.err().contains("Spark was started before the configuration was checked"),
            line + "\n" + run);
      }
    }
    assertEquals(15, StreamJobTest.sink(dir.resolve("results")).size());
    // The third run carries on from the same checkpoint: nothing new arrived, nothing to write.
    assertFalse(Files.exists(dir.resolve("today")));
  }

  @Test
  void theConsoleLinesAreARunsLines() throws Exception {
    for (int k = 0; k < 3; k++) {
      StreamRows.arrive(SharedSpark.get(), dir.resolve("incoming"), k, StreamRows.file(k));
    }
    StreamJobTest.pushWatermark(dir, 3);
    JobRun run =
        StreamJobTest.run(
            StreamJobTest.args(
                dir,
                "--available-now",
                "thresholds=[{result = val_mse, max = 2.5, scope = every-slice}]"),
            true);
    assertEquals(3, run.code(), run.toString());
    List<String> out = run.out().lines().toList();
    int at = 0;
    for (String shown : DocSnippets.block(PAGE, "stream-job-output").lines().toList()) {
      Pattern p =
          Pattern.compile(
              String.join(
                  ".*",
                  List.of(shown.split("\\.\\.\\.", -1)).stream().map(Pattern::quote).toList()));
      while (at < out.size() && !p.matcher(out.get(at)).matches()) {
        at++;
      }
      assertTrue(at < out.size(), "no line like\n" + shown + "\nin order in\n" + run.out());
      at++;
    }
  }
}
