/**
 * What the job runs on Spark: the inputs registered as views ({@link
 * io.losseval.job.query.Inputs}), the rows to evaluate and the one-pass evaluation query with its
 * checks against the input's schema ({@link io.losseval.job.query.EvaluationQuery}), the second
 * pass that finds the rows a loss rejects ({@link io.losseval.job.query.RejectedRows}), SQL mode
 * ({@link io.losseval.job.query.SqlMode}) with its statement checks ({@link
 * io.losseval.job.query.SqlStatements}), and the sample data ({@link
 * io.losseval.job.query.SampleData}).
 *
 * <p>May use Spark and Hadoop's file system, the public API of {@code io.losseval.spark} ({@link
 * io.losseval.spark.LossSql}) and its internal room (Scala collections), the core, the
 * configuration and result rooms, the output room (SQL mode writes its result; inputs are located
 * for the overlap check) and the console of the report room (SQL mode prints its result).
 */
package io.losseval.job.query;
