package io.losseval.job.result;

import io.losseval.job.config.JobConfig.Threshold;
import java.util.ArrayList;
import java.util.List;

/**
 * What one threshold came to over all the rows it was checked on: held or violated, where, and the
 * row closest to (or furthest beyond) its limit.
 *
 * @param threshold the limit
 * @param checked how many result rows it was checked on
 * @param violations the outcomes that broke the limit, in row order
 * @param worst the outcome furthest beyond the limit, or with the least room within it (NULL and
 *     NaN first); null when the threshold was checked on no row
 */
public record ThresholdVerdict(
    Threshold threshold, int checked, List<ThresholdOutcome> violations, ThresholdOutcome worst) {

  public ThresholdVerdict {
    violations = List.copyOf(violations);
  }

  public boolean held() {
    return violations.isEmpty();
  }

  /** One verdict per threshold, in threshold order, from the outcomes of all of them. */
  public static List<ThresholdVerdict> of(
      List<Threshold> thresholds, List<ThresholdOutcome> outcomes) {
    List<ThresholdVerdict> out = new ArrayList<>();
    for (Threshold t : thresholds) {
      int checked = 0;
      List<ThresholdOutcome> violations = new ArrayList<>();
      ThresholdOutcome worst = null;
      for (ThresholdOutcome o : outcomes) {
        if (o.threshold() != t) { // the same limit may be listed twice: tell them apart by identity
          continue;
        }
        checked++;
        if (!o.held()) {
          violations.add(o);
        }
        if (worst == null || t.excess(o.value()) > t.excess(worst.value())) {
          worst = o;
        }
      }
      out.add(new ThresholdVerdict(t, checked, violations, worst));
    }
    return List.copyOf(out);
  }
}
