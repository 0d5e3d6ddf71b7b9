package io.losseval.spark.columnar;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.spark.internal.NumberType;
import io.losseval.spark.row.BoundLoss;
import io.losseval.spark.row.RowReader;
import java.io.Serializable;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * One loss of a columnar partial aggregate: a {@link LossState} per group, fed from whole column
 * batches, and emitted as the state's bytes exactly as the row path's aggregate serializes it.
 *
 * <p>Three ways in, one subclass each, chosen when the plan is made ({@link Spec#create}):
 *
 * <ul>
 *   <li>{@link ColumnarNumberLoss}: number columns of a loss that adds scalar rows in batches
 *       ({@code mse_loss} and the other elementwise losses);
 *   <li>{@link ColumnarArrayLoss}: array and number columns of a loss that adds array rows in
 *       batches ({@code cross_entropy}, {@code nll_loss});
 *   <li>{@link ColumnarRowLoss}: anything else (vectors, nested arrays, computed arguments), read
 *       row by row from the batch by the row path's {@link RowReader}.
 * </ul>
 *
 * Exact sums do not depend on the order of additions, so every way gives the row path's bits. This
 * class holds what the three share: the states, the rows of a batch with no NULL argument, the
 * arrays values are read into, and the row reader (the array way falls back to it).
 */
abstract class ColumnarLoss implements ColumnarFunction {
  /**
   * A loss as a columnar aggregate adds it.
   *
   * @param loss the loss call bound to the view's columns
   * @param columns per tensor argument, the view column it reads, or -1 when it is computed
   * @param types per tensor argument, its type
   */
  record Spec(BoundLoss loss, int[] columns, DataType[] types) implements Serializable {
    /**
     * Whether each of the first {@code count} arguments is a column of numbers (or, with {@code
     * arraysAllowed}, of arrays of numbers).
     */
    boolean flat(boolean arraysAllowed, int count) {
      for (int a = 0; a < count; a++) {
        DataType t =
            types[a] instanceof ArrayType at && arraysAllowed ? at.elementType() : types[a];
        if (columns[a] < 0 || !NumberType.isNumber(t)) {
          return false;
        }
      }
      return true;
    }

    /**
     * The function for one task; {@code grouped} when the aggregate has grouping keys. An interval
     * or a comparison is a {@link ColumnarInterval}.
     */
    ColumnarFunction create(boolean grouped) {
      if (loss.estimator() != null) {
        return new ColumnarInterval(this);
      }
      LossKernel kernel = loss.kernel();
      if (kernel.batchesScalarRows() && flat(false, columns.length)) {
        return new ColumnarNumberLoss(this, grouped);
      }
      if (kernel.batchesArrayRows() && flat(true, columns.length)) {
        return new ColumnarArrayLoss(this);
      }
      return new ColumnarRowLoss(this, grouped);
    }
  }

  private final BoundLoss loss;
  final LossKernel kernel;
  final int arguments;
  final int[] columns;
  private final byte[] emptyState;
  private final RowReader reader; // rows read one by one
  private final GroupStates<LossState> states;
  private double[][] values; // per argument, the batch's (or run's) values
  private final CompleteRows complete;
  int[] rows = new int[0]; // rows of the batch with no NULL argument, from completeRows

  /** {@code batching}: the row reader batches scalar rows (one state: no GROUP BY). */
  ColumnarLoss(Spec spec, boolean batching) {
    this.loss = spec.loss();
    this.kernel = loss.kernel();
    this.states = new GroupStates<>(kernel::newState);
    this.arguments = spec.columns().length;
    this.columns = spec.columns().clone();
    this.complete = new CompleteRows(columns);
    this.emptyState = kernel.newState().toBytes();
    this.reader = loss.newReader(batching);
    this.values = new double[arguments][0];
  }

  @Override
  public void grow(int capacity) {
    states.grow(capacity);
  }

  /** The state of group {@code g}, made on first use. */
  final LossState state(int g) {
    return states.get(g);
  }

  @Override
  public final void update(ColumnarBatch view, BatchGroups groups) {
    try {
      add(view, groups);
    } catch (LossDataException e) {
      throw loss.located(e);
    }
  }

  /**
   * Adds the rows of {@code view} to their groups' states; a data error is located by the caller.
   */
  abstract void add(ColumnarBatch view, BatchGroups groups);

  /** Adds what is held for group {@code g} to its state, before the state is emitted. */
  void settle(int g) {}

  /** {@code values[a]} with room for {@code n} values. */
  final double[] values(int a, int n) {
    if (values[a].length < n) {
      values[a] = new double[Math.max(n, 2 * values[a].length)];
    }
    return values[a];
  }

  /** The rows of {@code order[from .. to)} with no NULL argument, into {@link #rows}; how many. */
  final int completeRows(ColumnarBatch view, int[] order, int from, int to) {
    int m = complete.find(view, order, from, to);
    rows = complete.rows;
    return m;
  }

  /** Reads every row of {@code view} with the row path's reader and adds it to its group. */
  final void addRowByRow(ColumnarBatch view, BatchGroups groups) {
    int n = view.numRows();
    for (int i = 0; i < n; i++) {
      reader.add(view.getRow(i), state(groups.of(i)));
    }
  }

  @Override
  public final Object partial(int g) {
    try {
      settle(g);
      reader.flush();
    } catch (LossDataException e) {
      throw loss.located(e);
    }
    LossState s = states.held(g);
    return s == null ? emptyState : s.toBytes();
  }

  @Override
  public void clear(int groups) {
    states.clear(groups);
  }

  @Override
  public long bytesPerGroup() {
    // a state: its object, its sums and their digit windows (about 150 to 200 bytes, see
    // BENCHMARKS.md), plus the reference to it
    return 8 + 64 + kernel.layout().sumCount() * 80L;
  }
}
