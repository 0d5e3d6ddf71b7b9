package io.losseval.job;

import io.losseval.job.JobConfig.Threshold;

/**
 * A threshold checked against one result row.
 *
 * @param threshold the limit
 * @param slice the slice value of the row it was checked on
 * @param value the number the threshold limits there (the result's value or a bound): null (no
 *     row aggregated, or too few rows for an interval) and NaN violate every limit
 * @param held whether the number is within the limit
 * @param interval the result's interval on that row, or null when the result has none
 */
record ThresholdOutcome(Threshold threshold, SliceKey slice, Double value, boolean held,
    Interval interval) {

  /**
   * An interval's bounds.
   *
   * @param lower the lower bound; null where the slice had too few rows for an interval
   * @param upper the upper bound, null as {@code lower}
   */
  record Interval(Double lower, Double upper) {}

  /** An outcome of a result without an interval. */
  ThresholdOutcome(Threshold threshold, SliceKey slice, Double value, boolean held) {
    this(threshold, slice, value, held, null);
  }

  /** Whether the result has an interval (its bounds may still be NULL on this row). */
  boolean hasInterval() {
    return interval != null;
  }

  /** The lower bound, or null without an interval. */
  Double lower() {
    return interval == null ? null : interval.lower();
  }

  /** The upper bound, or null without an interval. */
  Double upper() {
    return interval == null ? null : interval.upper();
  }

  /**
   * "THRESHOLD VIOLATED: limit: result = value in slice keys", for a violated outcome, with
   * the result's interval where it has one.
   */
  String violation() {
    return "THRESHOLD VIOLATED: " + threshold.describe() + ": " + threshold.subject() + " = "
        + value + (hasInterval() ? " (" + threshold.result() + " interval [" + lower() + ", "
        + upper() + "])" : "") + " in slice " + slice.describe();
  }
}
