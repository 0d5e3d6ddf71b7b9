/**
 * The public API of the Spark adapters: what a user's code, configuration and docs name. {@link
 * io.losseval.spark.LossExtensions} (the session extension that registers every SQL function),
 * {@link io.losseval.spark.LossFunctions} (the same for a running session), {@link
 * io.losseval.spark.LossColumns} (the functions as Dataset {@code Column}s), {@link
 * io.losseval.spark.LossSql} (the functions' SQL text), {@link io.losseval.spark.LossConf} (the
 * {@code spark.losseval.*} session keys) and {@link io.losseval.spark.LossDataError} (the error a
 * rejected row raises). Every class here is marked {@link io.losseval.PublicApi}.
 *
 * <p>The work is done in three rooms below: {@code row} (the Catalyst expressions, the SQL-name
 * registry and the one row reader), {@code columnar} (the partial aggregate over column batches)
 * and {@code internal} (what every Spark line needs: Scala collections, Catalyst tree nodes, the
 * number conversion, quiet logs). May use Spark SQL, {@code io.losseval.core} and the three rooms;
 * nothing of {@code io.losseval.job} or {@code io.losseval.ml}.
 */
package io.losseval.spark;
