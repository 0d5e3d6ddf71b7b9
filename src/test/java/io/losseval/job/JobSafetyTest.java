package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.config.ResultColumns;
import io.losseval.job.query.SampleData;
import io.losseval.job.result.TextFormat;
import io.losseval.testing.CapturedLogs;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's job cases, each run in process as a user would meet it: slices told apart by their
 * position whatever the columns are called, no input or earlier result lost to an output path, no
 * statement that writes through the configuration, stale temporaries cleaned, and the errors users
 * hit first reported in one clear message with the right exit code.
 */
class JobSafetyTest {
  static final long ROWS = 3_000;
  static final String VIEW = "job_safety_predictions";

  @TempDir static Path data;
  @TempDir Path dir;

  static SparkSession spark;
  static String predictions;

  @BeforeAll
  static void sampleData() {
    spark = SharedSpark.get();
    predictions = data.resolve("predictions.parquet").toString();
    SampleData.frame(spark, ROWS, 2).write().parquet(predictions);
    spark.read().parquet(predictions).createOrReplaceTempView(VIEW);
  }

  /**
   * The example configuration over this test's sample data, without output and so without the
   * report page, which would go into the output.
   */
  static JobRun example(String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of(
                JobRun.EXAMPLE.toString(),
                "inputs.predictions.path=" + predictions,
                "output=null",
                "report=null"));
    args.addAll(Arrays.asList(overrides));
    return JobRun.run(args);
  }

  static long rowsIn(String parquet) {
    return spark.read().parquet(parquet).count();
  }

  // --- slices are told apart by position, whatever their columns are called ---

  @Test
  void sliceColumnsNamedOverallOrHoldingCommasDotsAndBackticksAreToldApart() throws IOException {
    String odd = dir.resolve("odd.parquet").toString();
    spark
        .table(VIEW)
        .selectExpr(
            "id",
            "model_version AS `overall`",
            "country AS `a,b`",
            "model_version AS `m.v`",
            "prediction AS `a.b`",
            "label AS `a``b`")
        .write()
        .parquet(odd);
    spark.read().parquet(odd).createOrReplaceTempView("job_safety_odd");
    List<List<String>> slices =
        List.of(
            List.of(),
            List.of("overall"),
            List.of("a,b"),
            List.of("overall", "a,b"),
            List.of("m.v"));
    Path conf = dir.resolve("odd.conf");
    Files.writeString(
        conf,
        "inputs { odd { path = \""
            + odd
            + "\" } }\n"
            + "slices = [ [], [overall], [\"a,b\"], [overall, \"a,b\"], [\"m.v\"] ]\n"
            + "evaluations { e { loss = mse_loss, columns = [\"a.b\", \"a`b\"] } }\n"
            + "thresholds = [ { result = e, max = 100 }, { result = e, max = 0.55, scope = "
            + "every-slice } ]\n"
            + "output { path = \""
            + dir.resolve("odd-results")
            + "\" }\n");
    JobRun run = JobRun.run(List.of(conf.toString()));
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());

    List<Row> rows = JobResults.read(spark, dir.resolve("odd-results").toString(), "parquet");
    JobResults.assertMatchReference(
        spark,
        rows,
        "job_safety_odd",
        slices,
        Map.of("e", "mse_loss(`a.b`, `a``b`)"),
        Map.of("e", List.of("a.b", "a`b")));
    assertEquals(
        List.of("overall", "`overall`", "`a,b`", "`overall`,`a,b`", "m.v"),
        rows.stream().map(r -> (String) r.getAs("slice")).distinct().toList());

    String summary = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(
        summary.startsWith(
            "losseval: 3,000 rows, 1 evaluations, 5 slices, " + rows.size() + " result rows"),
        "input rows counted once: " + summary);
    List<String> table = run.out().lines().filter(l -> l.startsWith("| ")).toList();
    assertEquals(
        "| overall | a,b | m.v | rows | e | e_skipped |", table.get(0).replaceAll(" +", " "));
    assertTrue(table.get(1).matches("\\| \\* +\\| \\* +\\| \\* +\\| +3000 \\|.*"), table.get(1));

    // The overall limit is checked once, on the overall row; the every-slice one on each row.
    List<String> expected = new ArrayList<>();
    for (Row r : rows) {
      double e = r.getAs("e");
      if (e > 0.55) {
        expected.add(
            "THRESHOLD VIOLATED: e <= 0.55 in every slice: e = "
                + e
                + " in slice "
                + describe(r, slices));
      }
    }
    assertTrue(expected.size() > 1 && expected.size() < rows.size(), expected.toString());
    assertEquals(expected, run.out().lines().filter(l -> l.startsWith("THRESHOLD")).toList());
    assertTrue(run.out().contains("thresholds: 2 checked, " + expected.size() + " violations"));
  }

  /** How the console names a row's slice: {@code `a,b`=DE}, written out from the row. */
  private static String describe(Row r, List<List<String>> slices) {
    for (List<String> slice : slices) {
      if (ResultColumns.sliceName(slice).equals(r.getAs("slice"))) {
        if (slice.isEmpty()) {
          return "overall";
        }
        List<String> parts = new ArrayList<>();
        for (String c : slice) {
          parts.add(ResultColumns.sliceName(List.of(c)) + "=" + r.get(r.fieldIndex(c)));
        }
        return String.join(", ", parts);
      }
    }
    throw new AssertionError("no slice for " + r);
  }

  // --- no input lost to the output path ---

  @Test
  void anOutputOnOrAroundAnInputIsRefusedBeforeAnythingIsDeleted() throws IOException {
    Path lake = dir.resolve("lake");
    String input = lake.resolve("scores.parquet").toString();
    spark.read().parquet(predictions).write().parquet(input);
    String[][] cases = {
      {input, "is the path of input 'predictions'"},
      {lake.toString(), "holds the path of input 'predictions'"},
      {dir.toString(), "holds the path of input 'predictions'"},
      {input + "/results", "is inside the path of input 'predictions'"}
    };
    for (String[] c : cases) {
      JobRun run =
          example(
              "inputs.predictions.path=" + input, "output.path=" + c[0], "output.overwrite=true");
      assertEquals(ExitCode.CONFIG.code(), run.code(), c[0] + ": " + run);
      assertTrue(run.err().contains("output.path: 'file:" + c[0] + "' " + c[1]), run.err());
      assertTrue(run.err().contains("writing there would replace or change an input"));
      assertEquals(ROWS, rowsIn(input), "the input is intact");
    }
    assertFalse(Files.exists(Path.of(input, "results")));

    JobRun glob =
        example(
            "inputs.predictions.path=" + lake + "/score*.parquet",
            "output.path=" + input,
            "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), glob.code(), glob.toString());
    assertTrue(glob.err().contains("matches the glob of input 'predictions'"), glob.err());

    JobRun direct =
        example(
            "from=null",
            "query=SELECT * FROM parquet.`" + input + "`",
            "output.path=" + input,
            "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), direct.code(), direct.toString());
    assertTrue(direct.err().contains("holds a file of the rows read"), direct.err());
    assertEquals(ROWS, rowsIn(input));
  }

  @Test
  void anInputBehindALinkIntoTheOutputIsNeverDeleted() throws IOException {
    // Issue 21: an input copied into earlier results and read through a link to it.
    Path out = dir.resolve("out");
    JobRun first = example("output.path=" + out);
    assertEquals(0, first.code(), first.toString());
    Path inside = out.resolve("in.parquet");
    spark.read().parquet(predictions).write().parquet(inside.toString());
    Path link = Files.createSymbolicLink(dir.resolve("link"), inside);
    JobRun run =
        example("inputs.predictions.path=" + link, "output.path=" + out, "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "output.path: 'file:"
                    + out
                    + "' holds the path of input "
                    + "'predictions' (file:"
                    + inside
                    + ")"),
        run.err());
    assertEquals(ROWS, rowsIn(inside.toString()), "the input is intact");

    // The other direction: the output is a link to a directory that holds the input.
    Path lake = dir.resolve("lake-behind-link");
    String input = lake.resolve("scores.parquet").toString();
    spark.read().parquet(predictions).write().parquet(input);
    Path outLink = Files.createSymbolicLink(dir.resolve("out-link"), lake);
    run =
        example(
            "inputs.predictions.path=" + input, "output.path=" + outLink, "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "output.path: 'file:"
                    + outLink
                    + "' (a link to 'file:"
                    + lake
                    + "') holds the path of input 'predictions'"),
        run.err());
    assertEquals(ROWS, rowsIn(input));
  }

  @Test
  void resultsHoldingAnythingTheJobDidNotWriteAreNotReplaced() throws IOException {
    Path out = dir.resolve("results");
    assertEquals(0, example("output.path=" + out).code());
    Path foreign = out.resolve("notes.txt");
    Files.writeString(foreign, "mine");
    JobRun run = example("output.path=" + out, "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "output.path: 'file:"
                    + out
                    + "' holds 'notes.txt', which "
                    + "this job did not write (it is not listed in _losseval.json)"),
        run.err());
    assertEquals("mine", Files.readString(foreign));

    Files.delete(foreign);
    run = example("output.path=" + out, "output.overwrite=true");
    assertEquals(0, run.code(), "only the job's own files: replaced\n" + run);
  }

  @Test
  void anOutputOnACatalogTablesLocationIsRefused() {
    String location = dir.resolve("table-data").toString();
    spark.read().parquet(predictions).write().parquet(location);
    spark.sql("CREATE TABLE job_safety_table USING parquet LOCATION '" + location + "'");
    try {
      JobRun run =
          example(
              "inputs.predictions.path=null",
              "inputs.predictions.format=null",
              "inputs.predictions.table=job_safety_table",
              "output.path=" + location,
              "output.overwrite=true");
      assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
      assertTrue(
          run.err().contains("is the path of input 'predictions' (file:" + location), run.err());
      assertEquals(ROWS, rowsIn(location));
    } finally {
      spark.sql("DROP TABLE job_safety_table"); // an external table: the files stay
    }
  }

  // --- SQL mode writes only where it is told, and never over other results ---

  @Test
  void sqlModeNeverReplacesTheEvaluationsResults() {
    String out = dir.resolve("example").toString();
    JobRun evaluation = example("output.path=" + out, "output.overwrite=true");
    assertEquals(0, evaluation.code(), evaluation.toString());
    List<Row> results = JobResults.read(spark, out, "parquet");

    // The README's example: the example configuration (overwrite = true) with a SQL file.
    JobRun sql =
        example(
            "output.path=" + out, "output.overwrite=true", "--sql", "jobs/sql/losses_by_model.sql");
    assertEquals(0, sql.code(), sql.toString());
    assertTrue(
        sql.out()
            .contains(
                "results: console only; SQL mode does not write to "
                    + out
                    + " (the evaluation's output): set sql-output.path to write this result"),
        sql.out());
    assertEquals(results, JobResults.read(spark, out, "parquet"), "the results are untouched");

    // Told to write over the evaluation's results, it refuses before running anything.
    sql =
        example(
            "--sql",
            "jobs/sql/losses_by_model.sql",
            "sql-output.path=" + out,
            "sql-output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), sql.code(), sql.toString());
    assertTrue(
        sql.err()
            .contains(
                "sql-output.path: 'file:"
                    + out
                    + "' holds evaluation "
                    + "results, not sql results; overwrite replaces only results of the same kind"),
        sql.err());
    assertEquals(results, JobResults.read(spark, out, "parquet"));

    // Its own results it replaces, and says so when their columns differ.
    String own = dir.resolve("by-model").toString();
    assertEquals(
        0, example("--sql", "jobs/sql/losses_by_model.sql", "sql-output.path=" + own).code());
    sql =
        example(
            "--sql",
            "jobs/sql/worst_rows.sql",
            "sql-output.path=" + own,
            "sql-output.overwrite=true");
    assertEquals(0, sql.code(), sql.toString());
    assertTrue(
        sql.out()
            .contains(
                "results: replaced earlier results with other columns: "
                    + "dropped model_version string, rows bigint, mse double"),
        sql.out());
    assertEquals(20, JobResults.read(spark, own, "parquet").size());
  }

  // --- temporaries of killed runs ---

  @Test
  void aLaterRunRemovesTheStaleTemporariesOfKilledRunsAndNothingElse() throws IOException {
    Path parent = Files.createDirectories(dir.resolve("outputs"));
    Path staleTemp = leftBehind(parent, ".results.losseval-tmp-" + UUID.randomUUID(), 2);
    Path freshTemp = leftBehind(parent, ".results.losseval-tmp-" + UUID.randomUUID(), 0);
    Path staleReplaced = leftBehind(parent, ".results.losseval-old-" + UUID.randomUUID(), 2);
    Path otherTarget = leftBehind(parent, ".other.losseval-tmp-" + UUID.randomUUID(), 2);
    Path notOurs = leftBehind(parent, ".results.losseval-tmp-not-a-uuid", 2);
    String out = parent.resolve("results").toString();

    JobRun run = example("output.path=" + out);
    assertEquals(0, run.code(), run.toString());
    assertFalse(Files.exists(staleTemp), "a stale temporary of this output is removed");
    assertTrue(Files.exists(freshTemp), "one that may belong to a running job is kept");
    assertTrue(
        Files.exists(staleReplaced),
        "previous results kept while the output was missing: they may be the only copy");
    assertTrue(Files.exists(otherTarget) && Files.exists(notOurs), "only this output's");

    run = example("output.path=" + out, "output.overwrite=true");
    assertEquals(0, run.code(), run.toString());
    assertFalse(Files.exists(staleReplaced), "replaced results go once the output exists");
    assertTrue(Files.exists(freshTemp) && Files.exists(otherTarget) && Files.exists(notOurs));
  }

  /** A directory holding a part file, last changed {@code daysAgo} days ago. */
  private static Path leftBehind(Path parent, String name, int daysAgo) throws IOException {
    Path d = Files.createDirectories(parent.resolve(name));
    Path part = Files.writeString(d.resolve("part-00000.parquet"), "partial");
    FileTime then = FileTime.from(Instant.now().minus(Duration.ofDays(daysAgo)));
    Files.setLastModifiedTime(part, then);
    Files.setLastModifiedTime(d, then);
    return d;
  }

  // --- no statement that writes ---

  @Test
  void theConfigurationsQueryMustOnlyRead() throws IOException {
    Path kept = Files.createDirectories(dir.resolve("kept"));
    Files.writeString(kept.resolve("keep.txt"), "kept");
    Path created = dir.resolve("created");
    String shufflePartitions = spark.conf().get("spark.sql.shuffle.partitions");
    String[][] cases = {
      {
        "INSERT OVERWRITE DIRECTORY '" + kept + "' USING parquet SELECT * FROM predictions",
        "(InsertIntoDir)"
      },
      {
        "CREATE TABLE job_safety_ctas USING parquet LOCATION '"
            + created
            + "' AS SELECT * FROM predictions",
        "(CreateTableAsSelect)"
      },
      {"DROP VIEW predictions", "(DropView"},
      {"CACHE TABLE predictions", "(Cache"},
      {"SET spark.sql.shuffle.partitions=1", "(SetCommand)"},
      {
        "WITH x AS (SELECT * FROM predictions) INSERT INTO job_safety_ctas SELECT * FROM x",
        "(InsertIntoStatement)"
      }
    };
    for (String[] c : cases) {
      JobRun run = example("from=null", "query=" + c[0]);
      assertEquals(ExitCode.CONFIG.code(), run.code(), c[0] + ": " + run);
      assertTrue(run.err().contains("query: '"), run.err());
      assertTrue(run.err().contains(c[1]), run.err());
      assertTrue(run.err().contains(") is not a query; the query must only read"), run.err());
    }
    assertEquals("kept", Files.readString(kept.resolve("keep.txt")));
    assertFalse(Files.exists(created));
    assertFalse(spark.catalog().tableExists("job_safety_ctas"));
    assertTrue(spark.catalog().tableExists("predictions"), "the view was not dropped");
    assertFalse(spark.catalog().isCached("predictions"));
    assertEquals(shufflePartitions, spark.conf().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void sqlModeRunsStatementsThatWriteOnlyWhenAllowedAndChecksThemAllFirst() throws IOException {
    Path written = dir.resolve("written");
    Path sql = dir.resolve("writes.sql");
    Files.writeString(
        sql,
        "CREATE OR REPLACE TEMPORARY VIEW job_safety_v AS SELECT 1 AS x;\n"
            + "INSERT OVERWRITE DIRECTORY '"
            + written
            + "' USING parquet\n"
            + "SELECT id FROM predictions;\n"
            + "SELECT count(*) AS n FROM job_safety_v");
    JobRun refused = example("--sql", sql.toString());
    assertEquals(ExitCode.CONFIG.code(), refused.code(), refused.toString());
    assertTrue(
        refused.err().contains(sql + ", statement 2: 'INSERT OVERWRITE DIRECTORY '"),
        refused.err());
    assertTrue(
        refused
            .err()
            .contains(
                "(InsertIntoDir) may write or change the session; SQL "
                    + "mode runs only queries and CREATE TEMPORARY VIEW unless you allow more with "
                    + "--allow-writes (sql-allow-writes = true). Nothing was run"),
        refused.err());
    assertFalse(spark.catalog().tableExists("job_safety_v"), "not even the first statement ran");
    assertFalse(Files.exists(written));

    JobRun allowed = example("--sql", sql.toString(), "--allow-writes");
    assertEquals(0, allowed.code(), allowed.toString());
    assertEquals(ROWS, rowsIn(written.toString()));
  }

  // --- the errors users hit first ---

  @Test
  void aDataErrorIsOneMessageThatFindsTheRowWithoutStackTraces() throws IOException {
    String bad = dir.resolve("bad.parquet").toString();
    spark
        .table(VIEW)
        .selectExpr("*", "CASE WHEN id = 1234 THEN 7 ELSE target_class END AS t")
        .drop("target_class")
        .withColumnRenamed("t", "target_class")
        .repartition(3)
        .write()
        .parquet(bad);
    CapturedLogs logs;
    JobRun run;
    try (CapturedLogs captured = CapturedLogs.capture()) {
      run = example("inputs.predictions.path=" + bad, "id-column=null");
      logs = captured;
    }
    assertEquals(ExitCode.DATA.code(), run.code(), run.toString());
    List<String> err = run.err().lines().toList();
    assertTrue(
        err.get(0)
            .startsWith(
                "losseval: invalid data: cross_entropy: target value 7 is "
                    + "out of range [0, 4)"),
        run.err());
    assertTrue(
        err.get(1)
            .startsWith(
                "losseval: rows a loss rejects (the first 5 at most; set "
                    + "id-column = COLUMN to see the rows' ids):"),
        run.err());
    Row row = spark.read().parquet(bad).where("id = 1234").first();
    assertEquals(
        "  model_version="
            + row.getAs("model_version")
            + ", country="
            + row.getAs("country")
            + ": val_ce: cross_entropy: target value 7 is out of range "
            + "[0, 4) (ignore_index = -100) for a row with 4 classes; logits="
            + TextFormat.value(row.getAs("logits"))
            + ", target_class=7",
        err.get(2));
    assertEquals("losseval: exit code 4 (DATA)", err.get(3));
    assertEquals(4, err.size(), run.err());
    assertEquals(
        List.of(), logs.mentioning("LossDataException"), "Spark's task failures are not logged");

    run = example("inputs.predictions.path=" + bad); // the example names id-column = id
    assertEquals(ExitCode.DATA.code(), run.code(), run.toString());
    assertTrue(run.err().contains("\n  id=1234: val_ce: cross_entropy: target value 7"), run.err());

    run = example("inputs.predictions.path=" + bad, "--debug");
    assertEquals(ExitCode.DATA.code(), run.code(), run.toString());
    assertTrue(run.err().contains("\tat "), "--debug prints the stack trace");
  }

  @Test
  void aMalformedCsvRecordIsAnInputErrorWithItsCause() throws IOException {
    Path csv = dir.resolve("scores.csv");
    Files.writeString(csv, "prediction,label\n1.0,2.0\n3.0,4.0,5.0\n2.0,1.0\n");
    Path conf = dir.resolve("csv.conf");
    Files.writeString(
        conf,
        "inputs { s { path = \""
            + csv
            + "\", format = csv, "
            + "options { mode = FAILFAST } } }\n"
            + "evaluations { e { loss = mse_loss, columns = [prediction, label] } }\n");
    JobRun run = JobRun.run(List.of(conf.toString()));
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err().contains("configuration or input error: malformed record in an input:"),
        run.err());
    assertTrue(run.err().contains("FAILFAST"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }
}
