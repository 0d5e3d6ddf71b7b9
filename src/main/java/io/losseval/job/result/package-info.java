/**
 * An evaluation's results as the job reads them, without Spark: a result row ({@link
 * io.losseval.job.result.ResultRow}) and its slice ({@link io.losseval.job.result.SliceKey}), the
 * threshold checks ({@link io.losseval.job.result.Thresholds#check}, the entry point, a pure
 * function over result rows) and their outcomes and verdicts, the comparisons' verdicts, the run's
 * figures ({@link io.losseval.job.result.RunSummary}), and {@link
 * io.losseval.job.result.TextFormat}, the one place that writes values, numbers and counts as text
 * for the console, the report, the run record and the error messages.
 *
 * <p>May use the configuration model ({@code io.losseval.job.config}) and the job's exit codes; not
 * Spark (Scala's sequence type only, as Spark's rows hold arrays), nor the query, output or report
 * rooms.
 */
package io.losseval.job.result;
