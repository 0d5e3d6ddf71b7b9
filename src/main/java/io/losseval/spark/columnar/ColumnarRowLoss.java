package io.losseval.spark.columnar;

import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A loss whose arguments the columnar path does not read as columns (vectors, nested arrays,
 * computed arguments, or a kernel that takes rows one at a time): each row of the batch goes
 * through the row path's reader, batched when there is one group (no GROUP BY).
 */
final class ColumnarRowLoss extends ColumnarLoss {
  ColumnarRowLoss(Spec spec, boolean grouped) {
    super(spec, !grouped);
  }

  @Override
  void add(ColumnarBatch view, BatchGroups groups) {
    addRowByRow(view, groups);
  }
}
