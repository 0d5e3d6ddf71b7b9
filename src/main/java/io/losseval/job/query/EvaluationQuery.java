package io.losseval.job.query;

import static io.losseval.job.config.ResultColumns.LOWER_SUFFIX;
import static io.losseval.job.config.ResultColumns.ROWS;
import static io.losseval.job.config.ResultColumns.ROWS_SUFFIX;
import static io.losseval.job.config.ResultColumns.SKIPPED_SUFFIX;
import static io.losseval.job.config.ResultColumns.SLICE;
import static io.losseval.job.config.ResultColumns.SLICE_INDEX;
import static io.losseval.job.config.ResultColumns.UPPER_SUFFIX;
import static org.apache.spark.sql.functions.col;

import io.losseval.core.interval.IntervalOptions;
import io.losseval.job.ExitCode;
import io.losseval.job.Failures;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.query.SqlStatements.Kind;
import io.losseval.job.query.SqlStatements.Statement;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.SliceKey;
import io.losseval.spark.LossSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the whole evaluation as ONE aggregation: every evaluation and every slice in a single
 * {@code GROUP BY GROUPING SETS}, so the input is read once and each row feeds every loss of every
 * slice it belongs to. Loss calls are written by {@link LossSql}.
 *
 * <p>Result columns ({@link ResultColumns}): {@code slice} (see {@link ResultColumns#sliceName}),
 * every slice column (NULL where the row's slice does not group by it), {@code rows}, per
 * evaluation {@code <name>} (the loss, NULL when no row was aggregated), with an interval {@code
 * <name>_lower} and {@code <name>_upper} (NULL where the slice has too few rows for one), {@code
 * <name>_rows} (rows aggregated) and {@code <name>_skipped} (rows skipped because a column of that
 * evaluation was NULL); per comparison {@code <name>} (candidate - baseline), {@code <name>_lower}
 * and {@code <name>_upper}; and, until the output is written, the slice's position ({@link
 * ResultColumns#SLICE_INDEX}), from {@code grouping_id()}.
 *
 * <p>An evaluation with an interval is computed by {@code <loss>_ci} instead of {@code <loss>},
 * whose value has the plain loss's bits; a comparison by {@code <loss>_compare} of its two
 * evaluations' columns. Both are aggregates of the same query, so nothing adds a pass.
 */
public final class EvaluationQuery {
  // Fields of the _ci and _compare structs (LossSql.intervalFields, LossSql.comparisonFields).
  private static final String VALUE = "value";
  private static final String DIFFERENCE = "difference";
  private static final String LOWER = "lower";
  private static final String UPPER = "upper";

  private EvaluationQuery() {}

  /**
   * The rows to evaluate: the {@code from} input, or the {@code query}, which must be a query and
   * is run as a SELECT's subquery so that nothing else can run.
   */
  public static Dataset<Row> rows(SparkSession spark, JobConfig config) {
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
   * Every row of {@code result}; a data error names the rows of {@code input} a second pass finds
   * the losses reject ({@link RejectedRows#explain}).
   */
  public static List<Row> collect(Dataset<Row> result, Dataset<Row> input, JobConfig config) {
    try {
      return result.collectAsList();
    } catch (Exception e) { // Spark's task failures are checked exceptions in Java
      if (Failures.codeOf(e) != ExitCode.DATA) {
        throw e; // rethrown as it came: the compiler knows it is unchecked here
      }
      throw new JobException(
          ExitCode.DATA, Failures.messageOf(e) + RejectedRows.explain(input, config));
    }
  }

  /**
   * Checks every configured column against the input's schema and lets Spark analyse each loss call
   * (types, shapes, option values), before any Spark job runs. Errors name the key.
   */
  public static void check(Dataset<Row> input, JobConfig config) {
    if (config.idColumn() != null) {
      resolve(input, "id-column", config.idColumn());
    }
    for (int i = 0; i < config.slices().size(); i++) {
      for (String column : config.slices().get(i)) {
        resolve(input, "slices[" + i + "]", column);
      }
    }
    for (Evaluation e : config.evaluations()) {
      List<String> arguments = e.loss().arguments();
      for (int a = 0; a < arguments.size(); a++) {
        resolve(
            input, "evaluations." + e.name() + ".columns." + arguments.get(a), e.columns().get(a));
      }
      if (e.key() != null) {
        resolve(input, "evaluations." + e.name() + ".key", e.key());
      }
      analyse(input, config, "evaluations." + e.name(), aggregate(e));
    }
    for (Comparison c : config.comparisons()) {
      if (c.key() != null) {
        resolve(input, "comparisons." + c.name() + ".key", c.key());
      }
      analyse(input, config, "comparisons." + c.name(), aggregate(c, config.evaluations()));
    }
  }

  /** Lets Spark analyse one aggregate over the input; an error names {@code key}. */
  private static void analyse(Dataset<Row> input, JobConfig config, String key, String aggregate) {
    try {
      overView(input, inputName(config), view -> "SELECT " + aggregate + " FROM " + view);
    } catch (Exception ex) { // Scala's AnalysisException is a checked exception in Java
      throw Failures.asConfig(ex, key);
    }
  }

  /**
   * The aggregation, with the slice index. Nothing runs until an action. Written in SQL because
   * {@code GROUP BY GROUPING SETS} is in the Dataset API only from Spark 4.0.
   */
  public static Dataset<Row> build(
      Dataset<Row> input,
      String inputName,
      List<Evaluation> evaluations,
      List<Comparison> comparisons,
      List<List<String>> slices) {
    List<String> keys = ResultColumns.keys(slices);
    List<String> select = new ArrayList<>();
    keys.forEach(k -> select.add(LossSql.quote(k)));
    if (keys.isEmpty()) {
      select.add(LossSql.literal(ResultColumns.OVERALL) + " AS " + LossSql.quote(SLICE));
      select.add("0 AS " + LossSql.quote(SLICE_INDEX));
    } else {
      // grouping_id() has bit (n-1-i) set when key i is not grouped in the row's slice.
      StringBuilder sliceName = new StringBuilder("CASE grouping_id()");
      StringBuilder order = new StringBuilder("CASE grouping_id()");
      for (int s = 0; s < slices.size(); s++) {
        long id = 0;
        for (int k = 0; k < keys.size(); k++) {
          if (!slices.get(s).contains(keys.get(k))) {
            id |= 1L << (keys.size() - 1 - k);
          }
        }
        sliceName
            .append(" WHEN ")
            .append(id)
            .append(" THEN ")
            .append(LossSql.literal(ResultColumns.sliceName(slices.get(s))));
        order.append(" WHEN ").append(id).append(" THEN ").append(s);
      }
      select.add(sliceName.append(" END AS ").append(LossSql.quote(SLICE)).toString());
      select.add(order.append(" END AS ").append(LossSql.quote(SLICE_INDEX)).toString());
    }
    select.add("count(1) AS " + LossSql.quote(ROWS));
    for (Evaluation e : evaluations) {
      select.add(aggregate(e) + " AS " + LossSql.quote(e.name()));
      // A loss skips exactly the rows with a NULL argument; count them the same way.
      List<String> complete = new ArrayList<>();
      e.columns().forEach(c -> complete.add(LossSql.quote(c) + " IS NOT NULL"));
      select.add(
          "count(CASE WHEN "
              + String.join(" AND ", complete)
              + " THEN 1 END) AS "
              + LossSql.quote(e.name() + ROWS_SUFFIX));
    }
    for (Comparison c : comparisons) {
      select.add(aggregate(c, evaluations) + " AS " + LossSql.quote(c.name()));
    }
    List<String> sets = new ArrayList<>();
    for (List<String> slice : slices) {
      sets.add("(" + String.join(", ", slice.stream().map(LossSql::quote).toList()) + ")");
    }
    Dataset<Row> grouped =
        overView(
            input,
            inputName,
            view ->
                "SELECT "
                    + String.join(", ", select)
                    + " FROM "
                    + view
                    + (keys.isEmpty()
                        ? ""
                        : " GROUP BY GROUPING SETS (" + String.join(", ", sets) + ")"));
    List<Column> out = new ArrayList<>();
    out.add(col(SLICE));
    keys.forEach(k -> out.add(grouped.col(LossSql.quote(k))));
    out.add(col(ROWS));
    for (Evaluation e : evaluations) {
      if (e.hasInterval()) {
        out.addAll(interval(grouped, e.name(), VALUE));
      } else {
        out.add(col(e.name()));
      }
      out.add(col(e.name() + ROWS_SUFFIX));
      out.add(col(ROWS).minus(col(e.name() + ROWS_SUFFIX)).as(e.name() + SKIPPED_SUFFIX));
    }
    comparisons.forEach(c -> out.addAll(interval(grouped, c.name(), DIFFERENCE)));
    out.add(col(SLICE_INDEX));
    return grouped.select(out.toArray(new Column[0]));
  }

  /** The name the evaluated rows go by in messages: the input's, or "query". */
  public static String inputName(JobConfig config) {
    return config.from() != null ? config.from() : "query";
  }

  /**
   * Runs {@code sql} (given the FROM clause) over the input registered as a temporary view with a
   * name of its own, aliased as {@code inputName} so that messages name the input as the
   * configuration does; the view is dropped at once, since the returned Dataset is analysed.
   */
  private static Dataset<Row> overView(
      Dataset<Row> input, String inputName, Function<String, String> sql) {
    String view = "losseval_input_" + UUID.randomUUID().toString().replace("-", "");
    input.createOrReplaceTempView(view);
    try {
      return input.sparkSession().sql(sql.apply(view + " AS " + LossSql.quote(inputName)));
    } finally {
      input.sparkSession().catalog().dropTempView(view);
    }
  }

  /**
   * The result in one partition, ordered by slice (as listed) and keys: a small table, written as
   * one file (without the slice index, see {@link #written}).
   */
  public static Dataset<Row> ordered(Dataset<Row> result, List<List<String>> slices) {
    List<Column> order = new ArrayList<>();
    order.add(col(SLICE_INDEX));
    ResultColumns.keys(slices)
        .forEach(k -> order.add(result.col(LossSql.quote(k)).asc_nulls_first()));
    return result.repartition(1).sortWithinPartitions(order.toArray(new Column[0]));
  }

  /** The columns that are written: all but the slice index. */
  public static Dataset<Row> written(Dataset<Row> result) {
    return result.drop(SLICE_INDEX);
  }

  /**
   * Collected result rows as the job's model, each slice known by its index: every evaluation's
   * loss and skipped rows, every comparison's difference, and the interval of each result whose
   * {@code RESULT_lower} and {@code RESULT_upper} columns the rows have.
   */
  public static List<ResultRow> rowsOf(
      List<Row> rows,
      List<List<String>> slices,
      List<Evaluation> evaluations,
      List<Comparison> comparisons) {
    List<String> results = new ArrayList<>();
    evaluations.forEach(e -> results.add(e.name()));
    comparisons.forEach(c -> results.add(c.name()));
    List<ResultRow> out = new ArrayList<>();
    for (Row r : rows) {
      int index = r.<Integer>getAs(SLICE_INDEX);
      List<String> columns = slices.get(index);
      List<Object> values = new ArrayList<>();
      columns.forEach(c -> values.add(r.get(r.fieldIndex(c))));
      Map<String, Double> numbers = new LinkedHashMap<>();
      Map<String, Long> skipped = new LinkedHashMap<>();
      Map<String, Double> lower = new LinkedHashMap<>();
      Map<String, Double> upper = new LinkedHashMap<>();
      List<String> fields = List.of(r.schema().fieldNames());
      for (String result : results) {
        numbers.put(result, r.getAs(result));
        if (fields.contains(result + LOWER_SUFFIX) && fields.contains(result + UPPER_SUFFIX)) {
          lower.put(result, r.getAs(result + LOWER_SUFFIX));
          upper.put(result, r.getAs(result + UPPER_SUFFIX));
        }
      }
      evaluations.forEach(e -> skipped.put(e.name(), r.getAs(e.name() + SKIPPED_SUFFIX)));
      out.add(
          new ResultRow(
              new SliceKey(index, columns, values),
              r.<Long>getAs(ROWS),
              numbers,
              skipped,
              lower,
              upper));
    }
    return out;
  }

  /**
   * The struct column {@code result} unpacked into the result's columns: its {@code estimate} field
   * as {@code result}, then {@code result_lower} and {@code result_upper}.
   */
  private static List<Column> interval(Dataset<Row> grouped, String result, String estimate) {
    Column struct = grouped.col(LossSql.quote(result));
    return List.of(
        struct.getField(estimate).as(result),
        struct.getField(LOWER).as(result + LOWER_SUFFIX),
        struct.getField(UPPER).as(result + UPPER_SUFFIX));
  }

  /** The evaluation's aggregate: its loss, or with an interval the loss's {@code _ci} form. */
  private static String aggregate(Evaluation e) {
    return e.hasInterval()
        ? LossSql.interval(
            e.loss().name(),
            e.columns(),
            e.reduction(),
            withInterval(e.options(), e.interval(), e.key()))
        : LossSql.call(e.loss().name(), e.columns(), e.reduction(), e.options());
  }

  /**
   * The comparison's aggregate: {@code <loss>_compare} of the candidate's and the baseline's
   * columns, with the reduction and options they share (the configuration checked that they do).
   */
  private static String aggregate(Comparison c, List<Evaluation> evaluations) {
    Evaluation candidate = find(evaluations, c.candidate());
    Evaluation baseline = find(evaluations, c.baseline());
    return LossSql.comparison(
        candidate.loss().name(),
        candidate.columns(),
        baseline.columns(),
        candidate.reduction(),
        withInterval(candidate.options(), c.interval(), c.key()));
  }

  private static Evaluation find(List<Evaluation> evaluations, String name) {
    return evaluations.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no evaluation named " + name));
  }

  /**
   * A loss's options followed by the interval's, as {@code _ci} and {@code _compare} take them: the
   * key (a column name, which LossSql writes as a column) last, when there is one.
   */
  private static Map<String, Object> withInterval(
      Map<String, Object> options, IntervalOptions interval, String key) {
    Map<String, Object> all = new LinkedHashMap<>(options);
    all.put(IntervalOptions.CONFIDENCE, interval.confidence());
    all.put(IntervalOptions.BUCKETS, interval.buckets());
    if (key != null) {
      all.put(JobConfig.INTERVAL_KEY, key);
    }
    return all;
  }

  private static void resolve(Dataset<Row> input, String key, String column) {
    try {
      input.col(LossSql.quote(column));
    } catch (Exception e) { // AnalysisException, checked in Java
      throw JobException.config(
          key
              + ": column '"
              + column
              + "' is not in the input; "
              + "available columns: "
              + String.join(", ", input.columns()));
    }
  }
}
