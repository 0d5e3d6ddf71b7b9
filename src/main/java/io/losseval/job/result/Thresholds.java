package io.losseval.job.result;

import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Threshold;
import io.losseval.job.result.ThresholdOutcome.Interval;
import java.util.ArrayList;
import java.util.List;

/** Checks thresholds against result rows: a pure function, no Spark, no printing. */
public final class Thresholds {
  private Thresholds() {}

  /**
   * One outcome per threshold and result row in its scope, in threshold order then row order: the
   * overall rows for an overall threshold, every row for an every-slice one. Rows are recognised as
   * overall by their slice, not by any text. A threshold limits the result's value or, with a
   * bound, that bound of the result's interval.
   */
  public static List<ThresholdOutcome> check(List<ResultRow> rows, List<Threshold> thresholds) {
    List<ThresholdOutcome> out = new ArrayList<>();
    for (Threshold t : thresholds) {
      for (ResultRow r : rows) {
        if (t.everySlice() || r.slice().overall()) {
          Double value = r.number(t.result(), t.bound());
          out.add(
              new ThresholdOutcome(
                  t,
                  r.slice(),
                  value,
                  t.holds(value),
                  r.value(t.result()),
                  r.hasInterval(t.result())
                      ? new Interval(
                          r.number(t.result(), Bound.LOWER), r.number(t.result(), Bound.UPPER))
                      : null));
        }
      }
    }
    return List.copyOf(out);
  }
}
