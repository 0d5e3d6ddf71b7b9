package io.losseval.job.query;

import io.losseval.job.ExitCode;
import io.losseval.job.Failures;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig;
import io.losseval.job.output.AtomicOutput;
import io.losseval.job.output.OutputGuard;
import io.losseval.job.output.OutputManifest;
import io.losseval.job.query.SqlStatements.Kind;
import io.losseval.job.query.SqlStatements.Statement;
import io.losseval.job.report.ConsoleReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * SQL mode ({@code sql-file}): the file's statements run in order over the registered inputs, the
 * last one's result written to {@code sql-output} (if set) and shown on the console. Only queries
 * and temporary views run unless writes are allowed; every statement is parsed before any runs.
 */
public final class SqlMode {
  /** The manifest kind of SQL mode's results, which an evaluation's output never replaces. */
  static final String KIND = "sql";

  private SqlMode() {}

  /** Runs the configuration's SQL file and reports its result on {@code console}. */
  public static ExitCode run(SparkSession spark, JobConfig config, ConsoleReport console) {
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
    Dataset<Row> last = result;
    List<String> replaced =
        OutputGuard.check(
            () -> Inputs.locations(spark, config.inputs().values(), List.of(last)),
            output,
            null,
            head -> false,
            OutputManifest.of(KIND, result.schema()));
    Delivered delivered = deliver(result, output, config.consoleMaxRows());
    console.sql(
        delivered.rows(),
        List.of(result.columns()),
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

  /** Result rows shown on the console, each as its values, and how many there are in all. */
  private record Delivered(List<List<Object>> rows, long count) {}

  /**
   * Runs the query once: it is cached, written (if there is an output), and read back from the
   * cache for the console, all rows ({@code limit < 0}) or the first {@code limit}.
   */
  private static Delivered deliver(Dataset<Row> result, AtomicOutput output, int limit) {
    Dataset<Row> cached = result.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (output != null) {
        output.write(cached, OutputManifest.of(KIND, cached.schema()), java.util.Map.of());
      }
      if (limit < 0) {
        List<Row> rows = cached.collectAsList();
        return new Delivered(values(rows), rows.size());
      }
      return new Delivered(values(cached.takeAsList(limit)), cached.count());
    } finally {
      cached.unpersist(false);
    }
  }

  /** Each row's values in column order (NULL kept), so the console needs no Spark type. */
  private static List<List<Object>> values(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(r.get(i));
      }
      out.add(values);
    }
    return out;
  }
}
