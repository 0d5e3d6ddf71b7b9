/**
 * The batch evaluation job, {@link io.losseval.job.EvaluateJob} (its name and package are what
 * {@code spark-submit --class} and the docs use): the outline of one run, from the command line
 * through the configuration, the query, the output and the report, with the job's {@link
 * io.losseval.job.ExitCode exit codes}, the one failure type that carries one ({@link
 * io.losseval.job.JobException}), the mapping of any failure to a code and a message ({@link
 * io.losseval.job.Failures}) and the log filter that keeps a reported failure to one line ({@link
 * io.losseval.job.QuietTaskFailures}).
 *
 * <p>The work is done in rooms, each a sub-package: {@code config} (the configuration, read and
 * checked before Spark starts), {@code result} (result rows, threshold checks, text formatting),
 * {@code query} (inputs, the evaluation query, SQL mode, rejected rows), {@code output} (atomic
 * writes, the manifest, the run record), {@code report} (the console and the HTML page) and {@code
 * stream} (the streaming mode, which reaches the other rooms only through {@link
 * io.losseval.job.JobDefinitions}, the configuration's strict reader and the exit codes). Every
 * room may use this package's exit codes and failures; this package may use every room, Spark, the
 * core, the public API of {@code io.losseval.spark} ({@link io.losseval.spark.LossFunctions}) and
 * its internal room ({@code io.losseval.spark.internal}: quiet logs); never the row path or the
 * columnar operator (JobRoomsTest). The rooms' public classes serve the job's rooms, not users: the
 * job's interface is its command line, configuration, exit codes and files (docs/job.md).
 */
package io.losseval.job;
