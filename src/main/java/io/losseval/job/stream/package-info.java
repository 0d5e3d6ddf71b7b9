/**
 * The job's streaming mode: the batch job's evaluations, slices and thresholds per event-time
 * window over rows arriving in a folder or a Kafka topic, each window written once to a sink (a
 * folder or a Kafka topic) when the watermark passes it ({@link io.losseval.job.stream.StreamJob},
 * configured by {@link io.losseval.job.stream.StreamConfig}).
 *
 * <p>May use Spark's SQL and streaming API, Hadoop's file system, and from the batch job only its
 * public doors: {@link io.losseval.job.JobDefinitions} (configuration, aggregation and threshold
 * checks, exactly the batch job's), {@link io.losseval.job.config.StrictConfig} (the
 * configuration's strict reader), {@link io.losseval.job.JobException} and {@link
 * io.losseval.job.ExitCode}. Nothing of {@code io.losseval.spark} or {@code io.losseval.core}
 * directly: the losses come through the batch job's query.
 */
package io.losseval.job.stream;
