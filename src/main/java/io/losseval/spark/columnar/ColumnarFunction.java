package io.losseval.spark.columnar;

import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * One aggregate function of a columnar partial aggregate, for one task: it keeps a partial buffer
 * per group in flat arrays indexed by group number and adds whole batches to them.
 */
interface ColumnarFunction {
  /** Makes room for groups {@code 0 .. capacity-1}. */
  void grow(int capacity);

  /** Adds the rows of {@code view} to their groups. */
  void update(ColumnarBatch view, BatchGroups groups);

  /**
   * The partial buffer of group {@code g} as Spark's own partial aggregate emits it (a count as a
   * Long, a loss state as its bytes). Called once per group before {@link #clear}.
   */
  Object partial(int g);

  /** Forgets every group's buffer (after they were emitted). */
  void clear(int groups);

  /** Bytes this function holds per group, for the task's memory accounting (an estimate). */
  long bytesPerGroup();

  /**
   * Bytes this function holds whatever the number of groups (scratch space and buffers), for the
   * task's memory accounting: at most this much beyond {@link #bytesPerGroup} per group; 0 unless a
   * function says otherwise.
   */
  default long bytesPerTask() {
    return 0;
  }
}
