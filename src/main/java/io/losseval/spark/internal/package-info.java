/**
 * What every Spark line needs, once: Java lists to and from Scala sequences on Scala 2.12 and 2.13
 * ({@link io.losseval.spark.internal.ScalaSeqs}), Catalyst tree nodes that copy themselves over new
 * children on both ({@link io.losseval.spark.internal.TreeNodes}), the one conversion of Spark's
 * number types to doubles ({@link io.losseval.spark.internal.NumberType}), and the log filter that
 * keeps rejected rows' stack traces out of Spark's log ({@link
 * io.losseval.spark.internal.QuietLogs}). Public for the other rooms, not for users.
 *
 * <p>May use Spark SQL, Scala's library and Log4j 2; never another room of the adapters ({@code
 * io.losseval.spark}, {@code row}, {@code columnar}), the job or the evaluator.
 */
package io.losseval.spark.internal;
