package io.losseval.core.interval;

/**
 * Two models' losses over the same rows, and their difference with its confidence interval.
 *
 * @param candidate the candidate's loss; null for a group without rows
 * @param baseline the baseline's loss; null for a group without rows
 * @param difference candidate minus baseline; null for a group without rows
 * @param bounds the interval of the difference from paired buckets, and its standard error; null as
 *     for {@link Interval#bounds}
 * @param rows the rows aggregated (the same on both sides)
 * @param noBounds why {@code bounds} is null (null when it is not)
 */
public record Comparison(
    Double candidate,
    Double baseline,
    Double difference,
    Bounds bounds,
    long rows,
    NoBounds noBounds)
    implements Bounded {}
