package io.losseval.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of an evaluation's results, as the console, the thresholds and a run record read it.
 *
 * @param slice the slice value the row holds
 * @param rows the input rows in that slice value
 * @param values each evaluation's loss by result name, in result order; null where no row was
 *     aggregated (SQL NULL), NaN where PyTorch gives NaN
 * @param skipped each evaluation's rows skipped because one of its columns was NULL
 */
record ResultRow(SliceKey slice, long rows, Map<String, Double> values,
    Map<String, Long> skipped) {

  ResultRow {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // null values allowed
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
  }

  /** The loss published as {@code result}: null when no row was aggregated. */
  Double value(String result) {
    if (!values.containsKey(result)) {
      throw new IllegalArgumentException("no result named " + result + "; results: "
          + values.keySet());
    }
    return values.get(result);
  }
}
