package io.losseval.job;

import io.losseval.PublicApi;
import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.job.config.CommandLine;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.OutputSpec;
import io.losseval.job.config.JobConfig.ReportSpec;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.config.StrictConfig;
import io.losseval.job.output.AtomicOutput;
import io.losseval.job.output.OutputGuard;
import io.losseval.job.output.OutputManifest;
import io.losseval.job.output.RunRecord;
import io.losseval.job.output.SummaryJson;
import io.losseval.job.output.Versions;
import io.losseval.job.query.EvaluationQuery;
import io.losseval.job.query.Inputs;
import io.losseval.job.query.SampleData;
import io.losseval.job.query.SqlMode;
import io.losseval.job.report.ConsoleReport;
import io.losseval.job.report.ReportPage;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.RunSummary;
import io.losseval.job.result.Thresholds;
import io.losseval.job.stream.StreamJob;
import io.losseval.spark.LossFunctions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * resources from there) or, started without a master, on an embedded {@code local[*]} Spark. This
 * class is the outline and runs the steps in order; each step lives in its room: the configuration
 * ({@code config}), the query on Spark ({@code query}), the results and thresholds ({@code
 * result}), what is written ({@code output}) and what is shown ({@code report}). See docs/job.md
 * for the configuration, the launcher and the exit codes ({@link ExitCode}), and the architecture
 * page for one run's walk through the rooms.
 */
@PublicApi
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
  private static final String EVALUATION = "evaluation";

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
    return config.sqlMode() ? SqlMode.run(spark, config, report) : evaluate(spark, config, cli);
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
    Dataset<Row> input = EvaluationQuery.rows(spark, config);
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
        OutputGuard.check(
            () -> Inputs.locations(spark, config.inputs().values(), List.of(input)),
            output,
            page,
            ReportPage::isReport,
            OutputManifest.of(EVALUATION, EvaluationQuery.written(result).schema()));
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
              EvaluationQuery.collect(cached, input, config),
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
        ResultColumns.keys(config.slices()),
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
        : ReportSpec.defaultTitle(config.source());
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
}
