/**
 * Intervals and paired comparisons of losses: rows hashed into buckets ({@code BucketHash}, or a
 * key's hash), a {@link io.losseval.core.LossState} per bucket (and per side of a comparison) in a
 * {@link io.losseval.core.interval.BucketedState} with its versioned bytes, a sketch of distinct
 * keys that tells when ties leave too few independent buckets ({@code DistinctSketch}), and the
 * estimate from the buckets' results: a delete-a-group jackknife with Student's t quantiles ({@code
 * IntervalEstimator}, {@code Jackknife}, {@code StudentT}). {@code BucketBatch} holds batches of
 * scalar rows of many groups per group and bucket and adds them, with the bytes of adding them one
 * by one.
 *
 * <p>May use the Java platform and {@code io.losseval.core}; not the kernels of {@code
 * io.losseval.core.loss} by name, and no Spark ({@code LayeringTest}).
 */
package io.losseval.core.interval;
