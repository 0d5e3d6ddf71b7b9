package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.IntervalReadmeTest;
import io.losseval.spark.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
  @TempDir
  Path dir;

  @Test
  void intervalExampleRunsAsWritten() throws Exception {
    Path conf = dir.resolve("intervals.conf");
    Files.writeString(conf, IntervalReadmeTest.readmeBlock("job-intervals"),
        StandardCharsets.UTF_8);
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
    Map<String, String> calls = new LinkedHashMap<>();
    calls.put("val_mse", "mse_loss_ci(prediction, label)");
    calls.put("new_mse",
        "mse_loss_ci(new_prediction, label, 'mean', named_struct('buckets', 50))");
    calls.put("mse_change", "mse_loss_compare(new_prediction, label, prediction, label)");
    JobResults.assertIntervalsMatchReference(spark, rows, "job_readme_rows",
        List.of(List.of(), List.of("model_version")), calls);
  }
}
