package io.losseval.spark.columnar;

import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The rows of a view of a batch whose tensor arguments are all non-NULL, as a loss adds them (the
 * row path skips a row with a NULL argument): one task's reused list of row numbers.
 */
final class CompleteRows {
  private final int[] columns; // the tensor arguments' view columns

  /** The rows found by the last {@link #find}, in order. */
  int[] rows = new int[0];

  CompleteRows(int[] columns) {
    this.columns = columns.clone();
  }

  /**
   * The rows {@code order[from .. to)} (or {@code from .. to} when {@code order} is null) whose
   * arguments are all non-NULL, into {@link #rows}; their number.
   */
  int find(ColumnarBatch view, int[] order, int from, int to) {
    if (rows.length < to - from) {
      rows = new int[Math.max(to - from, 1024)];
    }
    boolean anyNull = false;
    for (int c : columns) {
      anyNull |= view.column(c).hasNull();
    }
    int m = 0;
    for (int k = from; k < to; k++) {
      int i = order == null ? k : order[k];
      if (!anyNull || !hasNull(view, i)) {
        rows[m++] = i;
      }
    }
    return m;
  }

  private boolean hasNull(ColumnarBatch view, int i) {
    for (int c : columns) {
      if (view.column(c).isNullAt(i)) {
        return true;
      }
    }
    return false;
  }
}
