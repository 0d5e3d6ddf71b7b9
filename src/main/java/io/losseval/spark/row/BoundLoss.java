package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.spark.LossDataError;
import java.io.Serializable;

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

  /** {@code e} as the error a task reports: with the offending argument's column added. */
  LossDataError located(LossDataException e);
}
