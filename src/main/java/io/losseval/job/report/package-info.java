/**
 * What a person reads: the console's lines ({@link io.losseval.job.report.ConsoleReport}, tables by
 * {@link io.losseval.job.report.ConsoleTable}) and the self-contained HTML page ({@link
 * io.losseval.job.report.ReportPage}, its charts {@link io.losseval.job.report.ReportCharts} and
 * results table {@link io.losseval.job.report.ReportTable}), with HTML escaping in one place
 * ({@link io.losseval.job.report.Html}).
 *
 * <p>May use the configuration and result rooms and the run record of the output room; never Spark:
 * it reads the job's model and plain values, never Spark's rows.
 */
package io.losseval.job.report;
