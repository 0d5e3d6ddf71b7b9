package io.losseval.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDefinition;
import io.losseval.core.Reduction;
import io.losseval.core.interval.IntervalOptions;
import io.losseval.core.loss.LossCatalog;
import io.losseval.job.ExitCode;
import io.losseval.job.JobRun;
import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.JobConfig.InputKind;
import io.losseval.job.config.JobConfig.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration format and every configuration error, without Spark: each error must stop the
 * job with exit code 2 before a session is asked for, and name the key and what is allowed.
 */
class ConfigReaderTest {
  static final Path EXAMPLE = JobRun.EXAMPLE;

  @TempDir Path dir;

  static JobConfig read(String... overrides) {
    CommandLine cli =
        CommandLine.parse(
            Stream.concat(Stream.of(EXAMPLE.toString()), Stream.of(overrides))
                .toArray(String[]::new));
    return ConfigReader.read(cli.config(), cli.overrides());
  }

  @Test
  void exampleConfiguration() {
    JobConfig c = read();
    assertEquals(List.of("predictions"), List.copyOf(c.inputs().keySet()));
    assertEquals(InputKind.PATH, c.inputs().get("predictions").kind());
    assertEquals("parquet", c.inputs().get("predictions").format());
    assertEquals("predictions", c.from());
    assertEquals(
        List.of(List.of(), List.of("model_version"), List.of("model_version", "country")),
        c.slices());
    assertEquals(
        List.of("val_mse", "val_ce", "val_bce", "val_kl", "val_hinge"),
        c.evaluations().stream().map(Evaluation::name).toList(),
        "in the order the file declares them");
    Evaluation ce = c.evaluations().get(1);
    assertEquals("cross_entropy", ce.loss().name());
    assertEquals(List.of("logits", "target_class"), ce.columns());
    assertEquals(0.05, ce.options().get("label_smoothing"));
    Evaluation mse = c.evaluations().get(0);
    assertEquals(List.of("prediction", "label"), mse.columns(), "object form, argument order");
    assertEquals(Reduction.BATCHMEAN, c.evaluations().get(3).reduction());
    assertEquals(2, c.thresholds().size());
    assertEquals("val_ce <= 1.0 overall", c.thresholds().get(0).describe());
    assertEquals("val_bce <= 0.7 in every slice", c.thresholds().get(1).describe());
    assertEquals("target/losseval-results/example", c.output().path());
    assertTrue(c.output().overwrite());
    assertEquals(100, c.consoleMaxRows());
    assertNull(c.sqlFile());
  }

  @Test
  void commandLineOverridesAnyKey() {
    JobConfig c =
        read(
            "evaluations.val_ce.options.label_smoothing=0.2",
            "evaluations.val_ce.options.weight=[1, 2, 3, 4]",
            "evaluations.val_ce.reduction=sum",
            "slices=[[], country]",
            "output.overwrite=false",
            "output.format=CSV",
            "output.path=hdfs://namenode/results//day=1",
            "console.max-rows=7",
            "query=SELECT * FROM predictions WHERE country = 'DE'",
            "from=null");
    Evaluation ce = c.evaluations().get(1);
    assertEquals(0.2, ce.options().get("label_smoothing"), "the string became the option's type");
    assertTrue(
        java.util.Arrays.equals(new double[] {1, 2, 3, 4}, (double[]) ce.options().get("weight")));
    assertEquals(Reduction.SUM, ce.reduction());
    assertEquals(List.of(List.of(), List.of("country")), c.slices());
    assertEquals("csv", c.output().format());
    assertEquals("hdfs://namenode/results//day=1", c.output().path(), "kept verbatim");
    assertEquals(7, c.consoleMaxRows());
    assertEquals("SELECT * FROM predictions WHERE country = 'DE'", c.query());
  }

  @Test
  void laterOverridesWinAndNewEvaluationsCanBeAdded() {
    JobConfig c =
        read(
            "output.format=json",
            "output.format=csv",
            "evaluations.train_mse={loss = mse_loss, columns = [prediction, label]}");
    assertEquals("csv", c.output().format());
    assertTrue(c.evaluations().stream().anyMatch(e -> e.name().equals("train_mse")));
  }

  @Test
  void everyLossOfTheCatalogIsAccepted() throws IOException {
    StringBuilder evaluations = new StringBuilder();
    for (LossDefinition d : LossCatalog.all()) {
      evaluations
          .append("  r_")
          .append(d.name())
          .append(" { loss = ")
          .append(d.name())
          .append(", columns = [")
          .append(String.join(", ", d.arguments()))
          .append("] }\n");
    }
    Path conf = write("inputs { t { table = t } }\nevaluations {\n" + evaluations + "}\n");
    JobConfig c = ConfigReader.read(conf, List.of());
    assertEquals(LossCatalog.all().size(), c.evaluations().size());
  }

  @Test
  void sqlModeNeedsNoEvaluations() throws IOException {
    Path sql = write("SELECT 1; SELECT 2");
    Path conf = write("inputs { t { sample-rows = 10 } }\nsql-file = \"" + sql + "\"\n");
    JobConfig c = ConfigReader.read(conf, List.of());
    assertTrue(c.sqlMode());
    assertEquals(List.of("SELECT 1", "SELECT 2"), c.sql());
    assertEquals(InputKind.SAMPLE, c.inputs().get("t").kind());
    assertEquals(10, c.inputs().get("t").sampleRows());
  }

  static Stream<Arguments> configurationErrors() {
    String losses =
        LossCatalog.all().stream().map(LossDefinition::name).collect(Collectors.joining(", "));
    return Stream.of(
        error(
            "unknown top-level key",
            List.of("outptu.path=x"),
            "unknown key 'outptu'",
            "allowed: inputs, from, query, slices, evaluations"),
        error(
            "unknown nested key",
            List.of("evaluations.val_ce.colums=[a, b]"),
            "unknown key 'evaluations.val_ce.colums' (command line",
            "allowed in evaluations.val_ce: loss, columns, reduction, options"),
        error(
            "unknown loss function",
            List.of("evaluations.val_ce.loss=cross_entropyy"),
            "evaluations.val_ce.loss: 'cross_entropyy'",
            "allowed: " + losses + "; did you mean 'cross_entropy'?"),
        error(
            "unknown loss option",
            List.of("evaluations.val_ce.options.smoothing=0.1"),
            "evaluations.val_ce.options: cross_entropy: unknown option 'smoothing'",
            "allowed: weight, ignore_index, label_smoothing"),
        error(
            "option of the wrong type",
            List.of("evaluations.val_ce.options.ignore_index=abc"),
            "evaluations.val_ce.options.ignore_index: expected a whole number, got string"),
        error(
            "fractional integer option",
            List.of("evaluations.val_ce.options.ignore_index=1.5"),
            "cross_entropy: option 'ignore_index' must be a whole number, got 1.5"),
        error(
            "unknown reduction",
            List.of("evaluations.val_ce.reduction=avg"),
            "evaluations.val_ce.reduction: cross_entropy: reduction 'avg' is not supported",
            "allowed: 'mean', 'sum', 'batchmean'"),
        error(
            "threshold on an unknown result",
            List.of("thresholds=[{result = val_cee, max = 1}]"),
            "thresholds[0].result: 'val_cee'",
            "allowed: val_mse, val_ce, val_bce, val_kl, val_hinge"),
        error(
            "threshold without a limit",
            List.of("thresholds=[{result = val_ce}]"),
            "thresholds[0]: give max (value <= max), min (value >= min) or both"),
        error(
            "threshold of unknown scope",
            List.of("thresholds=[{result = val_ce, max = 1, scope = slices}]"),
            "thresholds[0].scope: 'slices'",
            "allowed: overall, every-slice"),
        error(
            "overall threshold without the overall slice",
            List.of("slices=[[model_version]]"),
            "thresholds[0].scope: the threshold applies to the overall row, but slices has no "
                + "overall entry []"),
        error(
            "wrong number of columns",
            List.of("evaluations.val_ce.columns=[logits]"),
            "evaluations.val_ce.columns: cross_entropy takes 2 columns (input, target), got 1"),
        error(
            "unknown argument name",
            List.of("evaluations.val_mse.columns.prediction=x"),
            "unknown key 'evaluations.val_mse.columns.prediction'",
            "allowed in evaluations.val_mse.columns: input, target"),
        error(
            "missing columns",
            List.of("evaluations.new_kl.loss=kl_div"),
            "evaluations.new_kl.columns: missing; kl_div takes the columns input, target"),
        error(
            "unknown input format",
            List.of("inputs.predictions.format=avro"),
            "inputs.predictions.format: 'avro'",
            "allowed: parquet, orc, csv, json"),
        error(
            "two sources for one input",
            List.of("inputs.predictions.table=db.t"),
            "inputs.predictions: give exactly one of path, table, sample-rows (got path, table)"),
        error(
            "format of a table input",
            List.of("inputs.more={table = t, format = csv}"),
            "inputs.more.format: only allowed for path inputs"),
        error(
            "bad input name",
            List.of("inputs.my-data.table=t"),
            "inputs.my-data: 'my-data' is not allowed as an input name"),
        error(
            "from an unknown input",
            List.of("from=preds"),
            "from: unknown input 'preds' (command line); allowed: predictions"),
        error(
            "from and query",
            List.of("query=SELECT 1"),
            "from and query: give one of them, not both"),
        error(
            "unknown output format",
            List.of("output.format=xlsx"),
            "output.format: 'xlsx'",
            "allowed: parquet, json, csv"),
        error("output without a path", List.of("output.path=null"), "output.path: missing"),
        error("empty output path", List.of("output.path="), "output.path: empty (command line"),
        error(
            "empty output path in quotes",
            List.of("output.path=\"\""),
            "output.path: empty (command line"),
        error("empty SQL output path", List.of("sql-output.path="), "sql-output.path: empty"),
        error(
            "empty input path",
            List.of("inputs.predictions.path= "),
            "inputs.predictions.path: empty"),
        error("empty id column", List.of("id-column="), "id-column: empty"),
        error(
            "query of two statements",
            List.of("from=null", "query=SELECT * FROM predictions; DROP VIEW predictions"),
            "query: holds 2 statements (command line); give one query"),
        error(
            "slice column named like the rows column",
            List.of("slices=[[], [rows]]"),
            "slices[1]: column 'rows' would clash with the rows column of the results; rename "
                + "it in a query"),
        error(
            "slice column named like the slice column",
            List.of("slices=[[], [SLICE]]"),
            "slices[1]: column 'SLICE' would clash with the slice column"),
        error(
            "result name that clashes",
            List.of("evaluations.rows={loss = mse_loss, " + "columns = [prediction, label]}"),
            "evaluations.rows: output column 'rows' clashes with the rows column"),
        error(
            "result name that is no identifier",
            List.of("evaluations.val-x={loss = mse_loss, " + "columns = [prediction, label]}"),
            "evaluations.val-x: 'val-x' is not allowed as a result name"),
        error(
            "slice that is not a column list",
            List.of("slices=[[], {a = 1}]"),
            "slices[1]: expected [] (overall), a column name or a list of column names"),
        error(
            "slice listed twice",
            List.of("slices=[[], [a, b], [b, a]]"),
            "slices[2]: slice [b, a] is listed twice"),
        error(
            "report without an output or a path",
            List.of("output=null"),
            "report: the page goes into the output directory unless report.path says where",
            "give report.path or an output"),
        error(
            "report with too few chart values",
            List.of("report.max-chart-values=0"),
            "report.max-chart-values: 0"),
        error("unknown report key", List.of("report.colour=red"), "unknown key 'report.colour'"),
        error(
            "console rows below one",
            List.of("console.max-rows=0"),
            "console.max-rows: 0 (command line) is too small; it must be at least 1"),
        error(
            "boolean of the wrong type",
            List.of("output.overwrite=maybe"),
            "output.overwrite: expected true or false"),
        error(
            "missing SQL file",
            List.of("--sql", "no/such.sql"),
            "sql-file: cannot read 'no/such.sql'"),
        error(
            "override that is not key=value",
            List.of("=x"),
            "command-line override '=x' is not key=value"),
        error("unknown command-line option", List.of("--verbose"), "unknown option '--verbose'"),
        error(
            "unknown evaluation key beside the interval's",
            List.of("evaluations.val_mse.confidense=0.9"),
            "unknown key 'evaluations.val_mse.confidense'",
            "allowed in evaluations.val_mse: loss, columns, reduction, options, confidence, "
                + "buckets"),
        error(
            "confidence out of range",
            List.of("evaluations.val_mse.confidence=1.5"),
            "evaluations.val_mse.confidence: mse_loss_ci: option 'confidence' = 1.5 is not "
                + "allowed"),
        error(
            "confidence of the wrong type",
            List.of("evaluations.val_mse.confidence=high"),
            "evaluations.val_mse.confidence: expected a number, got string"),
        error(
            "too few buckets",
            List.of("evaluations.val_mse.buckets=1"),
            "evaluations.val_mse.buckets: mse_loss_ci: option 'buckets' = 1 is not allowed"),
        error(
            "fractional buckets",
            List.of("evaluations.val_mse.buckets=2.5"),
            "mse_loss_ci: option 'buckets' must be a whole number, got 2.5"),
        error(
            "bound of a result without an interval",
            List.of("thresholds=[{result = val_mse, max = 1, bound = upper}]"),
            "thresholds[0].bound: upper needs an interval, but evaluations.val_mse has none "
                + "(command line",
            "set evaluations.val_mse.confidence"),
        error(
            "unknown bound",
            List.of("thresholds=[{result = val_mse, max = 1, bound = top}]"),
            "thresholds[0].bound: 'top'",
            "allowed: value, lower, upper"),
        error(
            "unknown comparison key",
            List.of(
                NEW_MSE,
                "comparisons.mse_change={candidate = new_mse, baseline = val_mse, level = 0.9}"),
            "unknown key 'comparisons.mse_change.level'",
            "allowed in comparisons.mse_change: candidate, baseline, confidence, buckets"),
        error(
            "comparison of a missing evaluation",
            List.of("comparisons.mse_change={candidate = new_mse, baseline = val_mse}"),
            "comparisons.mse_change.candidate: 'new_mse'",
            "allowed: val_mse, val_ce, val_bce, val_kl, val_hinge"),
        error(
            "comparison without a baseline",
            List.of(NEW_MSE, "comparisons.mse_change={candidate = new_mse}"),
            "comparisons.mse_change.baseline: missing; allowed: val_mse, val_ce, val_bce, val_kl, val_hinge, new_mse"),
        error(
            "comparison named like an evaluation",
            List.of(NEW_MSE, "comparisons.val_mse={candidate = new_mse, baseline = val_mse}"),
            "comparisons.val_mse: 'val_mse' is also an evaluation's name"),
        error(
            "comparison whose output column clashes",
            List.of(
                NEW_MSE, "comparisons.val_mse_rows={candidate = new_mse, " + "baseline = val_mse}"),
            "comparisons.val_mse_rows: output column 'val_mse_rows' clashes with "
                + "evaluations.val_mse; rename the result"),
        error(
            "comparison of two losses",
            List.of("comparisons.c={candidate = val_mse, baseline = val_bce}"),
            "comparisons.c: evaluations.val_mse.loss is mse_loss but evaluations.val_bce.loss is "
                + "binary_cross_entropy; a comparison needs two evaluations of the same loss "
                + "with the same reduction and options"),
        error(
            "comparison of two reductions",
            List.of(
                NEW_MSE,
                "evaluations.new_mse.reduction=sum",
                "comparisons.c={candidate = new_mse, baseline = val_mse}"),
            "comparisons.c: evaluations.new_mse.reduction is sum but evaluations.val_mse."
                + "reduction is mean"),
        error(
            "comparison of two option sets",
            List.of(
                "evaluations.new_ce={loss = cross_entropy, columns = [logits, target_class]}",
                "comparisons.c={candidate = new_ce, baseline = val_ce}"),
            "comparisons.c: evaluations.new_ce.options is {weight=null, ignore_index=-100, "
                + "label_smoothing=0.0} but evaluations.val_ce.options is {weight=null, "
                + "ignore_index=-100, label_smoothing=0.05}"),
        error(
            "comparison of an evaluation with itself",
            List.of("comparisons.c={candidate = val_mse, baseline = val_mse}"),
            "comparisons.c: candidate and baseline are both 'val_mse'"),
        error(
            "comparison's confidence out of range",
            List.of(
                NEW_MSE,
                "comparisons.c={candidate = new_mse, baseline = val_mse, " + "confidence = 0}"),
            "comparisons.c.confidence: mse_loss_ci: option 'confidence' = 0"));
  }

  /** A second mse_loss evaluation, a candidate to compare with val_mse. */
  private static final String NEW_MSE =
      "evaluations.new_mse={loss = mse_loss, columns = [prediction, label]}";

  @Test
  void aKeyAsksForAnIntervalAndOverridesTheIdColumn() {
    JobConfig c =
        read(
            "evaluations.val_mse.key=user_id",
            "id-column=null",
            NEW_MSE,
            "evaluations.new_mse.confidence=0.9",
            "comparisons.mse_change={candidate = new_mse, baseline = val_mse, key = session}");
    Evaluation mse =
        c.evaluations().stream().filter(e -> e.name().equals("val_mse")).findFirst().orElseThrow();
    assertEquals(IntervalOptions.DEFAULT, mse.interval(), "a key alone asks for an interval");
    assertEquals("user_id", mse.key());
    assertNull(c.evaluations().get(5).key(), "no id-column: bucketed by row values");
    assertEquals("session", c.comparisons().get(0).key());
  }

  @Test
  void intervalsComparisonsAndBounds() {
    JobConfig c =
        read(
            "evaluations.val_mse.confidence=0.9",
            NEW_MSE,
            "evaluations.new_mse.buckets=50",
            "comparisons.mse_change={candidate = new_mse, baseline = val_mse, buckets = 30}",
            "thresholds=[{result = val_mse, max = 0.5, bound = upper}, "
                + "{result = mse_change, max = 0.01, bound = UPPER, scope = every-slice}, "
                + "{result = mse_change, min = -1, bound = lower}, {result = val_ce, max = 1}]");
    Evaluation mse =
        c.evaluations().stream().filter(e -> e.name().equals("val_mse")).findFirst().orElseThrow();
    assertEquals(new IntervalOptions(0.9, 20), mse.interval(), "buckets at its default");
    Evaluation newMse = c.evaluations().get(5);
    assertEquals("new_mse", newMse.name());
    assertEquals(new IntervalOptions(0.95, 50), newMse.interval(), "confidence at its default");
    assertNull(c.evaluations().get(2).interval(), "val_bce asks for none");
    assertEquals(
        List.of(
            new Comparison(
                "mse_change", "new_mse", "val_mse", new IntervalOptions(0.95, 30), "id")),
        c.comparisons(),
        "its own interval options; the id-column as its key");
    assertEquals("id", mse.key(), "the example's id-column is the key by default");
    assertNull(c.evaluations().get(1).key(), "no interval, no key");
    assertEquals(
        List.of("val_mse", "val_ce", "val_bce", "val_kl", "val_hinge", "new_mse", "mse_change"),
        c.results());
    assertEquals(
        List.of(Bound.UPPER, Bound.UPPER, Bound.LOWER, Bound.VALUE),
        c.thresholds().stream().map(Threshold::bound).toList());
    assertEquals("mse_change.upper <= 0.01 in every slice", c.thresholds().get(1).describe());
    assertEquals(List.of(), read().comparisons());
  }

  private static Arguments error(String what, List<String> overrides, String... expected) {
    return Arguments.of(what, overrides, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationErrors")
  void configurationErrorsStopBeforeSpark(
      String what, List<String> overrides, List<String> expected) {
    List<String> args = new ArrayList<>(List.of(EXAMPLE.toString()));
    args.addAll(overrides);
    JobRun run = JobRun.withoutSpark(args);
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    for (String e : expected) {
      assertTrue(run.err().contains(e), "expected '" + e + "' in\n" + run.err());
    }
  }

  @Test
  void aSyntaxErrorSaysWhereWithoutTheHintToRenameTheFile() throws IOException {
    Path conf =
        write(
            "inputs { t { table = t } }\nevaluations { e { loss = mse_loss, "
                + "columns = [a b }\n");
    JobRun run = JobRun.withoutSpark(List.of(conf.toString()));
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "losseval: configuration or input error: invalid " + "configuration: " + conf),
        run.err());
    assertFalse(run.err().contains(".properties"), run.err());
  }

  @Test
  void aMissingInputPathIsReportedBeforeSparkStarts() {
    String missing = dir.resolve("no-such-dir/predictions.parquet").toString();
    JobRun run =
        JobRun.withoutSpark(List.of(EXAMPLE.toString(), "inputs.predictions.path=" + missing));
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err().contains("inputs.predictions.path: input path does not exist: " + missing),
        run.err());
  }

  @Test
  void errorsInTheFileNameItsLine() throws IOException {
    Path conf =
        write(
            "inputs { t { table = t } }\n"
                + "evaluations {\n"
                + "  e { loss = mse_loss, columns = [a, b], reductoin = sum }\n"
                + "}\n");
    JobRun run = JobRun.withoutSpark(List.of(conf.toString()));
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().contains("unknown key 'evaluations.e.reductoin' (" + conf + ": 3)"), run.err());
  }

  @Test
  void anOptionOfTheWrongKindNamesItsOwnLine() throws IOException {
    Path conf = write(evaluationWithOption("ignore_index = 1.5"));
    JobRun run = JobRun.withoutSpark(List.of(conf.toString()));
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "evaluations.e.options.ignore_index: cross_entropy: option "
                    + "'ignore_index' must be a whole number, got 1.5 ("
                    + conf
                    + ": 7)"),
        run.err());
  }

  /**
   * Issue 9: {@code label_smoothing = 2} fails before Spark starts, at the option's line, with the
   * range the core's catalog declares.
   */
  @Test
  void anOptionOutOfRangeNamesItsFileAndLineBeforeSparkStarts() throws IOException {
    Path conf = write(evaluationWithOption("label_smoothing = 2"));
    JobRun run = JobRun.withoutSpark(List.of(conf.toString()));
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "evaluations.e.options.label_smoothing: cross_entropy: option "
                    + "'label_smoothing' = 2.0 is not allowed; it must be between 0.0 and 1.0"),
        run.err());
    assertTrue(run.err().contains("(" + conf + ": 7)"), run.err());
  }

  private String evaluationWithOption(String option) throws IOException {
    return "inputs { t { table = t } }\n"
        + "evaluations {\n"
        + "  e {\n"
        + "    loss = cross_entropy\n"
        + "    columns = [a, b]\n"
        + "    options {\n"
        + "      "
        + option
        + "\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  @Test
  void sqlModeKeysAndFlags() throws IOException {
    Path sql = write("SELECT 1");
    JobConfig c =
        read(
            "--sql",
            sql.toString(),
            "--allow-writes",
            "--debug",
            "sql-output={path = target/x, format = csv, overwrite = true}",
            "id-column=id");
    assertTrue(c.sqlAllowWrites());
    assertEquals(new JobConfig.OutputSpec("sql-output", "target/x", "csv", true), c.sqlOutput());
    assertEquals("target/losseval-results/example", c.output().path(), "output stays as it is");
    assertEquals("id", c.idColumn());
    assertFalse(read().sqlAllowWrites());
  }

  @Test
  void syntaxErrorsMissingFilesAndMissingSections() throws IOException {
    JobRun syntax = JobRun.withoutSpark(List.of(write("inputs { t { table = t }\n").toString()));
    assertEquals(2, syntax.code());
    assertTrue(syntax.err().contains("invalid configuration"), syntax.err());

    JobRun missing = JobRun.withoutSpark(List.of("no/such.conf"));
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("configuration file not found: no/such.conf"));

    JobRun noInputs = JobRun.withoutSpark(List.of(write("evaluations {}\n").toString()));
    assertEquals(2, noInputs.code());
    assertTrue(noInputs.err().contains("inputs: missing"), noInputs.err());

    JobRun noEvaluations =
        JobRun.withoutSpark(List.of(write("inputs { t { table = t } }\n").toString()));
    assertEquals(2, noEvaluations.code());
    assertTrue(noEvaluations.err().contains("evaluations: missing"), noEvaluations.err());

    JobRun twoInputs =
        JobRun.withoutSpark(
            List.of(
                write(
                        "inputs { a { table = a }, "
                            + "b { table = b } }\nevaluations { e { loss = mse_loss, columns = [x, y] } }\n")
                    .toString()));
    assertEquals(2, twoInputs.code());
    assertTrue(twoInputs.err().contains("from: several inputs (a, b)"), twoInputs.err());
  }

  @Test
  void helpAndExitCodes() {
    JobRun help = JobRun.withoutSpark(List.of("--help"));
    assertEquals(0, help.code());
    assertTrue(help.out().contains("usage: EvaluateJob CONFIG.conf"));
    assertEquals(List.of(0, 1, 2, 3, 4), Stream.of(ExitCode.values()).map(ExitCode::code).toList());
  }

  @Test
  void resultsKeepTheOrderTheFileDeclaresOverridesAfter() throws IOException {
    Path conf =
        write(
            String.join(
                "\n",
                "inputs { p { path = p.parquet } }",
                "evaluations {",
                "  zz { loss = mse_loss, columns = [a, b] }",
                "  mm { loss = mse_loss, columns = [a, c] }, kk { loss = mse_loss, columns = [b, c] }",
                "  aa { loss = mse_loss, columns = [c, a] }",
                "}",
                "comparisons {",
                "  z_change { candidate = zz, baseline = aa }",
                "  a_change { candidate = aa, baseline = zz }",
                "}"));
    JobConfig c =
        ConfigReader.read(
            conf,
            List.of(
                "evaluations.zz.reduction=sum", // an override of a declared result keeps its place
                "evaluations.aa.reduction=sum",
                "evaluations.qq.loss=mse_loss",
                "evaluations.qq.columns=[a, d]",
                "evaluations.bb = { loss = mse_loss, columns = [b, d] }",
                "evaluations.mm = null", // unset and set again: the command line's now
                "evaluations.mm = { loss = mse_loss, columns = [a, c] }",
                "comparisons.b_change.candidate=aa",
                "comparisons.b_change.baseline=zz"));
    assertEquals(
        List.of("zz", "kk", "aa", "qq", "bb", "mm"),
        c.evaluations().stream().map(Evaluation::name).toList(),
        "by line, one line's keys by name, then the overrides' in their order");
    assertEquals(
        List.of("z_change", "a_change", "b_change"),
        c.comparisons().stream().map(Comparison::name).toList());
    assertEquals(
        List.of("zz", "kk", "aa", "qq", "bb", "mm", "z_change", "a_change", "b_change"),
        c.results());
  }

  private Path write(String text) throws IOException {
    Path p = Files.createTempFile(dir, "job", ".conf");
    Files.writeString(p, text);
    return p;
  }
}
