package io.losseval.job.result;

import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Threshold;

/**
 * A threshold checked against one result row.
 *
 * @param threshold the limit
 * @param slice the slice value of the row it was checked on
 * @param value the number the threshold limits there (the result's value or a bound): null (no row
 *     aggregated, or too few rows for an interval) and NaN violate every limit
 * @param held whether the number is within the limit
 * @param estimate the result's value on that row (the loss, or a comparison's difference), which is
 *     {@code value} for a limit on the value; null where no row was aggregated
 * @param interval the result's interval on that row, or null when the result has none
 */
public record ThresholdOutcome(
    Threshold threshold,
    SliceKey slice,
    Double value,
    boolean held,
    Double estimate,
    Interval interval) {

  /**
   * An interval's bounds.
   *
   * @param lower the lower bound; null where the slice had too few rows for an interval
   * @param upper the upper bound, null as {@code lower}
   */
  public record Interval(Double lower, Double upper) {}

  /** An outcome of a limit on the value of a result without an interval. */
  ThresholdOutcome(Threshold threshold, SliceKey slice, Double value, boolean held) {
    this(threshold, slice, value, held, value, null);
  }

  /** Whether the result has an interval (its bounds may still be NULL on this row). */
  public boolean hasInterval() {
    return interval != null;
  }

  /** The lower bound, or null without an interval. */
  public Double lower() {
    return interval == null ? null : interval.lower();
  }

  /** The upper bound, or null without an interval. */
  public Double upper() {
    return interval == null ? null : interval.upper();
  }

  /**
   * "THRESHOLD VIOLATED: limit: number = value in slice keys", for a violated outcome, with the
   * result's value and interval where it has one, and why a number that is NULL is missing.
   */
  public String violation() {
    boolean onBound = threshold.bound() != Bound.VALUE;
    String context =
        !hasInterval()
            ? ""
            : " ("
                + (onBound
                    ? threshold.result() + " = " + estimate + ", "
                    : threshold.result() + " ")
                + "interval ["
                + lower()
                + ", "
                + upper()
                + "])";
    return "THRESHOLD VIOLATED: "
        + threshold.describe()
        + ": "
        + threshold.subject()
        + " = "
        + value
        + missing()
        + context
        + " in slice "
        + slice.describe();
  }

  /** Why the limited number is NULL ("" when it is not). */
  private String missing() {
    if (value != null) {
      return "";
    }
    if (estimate == null) {
      return " (no row aggregated)";
    }
    return " (no interval here: a hash bucket of the slice holds no row, as with fewer rows than "
        + "buckets, or the jackknife's estimates are not finite; a missing bound never passes)";
  }
}
