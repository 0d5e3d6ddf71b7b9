/**
 * The columnar path: a physical operator that runs the partial aggregation of loss functions (and
 * {@code count}) over column batches instead of rows. {@link
 * io.losseval.spark.columnar.ColumnarAggregateRule} plans it ({@code ColumnarSource} reads the
 * input as views of a columnar scan's batches); {@link
 * io.losseval.spark.columnar.ColumnarPartialAggregateExec} is the operator and {@code
 * ColumnarAggregation} one task of it; {@code GroupKeys}, {@code BatchGroups} and {@code
 * GroupMemory} number the groups and bound their memory; each function is a {@code
 * ColumnarFunction} ({@code ColumnarCount}, a {@code ColumnarLoss} of one of three modes: {@code
 * ColumnarNumberLoss}, {@code ColumnarArrayLoss}, {@code ColumnarRowLoss}, or a {@code
 * ColumnarInterval} for an interval or a comparison; {@code CompleteRows} finds the rows they add).
 * It emits exactly the rows Spark's own partial aggregate would, so the shuffle and the final
 * aggregate are Spark's.
 *
 * <p>May use Spark SQL's execution API, {@code io.losseval.core}, {@code
 * io.losseval.spark.internal}, {@link io.losseval.spark.LossConf} and {@link
 * io.losseval.spark.LossDataError} of the API room, and of the row room only {@link
 * io.losseval.spark.row.LossAggregate} and {@link io.losseval.spark.row.LossIntervalAggregate} (to
 * recognise and bind them), {@link io.losseval.spark.row.BoundLoss} and {@link
 * io.losseval.spark.row.RowReader}.
 */
package io.losseval.spark.columnar;
