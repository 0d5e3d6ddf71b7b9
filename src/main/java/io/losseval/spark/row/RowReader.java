package io.losseval.spark.row;

import io.losseval.core.ArrayRowBatch;
import io.losseval.core.LossDataException;
import io.losseval.core.LossState;
import io.losseval.core.RowBatch;
import io.losseval.core.Sample;
import io.losseval.core.interval.BucketedState;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.core.interval.PairedRow;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;

/**
 * How every loss expression, and the columnar path for the arguments it cannot read as columns,
 * reads Spark's rows, for one task: the arguments of a row into one reused {@link Sample} (no
 * object per row), computed arguments through one generated projection, scalar rows of one state
 * through a {@link RowBatch} and array rows of one state and width through an {@link ArrayRowBatch}
 * when batching, and every data error reported with its column (a {@link
 * io.losseval.spark.LossDataError}).
 *
 * <p>Not thread-safe; a reader belongs to one expression instance or one columnar task, and is made
 * on its first row (so that nothing of it ships with the plan).
 */
public final class RowReader {
  private final LossNode node;
  private final LossCall call;
  private final Sample sample;
  private final UnsafeProjection projection; // computed arguments; null if all are columns
  private final RowBatch batch; // null unless batching and the kernel adds scalar rows in batches
  private final ArrayRowBatch arrays; // likewise, for a kernel that adds array rows in batches
  private final long[] keyHash = new long[1]; // the current row's key hash, for a keyed call
  private PairedRow pair; // a comparison's views of the sample's two sides, made on first use

  RowReader(LossNode node, boolean batching) {
    this.node = node;
    this.call = node.call;
    this.sample = call.newSample();
    this.projection = call.newProjection();
    this.batch = batching ? call.newBatch() : null;
    this.arrays = batching ? call.newArrayBatch() : null;
  }

  /**
   * Reads the arguments of {@code row} into {@link #sample()} (and a keyed call's key hash); false
   * when a tensor argument is NULL, so that the row is skipped.
   */
  public boolean read(InternalRow row) {
    try {
      return call.read(row, projection, sample, keyHash);
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  /** The row {@link #read} read last. */
  public Sample sample() {
    return sample;
  }

  /**
   * Reads {@code row} and adds it to {@code state} (a row with a NULL argument is skipped): through
   * the batch while it holds rows of this state or none, else at once. Before {@code state} is
   * merged, evaluated or serialized, {@link #settle} it.
   */
  public void add(InternalRow row, LossState state) {
    try {
      // Rows of one state (a whole partition without GROUP BY, a group in sorted input) go
      // through the batch; rows of other states are added one by one.
      if (batch != null && batch.accepts(state)) {
        if (call.read(row, projection, batch)) {
          batch.commit(state);
        }
      } else if (arrays != null && arrays.accepts(state)) {
        if (readBehind(row)) {
          arrays.add(sample, state);
        }
      } else if (call.read(row, projection, sample, keyHash)) {
        call.kernel.add(sample, state);
      }
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  /**
   * Reads {@code row} into {@link #sample()}, as {@link #read}, while the array batch holds earlier
   * rows: a row that cannot be read (a NULL element) fails after them, so that an error among them
   * comes first, as row by row.
   */
  private boolean readBehind(InternalRow row) {
    try {
      return call.read(row, projection, sample, keyHash);
    } catch (LossDataException e) {
      arrays.flush();
      throw e;
    }
  }

  /**
   * Reads {@code row} and adds it to its bucket of {@code state}, as the call's interval or
   * comparison estimator buckets it (by the row's values or its key); a row with a NULL argument is
   * skipped.
   */
  public void add(InternalRow row, BucketedState state) {
    if (!read(row)) {
      return;
    }
    IntervalEstimator estimator = call.estimator;
    try {
      if (estimator.paired()) {
        if (pair == null) {
          pair = new PairedRow(sample);
        }
        if (call.keyed()) {
          estimator.addPair(pair, keyHash[0], state);
        } else {
          estimator.addPair(pair, state);
        }
      } else if (call.keyed()) {
        estimator.add(sample, keyHash[0], state);
      } else {
        estimator.add(sample, state);
      }
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  /** Adds the rows the batch holds for {@code state}, if any; a data error can surface here. */
  public void settle(LossState state) {
    if ((batch != null && batch.holds(state)) || (arrays != null && arrays.holds(state))) {
      flush();
    }
  }

  /** Adds every row the batches hold to their states; a data error can surface here. */
  public void flush() {
    try {
      if (batch != null) {
        batch.flush();
      }
      if (arrays != null) {
        arrays.flush();
      }
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }
}
