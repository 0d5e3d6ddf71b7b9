package io.losseval.job;

import static io.losseval.job.ConfigReader.ROWS_COLUMN;
import static io.losseval.job.ConfigReader.SKIPPED_SUFFIX;
import static io.losseval.job.ConfigReader.SLICE_COLUMN;

import io.losseval.core.loss.LossCatalog;
import io.losseval.core.LossDefinition;
import io.losseval.job.JobConfig.Evaluation;
import io.losseval.job.JobConfig.OutputSpec;
import io.losseval.job.JobConfig.Threshold;
import io.losseval.spark.LossFunctions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch evaluation job: losses of model outputs, overall and per slice, in one pass, written
 * atomically, with thresholds that gate a deployment. Runs under {@code spark-submit} (master and
 * resources from there) or, started without a master, on an embedded {@code local[*]} Spark.
 * See jobs/README.md for the configuration, the launcher and the exit codes ({@link ExitCode}).
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  static final String USAGE = String.join("\n",
      "usage: EvaluateJob CONFIG.conf [key=value ...] [--sql FILE.sql]",
      "       EvaluateJob --generate-sample ROWS PATH",
      "",
      "  CONFIG.conf        the job's HOCON configuration (see conf/example.conf)",
      "  key=value          overrides any configuration key, e.g. output.overwrite=true",
      "                     or slices=[[],[model_version]]",
      "  --sql FILE.sql     SQL mode: run the file's statements against the configured inputs",
      "                     (same as sql-file=FILE.sql)",
      "  --generate-sample ROWS PATH",
      "                     write ROWS deterministic sample model outputs to PATH (Parquet)",
      "",
      "exit codes: 0 ok, 1 unexpected failure, 2 configuration or input error,",
      "            3 threshold violated (results written), 4 invalid data in a row");

  private final Function<String, SparkSession> sessions;
  private final PrintStream out;

  private EvaluateJob(Function<String, SparkSession> sessions, PrintStream out) {
    this.sessions = sessions;
    this.out = out;
  }

  /** Runs the job and exits with its {@link ExitCode}. */
  public static void main(String[] args) {
    SparkSession[] started = new SparkSession[1];
    int code;
    try {
      code = run(args, name -> started[0] = newSession(name), System.out, System.err);
    } finally {
      if (started[0] != null) {
        started[0].stop();
      }
    }
    System.exit(code);
  }

  /**
   * Runs the job and returns its exit code; never exits the JVM. {@code sessions} gives the Spark
   * session for an application name; it is called only after the configuration was checked, and
   * the job does not stop the session.
   */
  public static int run(String[] args, Function<String, SparkSession> sessions, PrintStream out,
      PrintStream err) {
    try {
      return new EvaluateJob(sessions, out).execute(args).code();
    } catch (Throwable t) { // every failure becomes an exit code and one message
      ExitCode code = Failures.codeOf(t);
      String kind = code == ExitCode.DATA ? "invalid data" : code == ExitCode.CONFIG
          ? "configuration or input error" : "failed";
      err.println("losseval: " + kind + ": " + Failures.messageOf(t));
      if (code == ExitCode.FAILURE) {
        t.printStackTrace(err);
      }
      err.println("losseval: exit code " + code.code() + " (" + code + ")");
      return code.code();
    }
  }

  /** A session from spark-submit's settings, or an embedded local one when none gives a master. */
  static SparkSession newSession(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!new SparkConf().contains("spark.master")) {
      builder = builder.master("local[*]");
    }
    return builder.getOrCreate();
  }

  private ExitCode execute(String[] args) {
    Cli cli = Cli.parse(args);
    if (cli.help) {
      out.println(USAGE);
      return ExitCode.OK;
    }
    if (cli.sampleRows >= 0) {
      return generateSample(cli.sampleRows, cli.samplePath);
    }
    JobConfig config = ConfigReader.read(cli.config, cli.overrides);
    SparkSession spark = sessions.apply("losseval " + cli.config.getFileName());
    registerFunctions(spark);
    AtomicOutput output = config.output() == null ? null
        : AtomicOutput.prepare(spark, config.output());
    long start = System.nanoTime();
    Inputs.register(spark, config.inputs().values());
    return config.sqlMode() ? runSql(spark, config, output, start)
        : evaluate(spark, config, output, start);
  }

  private ExitCode generateSample(long rows, String path) {
    SparkSession spark = sessions.apply("losseval sample data");
    AtomicOutput output = AtomicOutput.prepare(spark, new OutputSpec(path, "parquet", false));
    output.write(SampleData.frame(spark, rows, 0));
    out.println("losseval: wrote " + rows + " sample rows to " + output.target());
    return ExitCode.OK;
  }

  /**
   * Registers the loss functions unless the session already has them (from
   * {@code spark.sql.extensions=io.losseval.spark.LossExtensions} or the jar's service provider).
   */
  private static void registerFunctions(SparkSession spark) {
    boolean present = true;
    for (LossDefinition d : LossCatalog.all()) {
      present &= spark.catalog().functionExists(d.name());
    }
    if (present) {
      LOG.info("loss functions: already registered in the session (spark.sql.extensions or the"
          + " jar's service provider)");
    } else {
      LossFunctions.register(spark);
      LOG.info("loss functions: registered by the job");
    }
  }

  private ExitCode evaluate(SparkSession spark, JobConfig config, AtomicOutput output,
      long start) {
    Dataset<Row> input;
    try {
      input = config.query() != null ? spark.sql(config.query()) : spark.table(config.from());
    } catch (Exception e) { // Scala's AnalysisException is a checked exception in Java
      throw Failures.asConfig(e, config.query() != null ? "query" : "from");
    }
    EvaluationQuery.check(input, config);
    Dataset<Row> result = EvaluationQuery.ordered(
        EvaluationQuery.build(input, EvaluationQuery.inputName(config), config.evaluations(), config.slices()), config.slices());
    Delivered delivered = deliver(result, output, -1);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Row> rows = delivered.rows;

    out.print(evaluationTable(rows, config).render());
    if (rows.size() > config.consoleMaxRows()) {
      out.println("... " + (rows.size() - config.consoleMaxRows()) + " more result rows"
          + (output == null ? "" : " in " + output.target()));
    }
    if (output != null) {
      out.println("results: " + output.target() + " (" + config.output().format() + ")");
    }
    boolean held = checkThresholds(rows, config);
    // Every slice partitions all rows, so the rows of the first slice add up to the input.
    String firstSlice = EvaluationQuery.sliceName(config.slices().get(0));
    long inputRows = 0;
    for (Row r : rows) {
      if (firstSlice.equals(r.getAs(SLICE_COLUMN))) {
        inputRows += r.<Long>getAs(ROWS_COLUMN);
      }
    }
    out.println(String.format(Locale.ROOT,
        "losseval: %,d rows, %d evaluations, %d slices, %d result rows in %.1f s (%,.0f rows/s)",
        inputRows, config.evaluations().size(), config.slices().size(), rows.size(), seconds,
        inputRows / Math.max(seconds, 1e-9)));
    return held ? ExitCode.OK : ExitCode.THRESHOLD;
  }

  private ExitCode runSql(SparkSession spark, JobConfig config, AtomicOutput output,
      long start) {
    List<String> statements = config.sql();
    Dataset<Row> result = null;
    for (int i = 0; i < statements.size(); i++) {
      try {
        result = spark.sql(statements.get(i));
      } catch (Exception e) { // AnalysisException and parse errors, checked in Java
        throw Failures.asConfig(e, config.sqlFile() + ", statement " + (i + 1));
      }
    }
    Delivered delivered = deliver(result, output, config.consoleMaxRows());
    double seconds = (System.nanoTime() - start) / 1e9;
    out.print(ResultTable.of(delivered.rows, result.columns()).render());
    if (delivered.count > delivered.rows.size()) {
      out.println("... " + (delivered.count - delivered.rows.size()) + " more rows"
          + (output == null ? "" : " in " + output.target()));
    }
    if (output != null) {
      out.println("results: " + output.target() + " (" + config.output().format() + ")");
    }
    out.println(String.format(Locale.ROOT, "losseval: SQL %s, %d statements, %,d result rows "
        + "in %.1f s", config.sqlFile(), statements.size(), delivered.count, seconds));
    return ExitCode.OK;
  }

  /** Result rows shown on the console, and how many there are in all. */
  private record Delivered(List<Row> rows, long count) {}

  /**
   * Runs the query once: it is cached, written (if there is an output), and read back from the
   * cache for the console, all rows ({@code limit < 0}) or the first {@code limit}.
   */
  private static Delivered deliver(Dataset<Row> result, AtomicOutput output, int limit) {
    Dataset<Row> cached = result.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (output != null) {
        output.write(cached);
      }
      if (limit < 0) {
        List<Row> rows = cached.collectAsList();
        return new Delivered(rows, rows.size());
      }
      return new Delivered(cached.takeAsList(limit), cached.count());
    } finally {
      cached.unpersist(false);
    }
  }

  /**
   * The console's view of the results: slice columns ("*" where a row's slice does not group by
   * them), rows, each loss, and the skipped rows of evaluations that skipped any.
   */
  private static ResultTable evaluationTable(List<Row> rows, JobConfig config) {
    List<String> keys = EvaluationQuery.keys(config.slices());
    List<Row> shown = rows.subList(0, Math.min(rows.size(), config.consoleMaxRows()));
    ResultTable table = new ResultTable();
    keys.forEach(k -> table.column(k, false));
    table.column(ROWS_COLUMN, true);
    List<String> values = new ArrayList<>();
    for (Evaluation e : config.evaluations()) {
      values.add(e.name());
      if (rows.stream().anyMatch(r -> r.<Long>getAs(e.name() + SKIPPED_SUFFIX) > 0)) {
        values.add(e.name() + SKIPPED_SUFFIX);
      }
    }
    values.forEach(v -> table.column(v, true));
    for (Row r : shown) {
      Set<String> grouped = grouped(r);
      List<String> cells = new ArrayList<>();
      keys.forEach(k -> cells.add(grouped.contains(k) ? ResultTable.format(r.getAs(k)) : "*"));
      cells.add(ResultTable.format(r.getAs(ROWS_COLUMN)));
      values.forEach(v -> cells.add(ResultTable.format(r.getAs(v))));
      table.row(cells);
    }
    return table;
  }

  private static Set<String> grouped(Row r) {
    String slice = r.getAs(SLICE_COLUMN);
    return slice.equals(EvaluationQuery.OVERALL_NAME) ? Set.of()
        : new HashSet<>(Arrays.asList(slice.split(",")));
  }

  /** Prints each violation with its slice; true when every threshold held. */
  private boolean checkThresholds(List<Row> rows, JobConfig config) {
    if (config.thresholds().isEmpty()) {
      return true;
    }
    int violated = 0;
    for (Threshold t : config.thresholds()) {
      for (Row r : rows) {
        if (!t.everySlice() && !grouped(r).isEmpty()) {
          continue;
        }
        Double value = r.getAs(t.result());
        if (!t.holds(value)) {
          violated++;
          out.println("THRESHOLD VIOLATED: " + t.describe() + ": " + t.result() + " = " + value
              + " in slice " + describeSlice(r));
        }
      }
    }
    out.println("thresholds: " + config.thresholds().size() + " checked, " + (violated == 0
        ? "all held" : violated + " violation" + (violated == 1 ? "" : "s")));
    return violated == 0;
  }

  private static String describeSlice(Row r) {
    Set<String> grouped = grouped(r);
    if (grouped.isEmpty()) {
      return EvaluationQuery.OVERALL_NAME;
    }
    List<String> parts = new ArrayList<>();
    for (String k : ((String) r.getAs(SLICE_COLUMN)).split(",")) {
      parts.add(k + "=" + ResultTable.format(r.getAs(k)));
    }
    return String.join(", ", parts);
  }

  /** The command line: a configuration file, overrides, and the other modes' options. */
  private static final class Cli {
    Path config;
    final List<String> overrides = new ArrayList<>();
    boolean help;
    long sampleRows = -1;
    String samplePath;

    static Cli parse(String[] args) {
      Cli cli = new Cli();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          cli.help = true;
        } else if (a.equals("--sql")) {
          cli.overrides.add("sql-file=" + value(args, ++i, a));
        } else if (a.equals("--generate-sample")) {
          String rows = value(args, ++i, a);
          cli.samplePath = value(args, ++i, a);
          try {
            cli.sampleRows = Long.parseLong(rows);
          } catch (NumberFormatException e) {
            throw JobException.config("--generate-sample: ROWS must be a whole number, got '"
                + rows + "'\n" + USAGE);
          }
        } else if (a.startsWith("-")) {
          throw JobException.config("unknown option '" + a + "'\n" + USAGE);
        } else if (a.contains("=") && !Files.isRegularFile(Path.of(a))) {
          cli.overrides.add(a);
        } else if (cli.config == null) {
          cli.config = Path.of(a);
        } else {
          throw JobException.config("unexpected argument '" + a + "' (the configuration is "
              + cli.config + "; overrides are key=value)\n" + USAGE);
        }
      }
      if (cli.config == null && !cli.help && cli.sampleRows < 0) {
        throw JobException.config("no configuration file given\n" + USAGE);
      }
      return cli;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw JobException.config(option + " needs a value\n" + USAGE);
      }
      return args[i];
    }
  }
}
