/**
 * The row path: the Catalyst expressions behind every SQL function ({@link
 * io.losseval.spark.row.LossAggregate} for {@code <loss>}, {@link
 * io.losseval.spark.row.LossIntervalAggregate} for {@code <loss>_ci} and {@code <loss>_compare},
 * {@code LossRowExpression} for {@code <loss>_none}, with {@link
 * io.losseval.spark.row.NumberRowLoss}, what its generated code calls), the parsed call they share
 * ({@code LossCall}, {@code CallOptions}, {@code LossNode}, {@code InputReader}, {@code
 * BucketKey}), the SQL-name registry ({@link io.losseval.spark.row.SqlFunctionRegistry}, {@link
 * io.losseval.spark.row.LossForm}), and the one row reader ({@link
 * io.losseval.spark.row.RowReader}) through which every expression reads Spark's rows.
 *
 * <p>The columnar path reaches this room through {@link io.losseval.spark.row.BoundLoss} (a loss
 * aggregate bound to its columns: the kernel, an interval's estimator and key hash, a row reader,
 * error location) and the aggregates' {@code bind}, nothing else. Spark-internal API (Catalyst),
 * one source for Spark 3.5 to 4.2; public classes here are public for the other rooms, not for
 * users.
 *
 * <p>May use Spark SQL's Catalyst, {@code io.losseval.core}, {@code io.losseval.spark.internal},
 * and {@link io.losseval.spark.LossDataError} from the API room; never the columnar room.
 */
package io.losseval.spark.row;
