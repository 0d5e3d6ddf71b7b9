package io.losseval.job.config;

import com.typesafe.config.ConfigValue;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.JobConfig.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code thresholds} list, read and checked before Spark starts: each about a known result, a
 * bound only of a result with an interval, an overall one only where the slices have an overall
 * entry.
 */
final class ThresholdReader {
  private ThresholdReader() {}

  static List<Threshold> thresholds(
      StrictConfig root,
      Map<String, Evaluation> evaluations,
      Map<String, Comparison> comparisons,
      List<List<String>> slices) {
    if (!root.has("thresholds")) {
      return List.of();
    }
    List<? extends ConfigValue> list = root.list("thresholds");
    List<String> results = new ArrayList<>(evaluations.keySet());
    results.addAll(comparisons.keySet());
    List<String> bounds = Stream.of(Bound.values()).map(Bound::key).toList();
    List<Threshold> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String prefix = "thresholds[" + i + "]";
      StrictConfig t = StrictConfig.element(list.get(i), prefix, "{ result = NAME, max = NUMBER }");
      t.allow("result", "min", "max", "scope", "bound");
      String result = t.choice("result", results, null);
      Bound bound =
          Bound.valueOf(t.choice("bound", bounds, Bound.VALUE.key()).toUpperCase(Locale.ROOT));
      Evaluation evaluation = evaluations.get(result);
      if (bound != Bound.VALUE && evaluation != null && !evaluation.hasInterval()) {
        throw JobException.config(
            prefix
                + ".bound: "
                + bound.key()
                + " needs an interval, but "
                + "evaluations."
                + result
                + " has none"
                + t.where("bound")
                + "; set evaluations."
                + result
                + ".confidence (e.g. 0.95) to compute one");
      }
      Double min = t.has("min") ? t.number("min") : null;
      Double max = t.has("max") ? t.number("max") : null;
      if (min == null && max == null) {
        throw JobException.config(
            prefix
                + ": give max (value <= max), min (value >= min) or "
                + "both"
                + t.where("result"));
      }
      boolean everySlice =
          t.choice("scope", List.of(Threshold.OVERALL, Threshold.EVERY_SLICE), Threshold.OVERALL)
              .equals(Threshold.EVERY_SLICE);
      if (!everySlice && !slices.contains(JobConfig.OVERALL)) {
        throw JobException.config(
            prefix
                + ".scope: the threshold applies to the overall row, "
                + "but slices has no overall entry []; add [] to slices or set scope = "
                + Threshold.EVERY_SLICE);
      }
      out.add(new Threshold(result, min, max, everySlice, bound));
    }
    return List.copyOf(out);
  }
}
