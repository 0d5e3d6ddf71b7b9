package io.losseval.job.result;

import io.losseval.job.config.JobConfig.Bound;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of an evaluation's results, as the console, the thresholds and a run record read it.
 *
 * @param slice the slice value the row holds
 * @param rows the input rows in that slice value
 * @param values each result's number by result name, in result order (a loss, or a comparison's
 *     candidate - baseline); null where no row was aggregated (SQL NULL), NaN where PyTorch gives
 *     NaN
 * @param skipped each evaluation's rows skipped because one of its columns was NULL
 * @param lower the lower bound of each result that has an interval, by result name; null where the
 *     slice had too few rows for one
 * @param upper the upper bounds, as {@code lower}
 */
public record ResultRow(
    SliceKey slice,
    long rows,
    Map<String, Double> values,
    Map<String, Long> skipped,
    Map<String, Double> lower,
    Map<String, Double> upper) {

  public ResultRow {
    values = copy(values);
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    lower = copy(lower);
    upper = copy(upper);
    if (!lower.keySet().equals(upper.keySet())) {
      throw new IllegalArgumentException(
          "lower bounds of " + lower.keySet() + " but upper bounds of " + upper.keySet());
    }
  }

  /** A row whose results have no intervals. */
  public ResultRow(
      SliceKey slice, long rows, Map<String, Double> values, Map<String, Long> skipped) {
    this(slice, rows, values, skipped, Map.of(), Map.of());
  }

  private static Map<String, Double> copy(Map<String, Double> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map)); // null values allowed
  }

  /** The number published as {@code result}: null when no row was aggregated. */
  public Double value(String result) {
    if (!values.containsKey(result)) {
      throw new IllegalArgumentException(
          "no result named " + result + "; results: " + values.keySet());
    }
    return values.get(result);
  }

  /** Whether {@code result} comes with an interval ({@code RESULT_lower}, {@code RESULT_upper}). */
  public boolean hasInterval(String result) {
    return lower.containsKey(result);
  }

  /** The result's value or a bound of its interval; the result must have one for a bound. */
  public Double number(String result, Bound bound) {
    if (bound == Bound.VALUE) {
      return value(result);
    }
    if (!hasInterval(result)) {
      throw new IllegalArgumentException(
          "result " + result + " has no interval; results with " + "one: " + lower.keySet());
    }
    return bound == Bound.LOWER ? lower.get(result) : upper.get(result);
  }
}
