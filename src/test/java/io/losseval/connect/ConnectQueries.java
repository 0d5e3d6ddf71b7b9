package io.losseval.connect;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;

/**
 * The queries that {@link ConnectIT} runs twice, on a Spark Connect server through the JVM Connect
 * client and on a classic local session: SQL, {@code functions.call_function} and {@code expr},
 * over scalar and array arguments, with options, grouped and global, and per-row {@code _none}
 * functions. Only the session API common to both kinds of session is used, and no class of this
 * project: a Connect client knows the functions by name only.
 *
 * <p>The data is built in SQL from {@code range} with exact arithmetic only (no {@code rand}, no
 * transcendental functions), so both sessions see the same bits; it mixes magnitudes from 1e-6 to
 * 1e16 so that only exact sums agree across the two sessions' different plans and partitioning.
 */
final class ConnectQueries {
  static final String VIEW = "connect_scores";

  /** Groups of the grouped queries ({@code id % GROUPS}). */
  static final int GROUPS = 7;

  /** Rows of the per-row queries. */
  static final int PER_ROW_LIMIT = 25;

  private static final String DATA =
      "CREATE OR REPLACE TEMP VIEW "
          + VIEW
          + " AS SELECT id, "
          + "CAST(id % "
          + GROUPS
          + " AS INT) AS g, "
          + "CASE WHEN id % 13 = 0 THEN element_at(array(1e16D, 1.0D, -1e16D, 3e-17D), "
          + "  CAST(id % 4 AS INT) + 1) "
          + "  ELSE ((id * 7919) % 1000 - 500) / 37.0D "
          + "    * element_at(array(1e-6D, 1e-3D, 1.0D, 1e3D, 1e6D), CAST(id % 5 AS INT) + 1) END AS p, "
          + "((id * 104729) % 2000) / 1000.0D - 1.0D AS y, "
          + "array(((id * 31) % 17) / 3.0D, ((id * 17) % 23) / 5.0D - 2.0D, ((id * 7) % 11) * 0.75D) "
          + "  AS logits, "
          + "CAST(id % 3 AS INT) AS label, "
          + "(((id * 7919) % 999) + 0.5D) / 1000.0D AS prob, "
          + "CAST(id % 2 AS DOUBLE) AS bit, "
          + "array(((id * 11) % 19) / 7.0D, ((id * 5) % 13) * 1e3D, ((id * 3) % 7) * 1e-3D) AS arr, "
          + "array(((id * 13) % 29) / 9.0D, ((id * 19) % 31) * 1e3D, ((id * 23) % 37) * 1e-3D) AS tarr "
          + "FROM range(0, 6000, 1, 4)";

  private ConnectQueries() {}

  /** Each query's result, one line per row: {@code name<TAB>value<TAB>...} with exact bits. */
  static List<String> run(SparkSession spark) {
    spark.sql(DATA);
    Dataset<Row> scores = spark.table(VIEW);
    Map<String, Dataset<Row>> queries = new LinkedHashMap<>();
    queries.put(
        "sql grouped, scalar and array inputs, options",
        spark.sql(
            "SELECT g, "
                + "mse_loss(p, y), mse_loss(p, y, 'sum'), mse_loss(arr, tarr, 'batchmean'), "
                + "cross_entropy(logits, label, 'mean', "
                + "  named_struct('weight', array(1.0D, 2.0D, 0.5D), 'label_smoothing', 0.1D)), "
                + "binary_cross_entropy(prob, bit, 'sum'), "
                + "huber_loss(p, y, 'mean', named_struct('delta', 0.5D)), "
                + "l1_loss(arr, tarr, 'sum') "
                + "FROM "
                + VIEW
                + " GROUP BY g ORDER BY g"));
    queries.put(
        "sql global, every reduction",
        spark.sql(
            "SELECT "
                + "cross_entropy(logits, label), cross_entropy(logits, label, 'sum'), "
                + "cross_entropy(logits, label, 'batchmean'), kl_div(y, prob, 'batchmean'), "
                + "smooth_l1_loss(p, y, 'mean', named_struct('beta', 0.0D)), "
                + "multi_margin_loss(logits, label, 'sum', named_struct('p', 2, 'margin', 0.5D)) "
                + "FROM "
                + VIEW));
    queries.put(
        "call_function grouped",
        scores
            .groupBy("g")
            .agg(
                call_function("cross_entropy", col("logits"), col("label")),
                call_function("mse_loss", col("p"), col("y"), lit("sum")),
                call_function(
                    "huber_loss",
                    col("p"),
                    col("y"),
                    lit("mean"),
                    expr("named_struct('delta', 2.0D)")),
                call_function("mse_loss", col("arr"), col("tarr")))
            .orderBy("g"));
    queries.put(
        "expr global",
        scores.agg(
            expr("cross_entropy(logits, label, 'sum', named_struct('label_smoothing', 0.2D))"),
            expr(
                "binary_cross_entropy_with_logits(p, bit, 'mean', named_struct('pos_weight', 3.0D))"),
            expr("nll_loss(logits, label, 'mean', named_struct('ignore_index', 1))")));
    queries.put(
        "per-row functions",
        scores
            .select(
                col("id"),
                call_function("mse_loss_none", col("p"), col("y")),
                expr("cross_entropy_none(logits, label)"),
                expr("l1_loss_none(arr, tarr)"))
            .orderBy("id")
            .limit(PER_ROW_LIMIT));

    List<String> lines = new ArrayList<>();
    queries.forEach(
        (name, query) -> {
          for (Row row : query.collectAsList()) {
            lines.add(name + "\t" + format(row));
          }
        });
    return lines;
  }

  /** The row's values, doubles as their exact bits (and the decimal, to read a difference). */
  private static String format(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      if (row.isNullAt(i)) {
        values.add("null");
      } else if (row.schema().fields()[i].dataType() instanceof ArrayType) {
        List<Object> elements = row.getList(i);
        List<String> formatted = new ArrayList<>();
        for (Object e : elements) {
          formatted.add(value(e));
        }
        values.add(formatted.toString());
      } else {
        values.add(value(row.get(i)));
      }
    }
    return String.join("\t", values);
  }

  private static String value(Object v) {
    return v instanceof Double d
        ? Long.toHexString(Double.doubleToRawLongBits(d)) + "=" + d
        : String.valueOf(v);
  }
}
