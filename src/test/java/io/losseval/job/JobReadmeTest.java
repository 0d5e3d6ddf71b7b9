package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's job example with an interval, a comparison and bound thresholds runs as written:
 * the block between its markers is the configuration file, only its input and output paths are
 * overridden (to generated sample data and a temporary directory), and its results are those of
 * the SQL aggregates it stands for.
 */
class JobReadmeTest {
  private static final Path README = Path.of("README.md");

  @TempDir
  Path dir;

  /** The fenced code between {@code <!-- name:start -->} and {@code <!-- name:end -->}. */
  static String readmeBlock(String name) throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf("<!-- " + name + ":start -->");
    int to = readme.indexOf("<!-- " + name + ":end -->");
    assertTrue(from >= 0 && to > from, "README.md has no block " + name);
    String fenced = readme.substring(readme.indexOf('\n', from) + 1, to);
    List<String> lines = new ArrayList<>(List.of(fenced.split("\n")));
    assertTrue(lines.get(0).startsWith("```") && lines.get(lines.size() - 1).equals("```"),
        name + " is one fenced block");
    return String.join("\n", lines.subList(1, lines.size() - 1));
  }

  @Test
  void intervalExampleRunsAsWritten() throws Exception {
    Path conf = dir.resolve("intervals.conf");
    Files.writeString(conf, readmeBlock("job-intervals"), StandardCharsets.UTF_8);
    String predictions = dir.resolve("predictions.parquet").toString();
    JobRun sample = JobRun.run(List.of("--generate-sample", "20000", predictions));
    assertEquals(0, sample.code(), sample.toString());
    String out = dir.resolve("results").toString();
    JobRun run = JobRun.run(List.of(conf.toString(), "inputs.predictions.path=" + predictions,
        "output.path=" + out));
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("thresholds: 2 checked, all held"), run.out());

    SparkSession spark = SharedSpark.get();
    assertEquals(List.of("slice", "model_version", "rows", "new_mse", "new_mse_lower",
        "new_mse_upper", "new_mse_rows", "new_mse_skipped", "val_mse", "val_mse_lower",
        "val_mse_upper", "val_mse_rows", "val_mse_skipped", "mse_change", "mse_change_lower",
        "mse_change_upper"), Arrays.asList(spark.read().parquet(out).columns()));
    List<Row> rows = JobResults.read(spark, out, "parquet");
    assertEquals(4, rows.size(), "overall and three model versions");
    spark.read().parquet(predictions).selectExpr("*",
            "0.8D * prediction + 0.2D * label AS new_prediction")
        .createOrReplaceTempView("job_readme_rows");
    String view = "job_readme_rows";
    for (List<String> slice : List.of(List.<String>of(), List.of("model_version"))) {
      String keys = slice.isEmpty() ? "" : "model_version, ";
      List<Row> expected = spark.sql("SELECT " + keys
          + "mse_loss_ci(prediction, label) AS val_mse, "
          + "mse_loss_ci(new_prediction, label, 'mean', named_struct('buckets', 50)) AS new_mse, "
          + "mse_loss_compare(new_prediction, label, prediction, label) AS mse_change FROM "
          + view + (slice.isEmpty() ? "" : " GROUP BY model_version")).collectAsList();
      Map<List<String>, Row> actual = JobResults.slice(rows, slice);
      assertEquals(expected.size(), actual.size());
      for (Row e : expected) {
        Row a = actual.get(slice.isEmpty() ? List.of()
            : List.of(e.<String>getAs("model_version")));
        for (String[] result : new String[][] {{"val_mse", "value"}, {"new_mse", "value"},
            {"mse_change", "difference"}}) {
          Row struct = e.getAs(result[0]);
          JobResults.assertSameBits(struct.getAs(result[1]), a.getAs(result[0]), result[0]);
          JobResults.assertSameBits(struct.getAs("lower"), a.getAs(result[0] + "_lower"),
              result[0]);
          JobResults.assertSameBits(struct.getAs("upper"), a.getAs(result[0] + "_upper"),
              result[0]);
        }
      }
    }
  }
}
