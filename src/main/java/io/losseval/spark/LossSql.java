package io.losseval.spark;

import io.losseval.PublicApi;
import io.losseval.core.Reduction;
import io.losseval.spark.row.LossForm;
import io.losseval.spark.row.LossIntervalAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loss call as SQL text, for callers that build whole SQL statements (the batch job's one {@code
 * GROUP BY GROUPING SETS} query, which the Dataset API has only from Spark 4.0). Option values are
 * written as typed literals that read back to the same value: a double as a DOUBLE literal in its
 * shortest round-trip form, a whole number as a BIGINT, arrays as {@code array(...)} of DOUBLEs.
 */
@PublicApi
public final class LossSql {
  private LossSql() {}

  /**
   * {@code function(`c1`, `c2`, 'reduction', named_struct('option', value, ...))}; columns are
   * input column names, quoted here.
   */
  public static String call(
      String function, List<String> columns, Reduction reduction, Map<String, ?> options) {
    List<String> args = new ArrayList<>();
    columns.forEach(c -> args.add(quote(c)));
    if (reduction != null) {
      args.add(literal(reduction.sqlName()));
    }
    if (options != null && !options.isEmpty()) {
      List<String> fields = new ArrayList<>();
      options.forEach(
          (k, v) -> {
            fields.add(literal(k));
            // An interval's key names a column: its values decide the buckets, not the name's.
            fields.add(
                bucketed(function) && k.equals(LossForm.KEY) ? quote((String) v) : literal(v));
          });
      args.add("named_struct(" + String.join(", ", fields) + ")");
    }
    return function + "(" + String.join(", ", args) + ")";
  }

  private static boolean bucketed(String function) {
    return function.endsWith(LossForm.INTERVAL.suffix())
        || function.endsWith(LossForm.COMPARISON.suffix());
  }

  /**
   * The loss with its confidence interval, {@code function_ci(...)}, written as {@link #call}
   * writes a loss; {@code options} may hold the loss's and the interval's ({@code confidence},
   * {@code buckets}, and {@code key}: the name of the bucketing key's column, written as a quoted
   * identifier). Its value is a struct with the fields {@link #intervalFields()}.
   */
  public static String interval(
      String function, List<String> columns, Reduction reduction, Map<String, ?> options) {
    return call(function + LossForm.INTERVAL.suffix(), columns, reduction, options);
  }

  /**
   * The paired comparison {@code function_compare(candidate columns..., baseline columns..., ...)},
   * each side the loss's full list of tensor columns. Its value is a struct with the fields {@link
   * #comparisonFields()}.
   */
  public static String comparison(
      String function,
      List<String> candidateColumns,
      List<String> baselineColumns,
      Reduction reduction,
      Map<String, ?> options) {
    List<String> columns = new ArrayList<>(candidateColumns);
    columns.addAll(baselineColumns);
    return call(function + LossForm.COMPARISON.suffix(), columns, reduction, options);
  }

  /** The fields of an interval's struct, in order: value, lower, upper, stderr, rows, no_bounds. */
  public static List<String> intervalFields() {
    return List.of(LossIntervalAggregate.INTERVAL_TYPE.fieldNames());
  }

  /**
   * The fields of a comparison's struct, in order: candidate, baseline, difference, lower, upper,
   * stderr, rows, no_bounds.
   */
  public static List<String> comparisonFields() {
    return List.of(LossIntervalAggregate.COMPARISON_TYPE.fieldNames());
  }

  /** One field of a struct-valued expression: {@code (expression).`field`}. */
  public static String field(String structSql, String field) {
    return "(" + structSql + ")." + quote(field);
  }

  /** A column or alias name as a quoted SQL identifier: any name, dots and backticks included. */
  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A SQL literal of a string, number, boolean, {@code double[]} or list of numbers. */
  public static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof CharSequence s) {
      return "'" + s.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? d + "D" : "CAST('" + d + "' AS DOUBLE)";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue() + "L";
    }
    if (v instanceof double[] a) {
      List<String> items = new ArrayList<>();
      for (double d : a) {
        items.add(literal(d));
      }
      return "array(" + String.join(", ", items) + ")";
    }
    if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) {
        items.add(literal(o instanceof Number n ? n.doubleValue() : o));
      }
      return "array(" + String.join(", ", items) + ")";
    }
    throw new IllegalArgumentException("no SQL literal for " + v.getClass().getName());
  }
}
