package io.losseval.spark.columnar;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import io.losseval.core.interval.BucketBatch;
import io.losseval.core.interval.BucketedState;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.spark.row.BoundLoss;
import io.losseval.spark.row.RowReader;
import java.util.Arrays;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * An interval or a comparison ({@code <loss>_ci}, {@code <loss>_compare}) of a columnar partial
 * aggregate: a {@link BucketedState} per group, emitted as its bytes exactly as the row path's
 * aggregate serializes it.
 *
 * <p>When the loss adds scalar rows in batches and every tensor argument (and the key, if any) is a
 * column, a batch's tensors are read into arrays, the key's hash computed per row by the row path's
 * {@link BoundLoss#keyHash}, and the rows go to the core's {@link BucketBatch}, which holds them
 * per group and bucket across batches and adds a bucket's rows to its state in one long kernel
 * call; a group's held rows are added before its state is emitted. Anything else (array, vector or
 * computed arguments, a computed key) is read row by row through the row path's {@link RowReader}.
 * Either way a row reaches the bucket the row path gives it, and exact sums make the bits the row
 * path's.
 */
final class ColumnarInterval implements ColumnarFunction {
  private final BoundLoss loss;
  private final IntervalEstimator estimator;
  private final byte[] emptyState;
  private final RowReader reader; // the row way, else null
  private final int tensors;
  private final int[] columns; // per tensor argument, its view column
  private final int keyColumn; // the key's view column, or -1 without a key
  private final NumberColumn[] numbers; // the column way, else null
  private final CompleteRows complete;
  private final BucketBatch batch; // the column way, else null
  private final Sample read; // the rows read, argument by argument
  private double[][] values;
  private long[] keyHashes = new long[0];
  private int[] groupOf = new int[0]; // per row read, its group
  private final GroupStates<BucketedState> states;
  private final BucketBatch.States made; // states made on first use, for the batch

  ColumnarInterval(ColumnarLoss.Spec spec) {
    this.loss = spec.loss();
    this.estimator = loss.estimator();
    this.emptyState = estimator.newState().toBytes();
    this.states = new GroupStates<>(estimator::newState);
    this.made = states::get;
    int[] all = spec.columns();
    this.tensors = estimator.keyed() ? all.length - 1 : all.length;
    this.columns = Arrays.copyOf(all, tensors);
    this.keyColumn = estimator.keyed() ? all[tensors] : -1;
    boolean columnar =
        estimator.batchesScalarRows()
            && spec.flat(false, tensors)
            && (!estimator.keyed() || keyColumn >= 0);
    this.reader = columnar ? null : loss.newReader(false);
    this.numbers = columnar ? NumberColumn.of(Arrays.copyOf(spec.types(), tensors)) : null;
    this.complete = new CompleteRows(columns);
    this.batch = columnar ? new BucketBatch(estimator, tensors) : null;
    this.read = new Sample(tensors);
    this.values = new double[tensors][0];
  }

  @Override
  public void grow(int capacity) {
    states.grow(capacity);
    if (batch != null) {
      try {
        batch.room(capacity, made);
      } catch (LossDataException e) {
        throw loss.located(e);
      }
    }
  }

  @Override
  public void update(ColumnarBatch view, BatchGroups groups) {
    if (reader != null) {
      // the reader locates its own data errors
      for (int i = 0, n = view.numRows(); i < n; i++) {
        reader.add(view.getRow(i), states.get(groups.of(i)));
      }
      return;
    }
    try {
      int m = read(view);
      int[] rows = complete.rows;
      int[] of = groups.of;
      if (of != null) {
        if (groupOf.length < m) {
          groupOf = new int[Math.max(m, 2 * groupOf.length)];
        }
        for (int j = 0; j < m; j++) {
          groupOf[j] = of[rows[j]];
        }
      }
      batch.add(read, m, of == null ? null : groupOf, keyColumn < 0 ? null : keyHashes, made);
    } catch (LossDataException e) {
      throw loss.located(e);
    }
  }

  /**
   * Reads the rows of {@code view} with no NULL tensor into {@link #read} and their key hashes into
   * {@link #keyHashes}; their number.
   */
  private int read(ColumnarBatch view) {
    int m = complete.find(view, null, 0, view.numRows());
    int[] rows = complete.rows;
    for (int a = 0; a < tensors; a++) {
      if (values[a].length < m) {
        values[a] = new double[Math.max(m, 2 * values[a].length)];
      }
      numbers[a].read(view.column(columns[a]), rows, 0, m, values[a]);
      read.set(a, values[a], 0, m, 1);
    }
    if (keyColumn >= 0) {
      if (keyHashes.length < m) {
        keyHashes = new long[Math.max(m, 2 * keyHashes.length)];
      }
      for (int j = 0; j < m; j++) {
        keyHashes[j] = loss.keyHash(view.getRow(rows[j]));
      }
    }
    return m;
  }

  @Override
  public Object partial(int g) {
    if (batch != null) {
      try {
        batch.flush(g, made);
      } catch (LossDataException e) {
        throw loss.located(e);
      }
    }
    BucketedState s = states.held(g);
    return s == null ? emptyState : s.toBytes();
  }

  @Override
  public void clear(int groups) {
    states.clear(groups);
    if (batch != null) {
      batch.clear(groups);
    }
  }

  @Override
  public long bytesPerGroup() {
    // per side and bucket a loss state (as ColumnarLoss counts one), the distinct-row sketch of an
    // unkeyed state (128 hashes and counts), and the rows held per bucket
    long perBucket = 0;
    for (var side : estimator.layout().sides()) {
      perBucket += 8 + 64 + side.sumCount() * 80L;
    }
    return 16
        + estimator.layout().buckets() * perBucket
        + (estimator.keyed() ? 0 : 2 * 8 * 128)
        + (batch == null ? 0 : BucketBatch.bytesPerGroup(estimator, tensors));
  }

  @Override
  public long bytesPerTask() {
    // the held rows' budget, whatever the number of groups
    return batch == null ? 0 : BucketBatch.bytesPerTask();
  }
}
