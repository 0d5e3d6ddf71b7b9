package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.spark.LossDataError;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A loss aggregate bound to the columns of another operator's input: all the columnar path takes
 * from the row path. The columnar operator reads number and array columns itself and hands them to
 * the {@link #kernel()}; what it cannot read as columns (vectors, nested arrays, computed
 * arguments) it reads row by row through a {@link #newReader}; a data error it meets, it reports
 * through {@link #located}, as the row path would.
 */
public interface BoundLoss extends Serializable {
  /** The kernel bound to the call's options and argument shapes. */
  LossKernel kernel();

  /**
   * A reader of the call's arguments from rows, for one task; with {@code batching}, scalar rows of
   * one state are buffered and added in batches (see {@link RowReader#add}).
   */
  RowReader newReader(boolean batching);

  /**
   * For an interval or a comparison ({@code <loss>_ci}, {@code <loss>_compare}), its estimator,
   * whose {@code BucketedState} is the buffer; null for a loss.
   */
  IntervalEstimator estimator();

  /**
   * The bucketing key's hash in {@code row} ({@code BucketHash.keyHash}), for a keyed interval or
   * comparison whose key is a column of {@code row}; a NULL key fails with a {@link
   * LossDataException} naming the key, as on the row path.
   */
  long keyHash(InternalRow row);

  /** {@code e} as the error a task reports: with the offending argument's column added. */
  LossDataError located(LossDataException e);
}
