package io.losseval.job;

import static io.losseval.job.ConfigReader.ROWS_COLUMN;
import static io.losseval.job.ConfigReader.ROWS_SUFFIX;
import static io.losseval.job.ConfigReader.SKIPPED_SUFFIX;
import static io.losseval.job.ConfigReader.SLICE_COLUMN;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.grouping_id;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.losseval.job.JobConfig.Evaluation;
import io.losseval.spark.LossColumns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds the whole evaluation as ONE aggregation: every evaluation and every slice in a single
 * {@code GROUP BY GROUPING SETS}, so the input is read once and each row feeds every loss of every
 * slice it belongs to. Loss columns come from {@link LossColumns}.
 *
 * <p>Result columns: {@code slice} ("overall" or the slice's columns joined by ','), every slice
 * column (NULL where the row's slice does not group by it), {@code rows}, and per evaluation
 * {@code <name>} (the loss, NULL when no row was aggregated), {@code <name>_rows} (rows
 * aggregated) and {@code <name>_skipped} (rows skipped because a column of that evaluation was
 * NULL).
 */
final class EvaluationQuery {
  /** A helper column that orders result rows as the slices are listed; dropped before output. */
  static final String ORDER_COLUMN = "__losseval_slice_order";
  static final String OVERALL_NAME = "overall";

  private EvaluationQuery() {}

  /** The slice's name in the {@code slice} column. */
  static String sliceName(List<String> slice) {
    return slice.isEmpty() ? OVERALL_NAME : String.join(",", slice);
  }

  /** Every slice column once, in the order the slices name them. */
  static List<String> keys(List<List<String>> slices) {
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    slices.forEach(keys::addAll);
    return List.copyOf(keys);
  }

  /**
   * Checks every configured column against the input's schema and lets Spark analyse each loss
   * call (types, shapes, option values), before any Spark job runs. Errors name the key.
   */
  static void check(Dataset<Row> input, JobConfig config) {
    for (int i = 0; i < config.slices().size(); i++) {
      for (String column : config.slices().get(i)) {
        resolve(input, "slices[" + i + "]", column);
      }
    }
    for (Evaluation e : config.evaluations()) {
      List<String> arguments = e.loss().arguments();
      for (int a = 0; a < arguments.size(); a++) {
        resolve(input, "evaluations." + e.name() + ".columns." + arguments.get(a),
            e.columns().get(a));
      }
      try {
        input.agg(loss(input, e)); // analysis only: Dataset creation analyses eagerly
      } catch (Exception ex) { // Scala's AnalysisException is a checked exception in Java
        throw Failures.asConfig(ex, "evaluations." + e.name());
      }
    }
  }

  /**
   * The aggregation, with {@link #ORDER_COLUMN} for ordering. Nothing runs until an action.
   */
  static Dataset<Row> build(Dataset<Row> input, List<Evaluation> evaluations,
      List<List<String>> slices) {
    List<String> keys = keys(slices);
    List<Column> aggregates = new ArrayList<>();
    if (keys.isEmpty()) {
      aggregates.add(lit(OVERALL_NAME).as(SLICE_COLUMN));
      aggregates.add(lit(0).as(ORDER_COLUMN));
    } else {
      // grouping_id() has bit (n-1-i) set when key i is not grouped in the row's slice.
      Column sliceName = null;
      Column order = null;
      for (int s = 0; s < slices.size(); s++) {
        long id = 0;
        for (int k = 0; k < keys.size(); k++) {
          if (!slices.get(s).contains(keys.get(k))) {
            id |= 1L << (keys.size() - 1 - k);
          }
        }
        Column match = grouping_id().equalTo(lit(id));
        sliceName = sliceName == null ? when(match, lit(sliceName(slices.get(s))))
            : sliceName.when(match, lit(sliceName(slices.get(s))));
        order = order == null ? when(match, lit(s)) : order.when(match, lit(s));
      }
      aggregates.add(sliceName.as(SLICE_COLUMN));
      aggregates.add(order.as(ORDER_COLUMN));
    }
    aggregates.add(count(lit(1)).as(ROWS_COLUMN));
    for (Evaluation e : evaluations) {
      aggregates.add(loss(input, e).as(e.name()));
      Column complete = null;
      for (String c : e.columns()) {
        complete = complete == null ? input.col(c).isNotNull()
            : complete.and(input.col(c).isNotNull());
      }
      // A loss skips exactly the rows with a NULL argument; count them the same way.
      aggregates.add(count(when(complete, lit(1))).as(e.name() + ROWS_SUFFIX));
    }
    Column first = aggregates.get(0);
    Column[] rest = aggregates.subList(1, aggregates.size()).toArray(new Column[0]);
    Dataset<Row> grouped;
    if (keys.isEmpty()) {
      grouped = input.agg(first, rest);
    } else {
      List<scala.collection.immutable.Seq<Column>> sets = new ArrayList<>();
      for (List<String> slice : slices) {
        sets.add(seq(slice.stream().map(input::col).toList()));
      }
      grouped = input.groupingSets(seq(sets), keys.stream().map(input::col)
          .toArray(Column[]::new)).agg(first, rest);
    }
    List<Column> out = new ArrayList<>();
    out.add(col(SLICE_COLUMN));
    keys.forEach(k -> out.add(grouped.col(k)));
    out.add(col(ROWS_COLUMN));
    for (Evaluation e : evaluations) {
      out.add(col(e.name()));
      out.add(col(e.name() + ROWS_SUFFIX));
      out.add(col(ROWS_COLUMN).minus(col(e.name() + ROWS_SUFFIX)).as(e.name() + SKIPPED_SUFFIX));
    }
    out.add(col(ORDER_COLUMN));
    return grouped.select(out.toArray(new Column[0]));
  }

  /**
   * The result in one partition, ordered by slice (as listed) and keys, without the helper
   * column: a small table, written as one file.
   */
  static Dataset<Row> ordered(Dataset<Row> result, List<List<String>> slices) {
    List<Column> order = new ArrayList<>();
    order.add(col(ORDER_COLUMN));
    keys(slices).forEach(k -> order.add(result.col(k).asc_nulls_first()));
    return result.repartition(1).sortWithinPartitions(order.toArray(new Column[0]))
        .drop(ORDER_COLUMN);
  }

  private static Column loss(Dataset<Row> input, Evaluation e) {
    Column[] tensors = e.columns().stream().map(input::col).toArray(Column[]::new);
    return LossColumns.loss(e.loss().name(), e.reduction(), e.options(), tensors);
  }

  private static void resolve(Dataset<Row> input, String key, String column) {
    try {
      input.col(column);
    } catch (Exception e) { // AnalysisException, checked in Java
      throw JobException.config(key + ": column '" + column + "' is not in the input; "
          + "available columns: " + String.join(", ", input.columns()));
    }
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}
