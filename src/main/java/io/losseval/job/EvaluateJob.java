package io.losseval.job;

import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.job.InputOverlap.Location;
import io.losseval.job.JobConfig.OutputSpec;
import io.losseval.job.JobConfig.ReportSpec;
import io.losseval.job.SqlStatements.Kind;
import io.losseval.job.SqlStatements.Statement;
import io.losseval.job.stream.StreamJob;
import io.losseval.spark.LossFunctions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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
 * resources from there) or, started without a master, on an embedded {@code local[*]} Spark. This
 * class runs the steps in order; each step lives in its own class (command line, configuration,
 * inputs, query, output, thresholds, console). See docs/job.md for the configuration, the launcher
 * and the exit codes ({@link ExitCode}).
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
  private static final String EVALUATION = "evaluation";
  private static final String SQL = "sql";

  private final Function<String, SparkSession> sessions;
  private final PrintStream out;
  private final ConsoleReport report;

  private EvaluateJob(Function<String, SparkSession> sessions, PrintStream out) {
    this.sessions = sessions;
    this.out = out;
    this.report = new ConsoleReport(out);
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
   * session for an application name; it is called only after the configuration was checked, and the
   * job does not stop the session. A failure is one message on {@code err}, with its stack trace
   * only when unexpected or asked for ({@code --debug}).
   */
  public static int run(
      String[] args, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    boolean debug = CommandLine.debugRequested(args);
    try (QuietTaskFailures quiet = debug ? null : QuietTaskFailures.install()) {
      return new EvaluateJob(sessions, out).execute(args).code();
    } catch (Throwable t) { // every failure becomes an exit code and one message
      ExitCode code = Failures.codeOf(t);
      String kind =
          code == ExitCode.DATA
              ? "invalid data"
              : code == ExitCode.CONFIG ? "configuration or input error" : "failed";
      err.println("losseval: " + kind + ": " + Failures.messageOf(t));
      if (code == ExitCode.FAILURE || debug) {
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
    CommandLine cli = CommandLine.parse(args);
    if (cli.help()) {
      out.println(CommandLine.USAGE);
      return ExitCode.OK;
    }
    if (cli.sampleRows() >= 0) {
      return generateSample(cli.sampleRows(), cli.samplePath());
    }
    StrictConfig root = StrictConfig.load(cli.config(), cli.overrides());
    if (root.has(ConfigReader.STREAM)) {
      return StreamJob.run(
          root,
          cli.config().toString(),
          name -> {
            SparkSession spark = sessions.apply(name);
            registerFunctions(spark);
            return spark;
          },
          out);
    }
    JobConfig config = ConfigReader.build(root, cli.config().toString());
    Inputs.requireLocalPaths(config.inputs().values());
    SparkSession spark = sessions.apply("losseval " + cli.config().getFileName());
    registerFunctions(spark);
    return config.sqlMode() ? runSql(spark, config) : evaluate(spark, config, cli);
  }

  private ExitCode generateSample(long rows, String path) {
    SparkSession spark = sessions.apply("losseval sample data");
    AtomicOutput output = AtomicOutput.prepare(spark, new OutputSpec(null, path, "parquet", false));
    Dataset<Row> sample = SampleData.frame(spark, rows, 0);
    output.write(sample, OutputManifest.of("sample", sample.schema()), Map.of());
    out.println("losseval: wrote " + rows + " sample rows to " + output.target());
    return ExitCode.OK;
  }

  /**
   * Registers the loss functions unless the session already has them (from {@code
   * spark.sql.extensions=io.losseval.spark.LossExtensions} or the jar's service provider).
   */
  private static void registerFunctions(SparkSession spark) {
    boolean present = true;
    for (LossDefinition d : LossCatalog.all()) {
      present &= spark.catalog().functionExists(d.name());
    }
    if (present) {
      // Routine either way: only worth a line when looking into how the session was set up.
      LOG.debug(
          "loss functions: already registered in the session (spark.sql.extensions or the"
              + " jar's service provider)");
    } else {
      LossFunctions.register(spark);
      LOG.debug("loss functions: registered by the job");
    }
  }

  private ExitCode evaluate(SparkSession spark, JobConfig config, CommandLine cli) {
    AtomicOutput output =
        config.output() == null ? null : AtomicOutput.prepare(spark, config.output());
    AtomicOutput page =
        config.report() == null || config.report().path() == null
            ? null
            : AtomicOutput.prepare(
                spark, new OutputSpec("report", config.report().path(), "html", true));
    Instant started = Instant.now();
    long start = System.nanoTime();
    Inputs.register(spark, config.inputs().values());
    Dataset<Row> input = evaluatedRows(spark, config);
    EvaluationQuery.check(input, config);
    Dataset<Row> result =
        EvaluationQuery.ordered(
            EvaluationQuery.build(
                input,
                EvaluationQuery.inputName(config),
                config.evaluations(),
                config.comparisons(),
                config.slices()),
            config.slices());
    List<String> replaced =
        checkOutput(
            spark, config, output, page, input, EVALUATION, EvaluationQuery.written(result));
    String reportLocation =
        page != null
            ? page.target()
            : config.report() == null || output == null
                ? null
                : output.target() + "/" + ReportSpec.IN_OUTPUT;
    RunRecord record;
    // Collected first, so that the run record and the report, written with the results, hold
    // the thresholds' outcomes; the table is then written from the cache.
    Dataset<Row> cached = result.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<ResultRow> rows =
          EvaluationQuery.rowsOf(
              collect(cached, input, config),
              config.slices(),
              config.evaluations(),
              config.comparisons());
      // Every slice partitions all rows, so the rows of the first slice add up to the input.
      long inputRows =
          rows.stream().filter(r -> r.slice().index() == 0).mapToLong(ResultRow::rows).sum();
      double evaluated = (System.nanoTime() - start) / 1e9;
      RunSummary summary =
          new RunSummary(
              inputRows,
              config.evaluations().size(),
              config.slices().size(),
              rows.size(),
              evaluated,
              output == null ? null : output.target(),
              output == null ? null : config.output().format(),
              replaced,
              config.thresholds().size(),
              Thresholds.check(rows, config.thresholds()));
      record =
          new RunRecord(
              title(config),
              started,
              evaluated,
              0,
              cli.config().toString(),
              cli.overrides(),
              config,
              summary,
              rows,
              Versions.of(spark),
              output == null ? null : output.target() + "/" + SummaryJson.FILE,
              reportLocation);
      if (output != null) {
        record = write(output, EvaluationQuery.written(cached), record);
      }
    } finally {
      cached.unpersist(false);
    }
    if (page != null) {
      page.writeFile(ReportPage.render(record), ReportPage::isReport);
    }
    RunSummary summary = record.summary().withSeconds((System.nanoTime() - start) / 1e9);
    report.intervalKeys(config);
    report.evaluation(
        record.rows(),
        EvaluationQuery.keys(config.slices()),
        config.results(),
        config.consoleMaxRows(),
        summary,
        record.evaluationSeconds());
    if (reportLocation != null) {
      out.println("report: " + openable(reportLocation));
    }
    return summary.exitCode();
  }

  /** The title of the run's record and report. */
  private static String title(JobConfig config) {
    return config.report() != null
        ? config.report().title()
        : ConfigReader.defaultTitle(config.source());
  }

  /** Every result row; a data error names the rows a second pass finds the losses reject. */
  private static List<Row> collect(Dataset<Row> result, Dataset<Row> input, JobConfig config) {
    try {
      return result.collectAsList();
    } catch (Exception e) { // Spark's task failures are checked exceptions in Java
      if (Failures.codeOf(e) != ExitCode.DATA) {
        throw e; // rethrown as it came: the compiler knows it is unchecked here
      }
      throw new JobException(ExitCode.DATA, Failures.messageOf(e) + rejectedRows(input, config));
    }
  }

  /**
   * Writes the results table with the run record and (without a {@code report.path}) the report
   * beside it, all or nothing; returns the record with the table's write time, which the record and
   * the report hold too.
   */
  private static RunRecord write(AtomicOutput output, Dataset<Row> table, RunRecord record) {
    long writing = System.nanoTime();
    RunRecord[] written = {record};
    output.write(
        table,
        OutputManifest.of(EVALUATION, table.schema()),
        () -> {
          written[0] = record.withWriteSeconds((System.nanoTime() - writing) / 1e9);
          Map<String, String> files = new LinkedHashMap<>();
          files.put(SummaryJson.FILE, SummaryJson.render(written[0]));
          if (record.config().report() != null && record.config().report().path() == null) {
            files.put(ReportSpec.IN_OUTPUT, ReportPage.render(written[0]));
          }
          return files;
        });
    return written[0];
  }

  /** A local file's location as a URL a browser opens ({@code file:///...}); others as given. */
  private static String openable(String location) {
    URI uri = URI.create(location);
    return "file".equals(uri.getScheme())
        ? java.nio.file.Path.of(uri).toUri().toString()
        : location;
  }

  /**
   * The rows to evaluate: the {@code from} input, or the {@code query}, which must be a query and
   * is run as a SELECT's subquery so that nothing else can run.
   */
  private static Dataset<Row> evaluatedRows(SparkSession spark, JobConfig config) {
    if (config.query() == null) {
      return spark.table(config.from());
    }
    Statement query = SqlStatements.parse(spark, config.query(), "query");
    if (query.kind() != Kind.QUERY) {
      throw JobException.config(
          "query: "
              + query.describe()
              + " is not a query; the query "
              + "must only read (SELECT, WITH, VALUES, TABLE or FROM ... SELECT), nothing that "
              + "writes, drops, caches or sets anything");
    }
    try {
      return spark.sql(SqlStatements.asSubquery(config.query()));
    } catch (Exception e) { // Scala's AnalysisException is a checked exception in Java
      throw Failures.asConfig(e, "query");
    }
  }

  /**
   * Before anything is written or deleted: the output and the report page ({@code page}, or null)
   * must not overlap an input or the rows read, the page must lie outside the output, and each may
   * replace only what the job wrote (the output a result of the same kind, the page an earlier
   * page). Returns the replaced result's columns when they differ from the new ones, else null.
   */
  private static List<String> checkOutput(
      SparkSession spark,
      JobConfig config,
      AtomicOutput output,
      AtomicOutput page,
      Dataset<Row> read,
      String kind,
      Dataset<Row> written) {
    if (output == null && page == null) {
      return null;
    }
    List<Location> inputs = Inputs.locations(spark, config.inputs().values(), List.of(read));
    if (page != null) {
      InputOverlap.refuse(page.spec().pathKey(), page.targetPath(), page.realPath(), inputs);
      if (output != null
          && InputOverlap.overlap(
                  page.targetPath(),
                  new Location("the output", InputOverlap.Kind.ROOT, output.targetPath()))
              != null) {
        throw JobException.config(
            page.spec().pathKey()
                + ": '"
                + page.target()
                + "' is in the "
                + "output directory "
                + output.target()
                + "; leave report.path out to write the "
                + "page there as "
                + ReportSpec.IN_OUTPUT
                + ", or choose a path outside it");
      }
      page.checkReplaceableFile(ReportPage::isReport);
    }
    if (output == null) {
      return null;
    }
    InputOverlap.refuse(output.spec().pathKey(), output.targetPath(), output.realPath(), inputs);
    return output.checkReplaceable(OutputManifest.of(kind, written.schema()));
  }

  /** Where a data error came from: the rows a second pass finds the losses reject. */
  private static String rejectedRows(Dataset<Row> input, JobConfig config) {
    List<String> found =
        RejectedRows.find(
            input, config.evaluations(), config.idColumn(), EvaluationQuery.keys(config.slices()));
    if (found.isEmpty()) {
      return "";
    }
    return "\nlosseval: rows a loss rejects (the first "
        + RejectedRows.LIMIT
        + " at most"
        + (config.idColumn() == null ? "; set id-column = COLUMN to see the rows' ids" : "")
        + "):\n  "
        + String.join("\n  ", found);
  }

  private ExitCode runSql(SparkSession spark, JobConfig config) {
    AtomicOutput output =
        config.sqlOutput() == null ? null : AtomicOutput.prepare(spark, config.sqlOutput());
    long start = System.nanoTime();
    Inputs.register(spark, config.inputs().values());
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < config.sql().size(); i++) {
      String where = config.sqlFile() + ", statement " + (i + 1);
      Statement s = SqlStatements.parse(spark, config.sql().get(i), where);
      if (s.kind() == Kind.OTHER && !config.sqlAllowWrites()) {
        throw JobException.config(
            where
                + ": "
                + s.describe()
                + " may write or change the "
                + "session; SQL mode runs only queries and CREATE TEMPORARY VIEW unless you allow "
                + "more with --allow-writes (sql-allow-writes = true). Nothing was run");
      }
      statements.add(s);
    }
    Dataset<Row> result = null;
    for (int i = 0; i < statements.size(); i++) {
      try {
        result = spark.sql(statements.get(i).text());
      } catch (Exception e) { // AnalysisException and parse errors, checked in Java
        throw Failures.asConfig(e, config.sqlFile() + ", statement " + (i + 1));
      }
    }
    List<String> replaced = checkOutput(spark, config, output, null, result, SQL, result);
    Delivered delivered =
        deliver(result, output, SQL, UnaryOperator.identity(), config.consoleMaxRows());
    report.sql(
        delivered.rows(),
        result.columns(),
        delivered.count(),
        output == null ? null : output.target(),
        output == null ? null : config.sqlOutput().format(),
        replaced,
        config.output() == null ? null : config.output().path(),
        config.sqlFile(),
        statements.size(),
        (System.nanoTime() - start) / 1e9);
    return ExitCode.OK;
  }

  /** Result rows shown on the console, and how many there are in all. */
  private record Delivered(List<Row> rows, long count) {}

  /**
   * Runs the query once: it is cached, its {@code written} columns written (if there is an output),
   * and read back from the cache for the console, all rows ({@code limit < 0}) or the first {@code
   * limit}.
   */
  private static Delivered deliver(
      Dataset<Row> result,
      AtomicOutput output,
      String kind,
      UnaryOperator<Dataset<Row>> written,
      int limit) {
    Dataset<Row> cached = result.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (output != null) {
        Dataset<Row> table = written.apply(cached);
        output.write(table, OutputManifest.of(kind, table.schema()), Map.of());
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
}
