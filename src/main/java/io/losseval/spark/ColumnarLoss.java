package io.losseval.spark;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.RowBatch;
import io.losseval.core.Sample;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * One loss of a columnar partial aggregate: a {@link LossState} per group, fed from whole column
 * batches, and emitted as the state's bytes exactly as {@link LossAggregate} serializes it.
 *
 * <p>Three ways in, chosen when the plan is made:
 *
 * <ul>
 *   <li><b>numbers</b>: number columns of a loss that adds scalar rows in batches ({@code mse_loss}
 *       and the other elementwise losses). The columns are read into arrays and added in one kernel
 *       call per batch without GROUP BY, or per group when a batch holds long runs of each group;
 *       otherwise each row goes to its group's slots in a flat arena ({@value #SLOTS} rows per
 *       group) and a full group is added in one call, so that a group's state is touched once per
 *       {@value #SLOTS} rows;
 *   <li><b>arrays</b>: array and number columns of a loss that adds array rows in batches ({@code
 *       cross_entropy}, {@code nll_loss}): the arrays' values are copied from the column vector
 *       into one flat array and a whole batch (or run of a group) goes to the kernel;
 *   <li><b>rows</b>: anything else (vectors, nested arrays, computed arguments) is read row by row
 *       from the batch by the same {@link LossCall} readers as the row path.
 * </ul>
 *
 * Exact sums do not depend on the order of additions, so every way gives the row path's bits.
 */
final class ColumnarLoss implements ColumnarFunction {
  /** Rows a group's arena slots hold before they are added to its state. */
  static final int SLOTS = 16;

  /**
   * A loss as a columnar aggregate adds it.
   *
   * @param node the loss call bound to the view's columns
   * @param columns per tensor argument, the view column it reads, or -1 when it is computed
   * @param types per tensor argument, its type
   */
  record Spec(LossNode node, int[] columns, DataType[] types) implements Serializable {
    /** Whether every argument is a column and each one a number or an array of numbers. */
    private boolean flat(boolean arraysAllowed) {
      for (int a = 0; a < columns.length; a++) {
        DataType t =
            types[a] instanceof ArrayType at && arraysAllowed ? at.elementType() : types[a];
        if (columns[a] < 0 || !NumberColumn.supports(t)) {
          return false;
        }
      }
      return true;
    }

    ColumnarLoss create(boolean grouped) {
      LossKernel kernel = node.call.kernel;
      Mode mode =
          kernel.batchesScalarRows() && flat(false)
              ? Mode.NUMBERS
              : kernel.batchesArrayRows() && flat(true) ? Mode.ARRAYS : Mode.ROWS;
      return new ColumnarLoss(this, mode, grouped);
    }
  }

  private enum Mode {
    NUMBERS,
    ARRAYS,
    ROWS
  }

  private final LossNode node;
  private final LossCall call;
  private final LossKernel kernel;
  private final Mode mode;
  private final int arguments;
  private final byte[] emptyState;
  private LossState[] states = new LossState[1];

  // numbers and arrays
  private final int[] columns;
  private final NumberColumn[] numbers; // per argument: the number type read (an array's element)
  private final boolean[] isArray;
  private final Sample sample;
  private double[][] values; // per argument, the batch's (or run's) values
  private int[] rows = new int[0];
  private double[] arena; // [group][slot][argument]; grouped numbers only
  private byte[] held; // rows in each group's slots
  private double[][] heldColumns; // a group's held rows, argument by argument, for the kernel

  // rows (also for batches the array way cannot read in place)
  private final Sample rowSample;
  private final UnsafeProjection projection;
  private final RowBatch batch;

  private ColumnarLoss(Spec spec, Mode mode, boolean grouped) {
    this.node = spec.node();
    this.call = node.call;
    this.kernel = call.kernel;
    this.mode = mode;
    this.arguments = spec.columns().length;
    this.emptyState = kernel.newState().toBytes();
    this.columns = spec.columns().clone();
    numbers = new NumberColumn[arguments];
    isArray = new boolean[arguments];
    values = new double[arguments][0];
    rowSample = call.newSample();
    projection = call.newProjection();
    batch = grouped || mode != Mode.ROWS ? null : call.newBatch();
    if (mode == Mode.ROWS) {
      sample = null;
      return;
    }
    for (int a = 0; a < arguments; a++) {
      DataType t = spec.types()[a];
      isArray[a] = t instanceof ArrayType;
      numbers[a] = new NumberColumn(t instanceof ArrayType at ? at.elementType() : t);
    }
    sample = new Sample(arguments);
    if (grouped && mode == Mode.NUMBERS) {
      arena = new double[SLOTS * arguments];
      held = new byte[1];
      heldColumns = new double[arguments][SLOTS];
    }
  }

  @Override
  public void grow(int capacity) {
    if (states.length < capacity) {
      states = Arrays.copyOf(states, capacity);
      if (arena != null) {
        arena = Arrays.copyOf(arena, capacity * SLOTS * arguments);
        held = Arrays.copyOf(held, capacity);
      }
    }
  }

  private LossState state(int g) {
    LossState s = states[g];
    if (s == null) {
      s = kernel.newState();
      states[g] = s;
    }
    return s;
  }

  @Override
  public void update(ColumnarBatch view, BatchGroups groups) {
    try {
      switch (mode) {
        case NUMBERS:
          updateNumbers(view, groups);
          break;
        case ARRAYS:
          updateArrays(view, groups);
          break;
        default:
          updateRows(view, groups);
          break;
      }
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  /** {@code values[a]} with room for {@code n} values. */
  private double[] values(int a, int n) {
    if (values[a].length < n) {
      values[a] = new double[Math.max(n, 2 * values[a].length)];
    }
    return values[a];
  }

  private void updateNumbers(ColumnarBatch view, BatchGroups groups) {
    if (groups.sorted) {
      for (int r = 0; r < groups.runs; r++) {
        int m = completeRows(view, groups.order, groups.start[r], groups.start[r + 1]);
        for (int a = 0; a < arguments; a++) {
          numbers[a].read(view.column(columns[a]), rows, 0, m, values(a, m));
          sample.set(a, values[a], 0, m, 1);
        }
        kernel.addBatch(sample, m, state(groups.group[r]));
      }
      return;
    }
    int m = completeRows(view, null, 0, view.numRows());
    for (int a = 0; a < arguments; a++) {
      numbers[a].read(view.column(columns[a]), rows, 0, m, values(a, m));
    }
    double[] slots = arena;
    int args = arguments;
    for (int j = 0; j < m; j++) {
      int g = groups.of[rows[j]];
      int k = held[g];
      // a row's arguments side by side: one cache line per row for a group far away in memory
      int base = (g * SLOTS + k) * args;
      for (int a = 0; a < args; a++) {
        slots[base + a] = values[a][j];
      }
      if (++k == SLOTS) {
        addHeld(g, SLOTS);
        k = 0;
      }
      held[g] = (byte) k;
    }
  }

  /** Adds the {@code count} rows held in group {@code g}'s slots to its state. */
  private void addHeld(int g, int count) {
    int base = g * SLOTS * arguments;
    for (int a = 0; a < arguments; a++) {
      double[] column = heldColumns[a];
      for (int k = 0; k < count; k++) {
        column[k] = arena[base + k * arguments + a];
      }
      sample.set(a, column, 0, count, 1);
    }
    kernel.addBatch(sample, count, state(g));
  }

  /**
   * The rows {@code order[from .. to)} (or {@code from .. to} when {@code order} is null) whose
   * arguments are all non-NULL, into {@link #rows}; their number.
   */
  private int completeRows(ColumnarBatch view, int[] order, int from, int to) {
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

  private void updateArrays(ColumnarBatch view, BatchGroups groups) {
    for (int a = 0; a < arguments; a++) {
      if (isArray[a] && !(view.column(columns[a]) instanceof WritableColumnVector)) {
        updateRows(view, groups); // values that cannot be read in place
        return;
      }
    }
    int n = view.numRows();
    if (holdsNullElement(view, completeRows(view, null, 0, n))) {
      updateRows(view, groups); // the row path reports it
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
        numbers[a].read(view.column(columns[a]), rows, from, m, values(a, m));
        sample.set(a, values[a], 0, m, 1);
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
          numbers[a].read(view.column(columns[a]), rows, from + j, 1, values(a, 1));
          sample.set(a, values[a], 0, 1, 1);
        }
      }
      kernel.add(sample, state(g));
    }
  }

  private void updateRows(ColumnarBatch view, BatchGroups groups) {
    int n = view.numRows();
    if (batch != null) {
      LossState s = state(0);
      for (int i = 0; i < n; i++) {
        if (call.read(view.getRow(i), projection, batch)) {
          batch.commit(s);
        }
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      if (call.read(view.getRow(i), projection, rowSample)) {
        kernel.add(rowSample, state(groups.of(i)));
      }
    }
  }

  @Override
  public Object partial(int g) {
    try {
      if (held != null && held[g] > 0) {
        addHeld(g, held[g]);
        held[g] = 0;
      }
      if (batch != null) {
        batch.flush();
      }
    } catch (LossDataException e) {
      throw node.located(e);
    }
    LossState s = states[g];
    return s == null ? emptyState : s.toBytes();
  }

  @Override
  public void clear(int groups) {
    Arrays.fill(states, 0, Math.max(groups, 1), null);
    if (held != null) {
      Arrays.fill(held, 0, Math.max(groups, 1), (byte) 0);
    }
  }

  @Override
  public long bytesPerGroup() {
    // a state: its object, its sums and their digit windows (about 150 to 200 bytes, see
    // BENCHMARKS.md), plus the reference to it and the arena's slots
    return 8
        + 64
        + kernel.layout().sumCount() * 80L
        + (arena == null ? 0 : 1 + 8L * SLOTS * arguments);
  }
}
