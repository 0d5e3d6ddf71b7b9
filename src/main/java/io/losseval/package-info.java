/**
 * spark-loss-evaluator: PyTorch's {@code torch.nn} losses as exact Spark aggregates. This package
 * holds only {@link io.losseval.PublicApi}, the mark of the classes users may rely on; the code is
 * in its sub-packages: {@code core} (the losses, no Spark), {@code spark} (the SQL functions and
 * their Spark adapters), {@code ml} (the Spark ML evaluator) and {@code job} (the batch job).
 *
 * <p>May use the JDK only.
 */
package io.losseval;
