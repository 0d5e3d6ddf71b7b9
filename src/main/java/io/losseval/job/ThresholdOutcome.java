package io.losseval.job;

import io.losseval.job.JobConfig.Threshold;

/**
 * A threshold checked against one result row.
 *
 * @param threshold the limit
 * @param slice the slice value of the row it was checked on
 * @param value the result's value there: null (no row aggregated) and NaN violate every limit
 * @param held whether the value is within the limit
 */
record ThresholdOutcome(Threshold threshold, SliceKey slice, Double value, boolean held) {

  /** "THRESHOLD VIOLATED: limit: result = value in slice keys", for a violated outcome. */
  String violation() {
    return "THRESHOLD VIOLATED: " + threshold.describe() + ": " + threshold.result() + " = "
        + value + " in slice " + slice.describe();
  }
}
