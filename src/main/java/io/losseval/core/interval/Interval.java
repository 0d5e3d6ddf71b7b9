package io.losseval.core.interval;

/**
 * A loss over a group of rows with its confidence interval.
 *
 * @param value the loss, bit for bit what the loss itself gives for the group; null for a group
 *     without rows; NaN where PyTorch gives NaN
 * @param bounds the interval and the standard error; null when the group is too small (a bucket
 *     without rows, which includes groups of fewer rows than buckets), when without a key its rows
 *     hold too few distinct values, or when the value, a leave-one-bucket-out estimate or a bound
 *     is NaN or infinite
 * @param rows the rows aggregated
 * @param noBounds why {@code bounds} is null (null when it is not)
 */
public record Interval(Double value, Bounds bounds, long rows, NoBounds noBounds)
    implements Bounded {}
