package io.losseval.spark.columnar;

import io.losseval.core.LossKernel;
import io.losseval.core.Sample;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A loss over array and number columns that adds array rows in batches ({@code cross_entropy},
 * {@code nll_loss}): the arrays' values are copied from the column vector into one flat array and a
 * whole batch (or run of a group) goes to the kernel. A batch whose arrays cannot be read in place,
 * or that holds a NULL element, goes row by row through the row path's reader instead.
 */
final class ColumnarArrayLoss extends ColumnarLoss {
  private final NumberColumn[] numbers; // per argument: the number type read (an array's element)
  private final boolean[] isArray;
  private final Sample sample;

  ColumnarArrayLoss(Spec spec) {
    super(spec, false);
    numbers = NumberColumn.of(spec.types());
    isArray = new boolean[arguments];
    for (int a = 0; a < arguments; a++) {
      isArray[a] = spec.types()[a] instanceof ArrayType;
    }
    sample = new Sample(arguments);
  }

  @Override
  void add(ColumnarBatch view, BatchGroups groups) {
    for (int a = 0; a < arguments; a++) {
      if (isArray[a] && !(view.column(columns[a]) instanceof WritableColumnVector)) {
        addRowByRow(view, groups); // values that cannot be read in place
        return;
      }
    }
    int n = view.numRows();
    if (holdsNullElement(view, completeRows(view, null, 0, n))) {
      addRowByRow(view, groups); // the row path reports it
      return;
    }
    if (groups.sorted) {
      for (int r = 0; r < groups.runs; r++) {
        int m = completeRows(view, groups.order, groups.start[r], groups.start[r + 1]);
        addArrayRows(view, 0, m, groups.group[r]);
      }
      return;
    }
    int m = completeRows(view, null, 0, n);
    for (int j = 0; j < m; j++) {
      addArrayRows(view, j, 1, groups.of[rows[j]]);
    }
  }

  /**
   * Whether an array of the rows {@link #rows}{@code [0 .. m)} holds a NULL element. (A vector's
   * values may hold NULLs where its NULL arrays are, so only the rows' own values count.)
   */
  private boolean holdsNullElement(ColumnarBatch view, int m) {
    for (int a = 0; a < arguments; a++) {
      if (!isArray[a]) {
        continue;
      }
      WritableColumnVector v = (WritableColumnVector) view.column(columns[a]);
      WritableColumnVector values = v.arrayData();
      if (!values.hasNull()) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        int from = v.getArrayOffset(rows[j]);
        for (int k = from, end = from + v.getArrayLength(rows[j]); k < end; k++) {
          if (values.isNullAt(k)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Adds the rows {@link #rows}{@code [from .. from+m)}, all of group {@code g}. */
  private void addArrayRows(ColumnarBatch view, int from, int m, int g) {
    int width = -1;
    for (int a = 0; a < arguments; a++) {
      if (isArray[a]) {
        WritableColumnVector v = (WritableColumnVector) view.column(columns[a]);
        for (int j = 0; j < m; j++) {
          int length = v.getArrayLength(rows[from + j]);
          if (width >= 0 && length != width) {
            addArrayRowsOneByOne(view, from, m, g); // the kernel reports the mismatch
            return;
          }
          width = length;
        }
      }
    }
    for (int a = 0; a < arguments; a++) {
      if (isArray[a]) {
        WritableColumnVector v = (WritableColumnVector) view.column(columns[a]);
        WritableColumnVector elements = v.arrayData();
        double[] out = values(a, m * width);
        for (int j = 0; j < m; j++) {
          numbers[a].readRange(elements, v.getArrayOffset(rows[from + j]), width, out, j * width);
        }
        sample.set(a, out, 0, m * width, width);
      } else {
        double[] out = values(a, m);
        numbers[a].read(view.column(columns[a]), rows, from, m, out);
        sample.set(a, out, 0, m, 1);
      }
    }
    if (m == 1) {
      kernel.add(sample, state(g));
    } else {
      kernel.addArrayRows(sample, m, width, state(g));
    }
  }

  /** Rows of arrays of different lengths: one {@link LossKernel#add} each. */
  private void addArrayRowsOneByOne(ColumnarBatch view, int from, int m, int g) {
    for (int j = 0; j < m; j++) {
      for (int a = 0; a < arguments; a++) {
        if (isArray[a]) {
          WritableColumnVector v = (WritableColumnVector) view.column(columns[a]);
          int length = v.getArrayLength(rows[from + j]);
          double[] out = values(a, length);
          numbers[a].readRange(v.arrayData(), v.getArrayOffset(rows[from + j]), length, out, 0);
          sample.set(a, out, 0, length, 1);
        } else {
          double[] out = values(a, 1);
          numbers[a].read(view.column(columns[a]), rows, from + j, 1, out);
          sample.set(a, out, 0, 1, 1);
        }
      }
      kernel.add(sample, state(g));
    }
  }
}
