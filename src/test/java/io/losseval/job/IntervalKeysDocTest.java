package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/interval-keys.md as written: every code block, found by the {@code <!-- snippet: NAME -->}
 * line before it, runs (the SQL on the shared session, the job settings through the configuration
 * reader), and what the page says a query returns is what it returns.
 */
class IntervalKeysDocTest {
  private static final Path PAGE = Path.of("docs/interval-keys.md");

  @TempDir Path dir;

  /** The code block after {@code <!-- snippet: name -->}, without its fences. */
  static String snippet(String name) throws IOException {
    List<String> lines = Files.readAllLines(PAGE);
    int at = lines.indexOf("<!-- snippet: " + name + " -->");
    assertTrue(at >= 0 && lines.get(at + 1).startsWith("```"), "snippet " + name + " in " + PAGE);
    List<String> body = new ArrayList<>();
    for (int i = at + 2; !lines.get(i).startsWith("```"); i++) {
      body.add(lines.get(i));
    }
    return String.join("\n", body);
  }

  /** A SQL snippet as one statement: its closing semicolon left out. */
  private static String statement(String name) throws IOException {
    return snippet(name).strip().replaceAll(";$", "");
  }

  private static String result(String query) throws IOException {
    SparkSession spark = SharedSpark.get();
    Row row = spark.sql(statement(query)).collectAsList().get(0);
    return row.toString();
  }

  @Test
  void aRowIdKeyGivesBoundsWhereTheRowValuesCannot() throws IOException {
    SharedSpark.get().sql(statement("leaf-scores"));
    String row = result("row-id-key");
    assertEquals(snippet("row-id-key-output"), row);
    assertTrue(row.contains("few distinct rows; pass a key"), row);
  }

  @Test
  void aUserKeyWidensTheIntervalOfDependentRows() throws IOException {
    SharedSpark.get().sql(statement("user-scores"));
    assertEquals(snippet("user-key-output"), result("user-key"));
    Row r = SharedSpark.get().sql(statement("user-key")).first();
    assertTrue(r.getDouble(1) > 3 * r.getDouble(0), "the page says 3.4 times: " + r);
  }

  @Test
  void theJobSettingsKeyEachInterval() throws IOException {
    Path conf = dir.resolve("keys.conf");
    Files.writeString(conf, Files.readString(JobRun.EXAMPLE) + "\n" + snippet("job-key") + "\n");
    JobConfig c = ConfigReader.read(conf, List.of());
    JobConfig.Evaluation valMse = find(c, "val_mse");
    JobConfig.Evaluation userMse = find(c, "user_mse");
    assertEquals("id", valMse.key());
    assertEquals("user_id", userMse.key());
    assertTrue(userMse.hasInterval(), "a key alone asks for an interval");
    assertNull(find(c, "val_ce").key(), "no interval, no key");
  }

  private static JobConfig.Evaluation find(JobConfig c, String name) {
    return c.evaluations().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
