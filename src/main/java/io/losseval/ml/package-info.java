/**
 * Spark ML integration: {@link io.losseval.ml.LossEvaluator}, an MLlib {@code Evaluator} for any of
 * the project's losses, for {@code CrossValidator} and {@code TrainValidationSplit}.
 *
 * <p>May use Spark SQL, Spark MLlib (provided by the cluster; only this package needs it), the
 * public Dataset API of {@code io.losseval.spark} ({@link io.losseval.spark.LossColumns}) so that
 * an evaluation runs exactly the aggregate SQL runs, and {@code io.losseval.core} for the loss
 * catalog, option checks and exact sums. Nothing else in the project depends on this package.
 */
package io.losseval.ml;
