package io.losseval.spark;

import io.losseval.core.Reduction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loss call as SQL text, for callers that build whole SQL statements (the batch job's one
 * {@code GROUP BY GROUPING SETS} query, which the Dataset API has only from Spark 4.0). Option
 * values are written as typed literals that read back to the same value: a double as a DOUBLE
 * literal in its shortest round-trip form, a whole number as a BIGINT, arrays as
 * {@code array(...)} of DOUBLEs.
 */
public final class LossSql {
  private LossSql() {}

  /**
   * {@code function(`c1`, `c2`, 'reduction', named_struct('option', value, ...))}; columns are
   * input column names, quoted here.
   */
  public static String call(String function, List<String> columns, Reduction reduction,
      Map<String, ?> options) {
    List<String> args = new ArrayList<>();
    columns.forEach(c -> args.add(quote(c)));
    if (reduction != null) {
      args.add(literal(reduction.sqlName()));
    }
    if (options != null && !options.isEmpty()) {
      List<String> fields = new ArrayList<>();
      options.forEach((k, v) -> {
        fields.add(literal(k));
        fields.add(literal(v));
      });
      args.add("named_struct(" + String.join(", ", fields) + ")");
    }
    return function + "(" + String.join(", ", args) + ")";
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
