package io.losseval.spark.columnar;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.vectorized.ColumnVectorUtils;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The rows a columnar partial aggregate reads, as views of the child's column batches: one view per
 * grouping set when an {@code Expand} sits below the aggregate (each input row counts once per
 * grouping set), otherwise one. Column {@code c} of a view is a column of the child's batch or a
 * constant (a grouping set's NULL keys and its grouping id), so no row is copied.
 */
final class ColumnarInput implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DataType[] types;
  private final int[][] childColumn; // [view][column]: the child's column, or -1 for a constant
  private final Object[][] constants; // [view][column]: Catalyst value where childColumn is -1

  /**
   * @param types the type of each column the aggregate reads
   * @param childColumn per view and column, the child batch's column, or -1 for a constant
   * @param constants per view and column, the constant's Catalyst value (null for NULL)
   */
  ColumnarInput(DataType[] types, int[][] childColumn, Object[][] constants) {
    this.types = types.clone();
    this.childColumn = childColumn;
    this.constants = constants;
  }

  /** The identity view: the aggregate reads the child's columns as they are. */
  static ColumnarInput identity(List<DataType> types) {
    int n = types.size();
    int[] columns = new int[n];
    for (int c = 0; c < n; c++) {
      columns[c] = c;
    }
    return new ColumnarInput(
        types.toArray(new DataType[0]), new int[][] {columns}, new Object[][] {new Object[n]});
  }

  /** Number of views of each batch (grouping sets; 1 without Expand). */
  int views() {
    return childColumn.length;
  }

  /** Number of columns the aggregate reads. */
  int columns() {
    return types.length;
  }

  DataType type(int column) {
    return types[column];
  }

  /** Per view, reusable batches whose constant columns are filled once (for one task). */
  Views newViews() {
    return new Views();
  }

  /** One task's view batches; {@link #of} points them at the columns of the next input batch. */
  final class Views {
    private final ColumnVector[][] vectors = new ColumnVector[views()][];
    private final ColumnarBatch[] batches = new ColumnarBatch[views()];

    private Views() {
      for (int v = 0; v < vectors.length; v++) {
        vectors[v] = new ColumnVector[types.length];
        for (int c = 0; c < types.length; c++) {
          if (childColumn[v][c] < 0) {
            // A constant vector does not depend on the row count: one value for every row.
            ConstantColumnVector constant = new ConstantColumnVector(1, types[c]);
            ColumnVectorUtils.populate(
                constant, new GenericInternalRow(new Object[] {constants[v][c]}), 0);
            vectors[v][c] = constant;
          }
        }
        batches[v] = new ColumnarBatch(vectors[v]);
      }
    }

    /** View {@code v} of {@code input}: valid until the next call for the same view. */
    ColumnarBatch of(int v, ColumnarBatch input) {
      ColumnVector[] view = vectors[v];
      for (int c = 0; c < view.length; c++) {
        int from = childColumn[v][c];
        if (from >= 0) {
          view[c] = input.column(from);
        }
      }
      batches[v].setNumRows(input.numRows());
      return batches[v];
    }
  }

  /** A short description for EXPLAIN: how many grouping sets each batch is read as. */
  String describe() {
    return views() == 1 ? "" : ", grouping sets=" + views();
  }

  /** Builds an input column by column; see {@link ColumnarAggregateRule}. */
  static final class Builder {
    private final List<DataType> types = new ArrayList<>();
    private final List<int[]> columns = new ArrayList<>();
    private final List<Object[]> values = new ArrayList<>();

    /** Adds a column: per view, the child's column (or -1) and the constant value. */
    Builder add(DataType type, int[] childColumns, Object[] constantValues) {
      types.add(type);
      columns.add(childColumns);
      values.add(constantValues);
      return this;
    }

    ColumnarInput build(int views) {
      int n = types.size();
      int[][] childColumn = new int[views][n];
      Object[][] constants = new Object[views][n];
      for (int c = 0; c < n; c++) {
        for (int v = 0; v < views; v++) {
          childColumn[v][c] = columns.get(c)[v];
          constants[v][c] = values.get(c)[v];
        }
      }
      return new ColumnarInput(types.toArray(new DataType[0]), childColumn, constants);
    }
  }
}
