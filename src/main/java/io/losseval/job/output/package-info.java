/**
 * What the job writes and where it may: atomic, all-or-nothing writes of a results directory or a
 * file ({@link io.losseval.job.output.AtomicOutput}) with the manifest that marks them as the job's
 * ({@link io.losseval.job.output.OutputManifest}), the checks made before anything is written or
 * deleted ({@link io.losseval.job.output.OutputGuard}, {@link io.losseval.job.output.InputOverlap}
 * on real paths, {@link io.losseval.job.output.RealPaths}), and the run record: its model ({@link
 * io.losseval.job.output.RunRecord}, {@link io.losseval.job.output.Versions}) and its file, {@code
 * _summary.json} ({@link io.losseval.job.output.SummaryJson}, JSON by {@link
 * io.losseval.job.output.Json}).
 *
 * <p>May use Spark and Hadoop's file system, Jackson (Spark's copy), Typesafe Config (the
 * manifest), the configuration and result rooms and the job's failures; never the query room or the
 * report room (what a report page is, is passed in), so that the report can read the record.
 */
package io.losseval.job.output;
