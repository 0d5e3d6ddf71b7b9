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
 * column, the tensors are read into arrays, the key's hash computed per row by the row path's
 * {@link BoundLoss#keyHash}, and a group's rows (a whole batch without GROUP BY, or a group's run)
 * go to their buckets through the core's {@link BucketBatch} (rows of groups too small to run, one
 * by one). Anything else (array, vector or computed arguments, a computed key) is read row by row
 * through the row path's {@link RowReader}. Either way a row reaches the bucket the row path gives
 * it, and exact sums make the bits the row path's.
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
  private final BucketBatch batch;
  private final Sample read; // the rows read, argument by argument
  private final Sample one; // one row of them
  private final long[] oneKey = new long[1]; // its key hash
  private double[][] values;
  private long[] keyHashes = new long[0];
  private final GroupStates<BucketedState> states;

  ColumnarInterval(ColumnarLoss.Spec spec) {
    this.loss = spec.loss();
    this.estimator = loss.estimator();
    this.emptyState = estimator.newState().toBytes();
    this.states = new GroupStates<>(estimator::newState);
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
    this.one = new Sample(tensors);
    this.values = new double[tensors][0];
  }

  @Override
  public void grow(int capacity) {
    states.grow(capacity);
  }

  private BucketedState state(int g) {
    return states.get(g);
  }

  @Override
  public void update(ColumnarBatch view, BatchGroups groups) {
    if (reader != null) {
      // the reader locates its own data errors
      for (int i = 0, n = view.numRows(); i < n; i++) {
        reader.add(view.getRow(i), state(groups.of(i)));
      }
      return;
    }
    try {
      if (groups.sorted) {
        for (int r = 0; r < groups.runs; r++) {
          int m = read(view, groups.order, groups.start[r], groups.start[r + 1]);
          batch.add(read, m, keyColumn < 0 ? null : keyHashes, state(groups.group[r]));
        }
        return;
      }
      int m = read(view, null, 0, view.numRows());
      int[] rows = complete.rows;
      for (int j = 0; j < m; j++) {
        addOne(j, state(groups.of(rows[j])));
      }
    } catch (LossDataException e) {
      throw loss.located(e);
    }
  }

  /**
   * Reads the rows {@code order[from .. to)} (or {@code from .. to}) with no NULL tensor into
   * {@link #read} and their key hashes into {@link #keyHashes}; their number.
   */
  private int read(ColumnarBatch view, int[] order, int from, int to) {
    int m = complete.find(view, order, from, to);
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

  /** Adds row {@code j} of {@link #read} to {@code state}, a batch of one row. */
  private void addOne(int j, BucketedState state) {
    for (int a = 0; a < tensors; a++) {
      one.set(a, values[a], j, 1, 1);
    }
    boolean keyed = keyColumn >= 0;
    if (keyed) {
      oneKey[0] = keyHashes[j];
    }
    batch.add(one, 1, keyed ? oneKey : null, state);
  }

  @Override
  public Object partial(int g) {
    BucketedState s = states.held(g);
    return s == null ? emptyState : s.toBytes();
  }

  @Override
  public void clear(int groups) {
    states.clear(groups);
  }

  @Override
  public long bytesPerGroup() {
    // per side and bucket a loss state (as ColumnarLoss counts one), and the distinct-row sketch
    // of an unkeyed state (128 hashes and counts)
    long perBucket = 0;
    for (var side : estimator.layout().sides()) {
      perBucket += 8 + 64 + side.sumCount() * 80L;
    }
    return 16 + estimator.layout().buckets() * perBucket + (estimator.keyed() ? 0 : 2 * 8 * 128);
  }
}
