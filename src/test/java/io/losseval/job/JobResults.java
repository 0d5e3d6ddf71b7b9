package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.job.config.ResultColumns;
import io.losseval.spark.LossSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reading the job's output back, and an independent reference for it: each slice computed on its
 * own with a plain SQL {@code GROUP BY}, the loss written as a SQL call (not through the job's
 * {@code LossColumns} and grouping sets), the skipped rows counted with {@code count_if}.
 */
public final class JobResults {
  /** The example's evaluations as SQL calls, with the columns each one reads. */
  public static final Map<String, String> EXAMPLE_SQL = new LinkedHashMap<>();

  public static final Map<String, List<String>> EXAMPLE_COLUMNS = new LinkedHashMap<>();

  static {
    example("val_bce", "binary_cross_entropy(click_prob, clicked)", "click_prob", "clicked");
    example(
        "val_ce",
        "cross_entropy(logits, target_class, 'mean', " + "named_struct('label_smoothing', 0.05D))",
        "logits",
        "target_class");
    example(
        "val_hinge",
        "hinge_embedding_loss(distance, same, 'mean', " + "named_struct('margin', 1.0D))",
        "distance",
        "same");
    example(
        "val_kl", "kl_div(log_probs, teacher_probs, 'batchmean')", "log_probs", "teacher_probs");
    example("val_mse", "mse_loss(prediction, label)", "prediction", "label");
  }

  private JobResults() {}

  private static void example(String name, String sql, String... columns) {
    EXAMPLE_SQL.put(name, sql);
    EXAMPLE_COLUMNS.put(name, List.of(columns));
  }

  /** The rows of a result directory in {@code format}. */
  public static List<Row> read(SparkSession spark, String path, String format) {
    var reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    return reader.load(path).collectAsList();
  }

  /** The result rows of one slice, by their key values. */
  public static Map<List<String>, Row> slice(List<Row> rows, List<String> slice) {
    Map<List<String>, Row> out = new LinkedHashMap<>();
    String name = ResultColumns.sliceName(slice);
    for (Row r : rows) {
      if (name.equals(r.getAs("slice"))) {
        out.put(keyOf(r, slice), r);
      }
    }
    return out;
  }

  /**
   * Checks every row of {@code rows} (read back in any format) against the reference over {@code
   * view}: same slices and keys, same row counts, skipped counts, and loss bits.
   */
  public static void assertMatchReference(
      SparkSession spark,
      List<Row> rows,
      String view,
      List<List<String>> slices,
      Map<String, String> sql,
      Map<String, List<String>> columns) {
    int expectedRows = 0;
    for (List<String> slice : slices) {
      List<String> keys = slice.stream().map(LossSql::quote).toList();
      List<String> select = new ArrayList<>(keys);
      select.add("count(*) AS rows");
      for (String name : sql.keySet()) {
        select.add(sql.get(name) + " AS " + name);
        select.add(
            "count_if("
                + String.join(
                    " IS NULL OR ", columns.get(name).stream().map(LossSql::quote).toList())
                + " IS NULL) AS "
                + name
                + "_skipped");
      }
      String query =
          "SELECT "
              + String.join(", ", select)
              + " FROM "
              + view
              + (slice.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys));
      Map<List<String>, Row> expected = new LinkedHashMap<>();
      for (Row r : spark.sql(query).collectAsList()) {
        expected.put(keyOf(r, slice), r);
      }
      Map<List<String>, Row> actual = slice(rows, slice);
      assertEquals(expected.keySet(), actual.keySet(), "keys of slice " + slice);
      expectedRows += expected.size();
      for (List<String> key : expected.keySet()) {
        Row e = expected.get(key);
        Row a = actual.get(key);
        String where = "slice " + slice + " " + key;
        assertEquals(number(e, "rows"), number(a, "rows"), where + " rows");
        for (String name : sql.keySet()) {
          long skipped = number(e, name + "_skipped");
          assertEquals(skipped, number(a, name + "_skipped"), where + " " + name + "_skipped");
          assertEquals(
              number(e, "rows") - skipped, number(a, name + "_rows"), where + " " + name + "_rows");
          assertSameBits(e.getAs(name), a.getAs(name), where + " " + name);
        }
      }
    }
    assertEquals(expectedRows, rows.size(), "result rows");
  }

  /**
   * Every result of {@code calls} (an {@code L_ci} or {@code L_compare} call by result name) in
   * every row equals, to the bit, that SQL aggregate over {@code view} with a plain GROUP BY of the
   * row's slice: {@code RESULT} its value (a comparison: its difference), {@code RESULT_lower} and
   * {@code RESULT_upper} its bounds.
   */
  public static void assertIntervalsMatchReference(
      SparkSession spark,
      List<Row> rows,
      String view,
      List<List<String>> slices,
      Map<String, String> calls) {
    for (List<String> slice : slices) {
      List<String> keys = slice.stream().map(LossSql::quote).toList();
      List<String> select = new ArrayList<>(keys);
      calls.forEach((name, call) -> select.add(call + " AS " + name));
      String query =
          "SELECT "
              + String.join(", ", select)
              + " FROM "
              + view
              + (slice.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys));
      Map<List<String>, Row> actual = slice(rows, slice);
      List<Row> expected = spark.sql(query).collectAsList();
      assertEquals(expected.size(), actual.size(), "rows of slice " + slice);
      for (Row e : expected) {
        List<String> key = keyOf(e, slice);
        Row a = actual.get(key);
        for (String name : calls.keySet()) {
          Row struct = e.getStruct(e.fieldIndex(name));
          String estimate =
              struct.schema().getFieldIndex("difference").isDefined() ? "difference" : "value";
          String where = "slice " + slice + " " + key + " " + name;
          assertSameBits(struct.getAs(estimate), a.getAs(name), where);
          assertSameBits(struct.getAs("lower"), a.getAs(name + "_lower"), where);
          assertSameBits(struct.getAs("upper"), a.getAs(name + "_upper"), where);
        }
      }
    }
  }

  public static void assertSameBits(Object expected, Object actual, String what) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, what);
      return;
    }
    assertEquals(
        Double.doubleToRawLongBits((Double) expected),
        Double.doubleToRawLongBits(((Number) actual).doubleValue()),
        what + ": " + expected + " vs " + actual);
  }

  /** Every double of every row equal to the bit, rows matched by slice and keys. */
  public static void assertSameResults(
      List<Row> expected, List<Row> actual, List<List<String>> slices, List<String> results) {
    assertEquals(expected.size(), actual.size(), "result rows");
    for (List<String> slice : slices) {
      Map<List<String>, Row> e = slice(expected, slice);
      Map<List<String>, Row> a = slice(actual, slice);
      assertEquals(e.keySet(), a.keySet(), "keys of slice " + slice);
      for (List<String> key : e.keySet()) {
        assertEquals(number(e.get(key), "rows"), number(a.get(key), "rows"));
        for (String r : results) {
          assertSameBits(e.get(key).getAs(r), a.get(key).getAs(r), slice + " " + key + " " + r);
          assertEquals(number(e.get(key), r + "_skipped"), number(a.get(key), r + "_skipped"));
        }
      }
    }
  }

  public static long number(Row r, String field) {
    return ((Number) r.getAs(field)).longValue();
  }

  private static List<String> keyOf(Row r, List<String> slice) {
    List<String> key = new ArrayList<>();
    for (String k : slice) {
      key.add(String.valueOf(r.get(r.fieldIndex(k))));
    }
    return key;
  }
}
