package io.losseval.job.query;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.result.TextFormat;
import io.losseval.spark.LossSql;
import io.losseval.spark.internal.ScalaSeqs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the input rows a loss rejects, after a data error stopped the evaluation (Spark reports the
 * bad value, not its row): a second pass over the evaluated rows in which every row is checked on
 * its own by each evaluation's kernel, through the core API, until a few bad rows are found. Each
 * is shown with its id column (when the configuration names one) or its slice keys, and the values
 * of the evaluation's columns. Diagnostics only: a failure here is logged and the data error is
 * reported without rows.
 */
final class RejectedRows {
  /** Rows shown at most. */
  public static final int LIMIT = 5;

  private static final Logger LOG = LoggerFactory.getLogger(RejectedRows.class);

  private RejectedRows() {}

  /**
   * Where a data error came from, as lines to add to its message: the rows a second pass over
   * {@code input} finds the configuration's losses reject (at most {@link #LIMIT}, with their ids
   * where there is an id-column); "" when it finds none.
   */
  public static String explain(Dataset<Row> input, JobConfig config) {
    List<String> found =
        find(input, config.evaluations(), config.idColumn(), ResultColumns.keys(config.slices()));
    if (found.isEmpty()) {
      return "";
    }
    return "\nlosseval: rows a loss rejects (the first "
        + LIMIT
        + " at most"
        + (config.idColumn() == null ? "; set id-column = COLUMN to see the rows' ids" : "")
        + "):\n  "
        + String.join("\n  ", found);
  }

  /**
   * Lines describing the first rows of {@code input} that an evaluation rejects, identified by
   * {@code idColumn} or, when it is null, by the slice columns {@code keys}; empty when none is
   * found or the search fails.
   */
  public static List<String> find(
      Dataset<Row> input, List<Evaluation> evaluations, String idColumn, List<String> keys) {
    try {
      List<String> shown = idColumn != null ? List.of(idColumn) : keys;
      LinkedHashSet<String> columns = new LinkedHashSet<>(shown);
      evaluations.forEach(e -> columns.addAll(e.columns()));
      List<String> selected = List.copyOf(columns);
      Dataset<Row> rows =
          input.select(
              selected.stream().map(c -> input.col(LossSql.quote(c))).toArray(Column[]::new));
      List<Check> checks = new ArrayList<>();
      for (Evaluation e : evaluations) {
        int[] at = e.columns().stream().mapToInt(selected::indexOf).toArray();
        List<Shape> shapes = new ArrayList<>();
        for (int a : at) {
          shapes.add(shapeOf(rows.schema().fields()[a].dataType()));
        }
        checks.add(new Check(e.name(), e.columns(), at, e.loss().bind(e.options(), shapes)));
      }
      int[] shownAt = shown.stream().mapToInt(selected::indexOf).toArray();
      return rows.mapPartitions(new Search(checks, shown, shownAt), Encoders.STRING())
          .takeAsList(LIMIT);
    } catch (Exception e) { // SparkException is checked in Java
      LOG.warn("could not look for the rejected rows: {}", e.toString());
      return List.of();
    }
  }

  private static Shape shapeOf(DataType type) {
    if (type instanceof NumericType) {
      return Shape.SCALAR;
    }
    return type instanceof ArrayType a && a.elementType() instanceof ArrayType
        ? Shape.MATRIX
        : Shape.ARRAY; // arrays of numbers and ML Vectors
  }

  /** One evaluation's kernel and where its columns are in the selected row. */
  private record Check(String result, List<String> columns, int[] at, LossKernel kernel)
      implements Serializable {}

  /** Runs on the executors: checks each row with every kernel, emits the rejected ones. */
  private static final class Search implements MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    private final List<Check> checks;
    private final List<String> shown;
    private final int[] shownAt;

    Search(List<Check> checks, List<String> shown, int[] shownAt) {
      this.checks = List.copyOf(checks);
      this.shown = List.copyOf(shown);
      this.shownAt = shownAt;
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) {
      List<String> out = new ArrayList<>();
      while (rows.hasNext() && out.size() < LIMIT) {
        Row row = rows.next();
        for (Check c : checks) {
          String rejected = rejection(c, row);
          if (rejected != null) {
            out.add(describe(row, c, rejected));
            break;
          }
        }
      }
      return out.iterator();
    }

    /** Why the check's kernel rejects the row, or null when it takes (or skips) it. */
    private static String rejection(Check c, Row row) {
      Sample sample = new Sample(c.at().length);
      try {
        for (int a = 0; a < c.at().length; a++) {
          if (row.isNullAt(c.at()[a])) {
            return null; // skipped, as the aggregate skips it
          }
          fill(sample, a, row.get(c.at()[a]), c.columns().get(a));
        }
        c.kernel().add(sample, c.kernel().newState());
        return null;
      } catch (RuntimeException e) { // LossDataException, or a corrupt value
        return e.getMessage();
      }
    }

    private String describe(Row row, Check c, String why) {
      List<String> key = new ArrayList<>();
      for (int i = 0; i < shown.size(); i++) {
        key.add(shown.get(i) + "=" + TextFormat.value(row.get(shownAt[i])));
      }
      List<String> values = new ArrayList<>();
      for (int a = 0; a < c.at().length; a++) {
        values.add(c.columns().get(a) + "=" + TextFormat.value(row.get(c.at()[a])));
      }
      return (key.isEmpty() ? "" : String.join(", ", key) + ": ")
          + c.result()
          + ": "
          + why
          + "; "
          + String.join(", ", values);
    }
  }

  /**
   * Points argument {@code a} of {@code sample} at a row's value, as Spark hands it to a Java
   * function: a number, an array of numbers, an array of arrays (row-major, every line as long), or
   * an ML Vector ({@code toArray()}, called by name so that MLlib need not be on the class path).
   */
  private static void fill(Sample sample, int a, Object v, String column) {
    if (v instanceof Number n) {
      sample.set(a, new double[] {n.doubleValue()});
      return;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      List<Double> flat = new ArrayList<>();
      int width = -1;
      for (Object e : ScalaSeqs.toList(seq)) {
        if (e instanceof scala.collection.Seq<?> line) {
          if (width >= 0 && line.size() != width) {
            throw new LossDataException(
                a,
                column
                    + " has lines of "
                    + width
                    + " and "
                    + line.size()
                    + " values; every line must have the same length");
          }
          width = line.size();
          ScalaSeqs.toList(line).forEach(x -> flat.add(element(x, a, column)));
        } else {
          flat.add(element(e, a, column));
        }
      }
      double[] values = flat.stream().mapToDouble(Double::doubleValue).toArray();
      sample.set(a, values, 0, values.length, Math.max(width, 1));
      return;
    }
    try {
      sample.set(a, (double[]) v.getClass().getMethod("toArray").invoke(v));
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new LossDataException(
          a, column + " holds a value that is no number, array or " + "vector: " + v);
    }
  }

  private static double element(Object x, int argument, String column) {
    if (!(x instanceof Number n)) {
      throw new LossDataException(
          argument, column + " holds a NULL element; arrays must be " + "complete");
    }
    return n.doubleValue();
  }
}
