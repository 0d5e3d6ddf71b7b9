package io.losseval.core.interval;

/**
 * A loss over a group of rows with its confidence interval.
 *
 * @param value the loss, bit for bit what the loss itself gives for the group; null for a group
 *     without rows; NaN where PyTorch gives NaN
 * @param bounds the interval and the standard error; null when the group is too small (a bucket
 *     without rows, which includes groups of fewer rows than buckets) or when the value, a
 *     leave-one-bucket-out estimate or a bound is NaN or infinite
 * @param rows the rows aggregated
 */
public record Interval(Double value, Bounds bounds, long rows) implements Bounded {}
