package io.losseval.core.interval;

import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.OptionSpec.Range;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options an interval or a comparison adds to its loss's own: the confidence level and the
 * number of buckets. Declared here once as {@link OptionSpec}s and parsed with the loss's options
 * by {@link LossOptions}, so that SQL, the Dataset API and the job check them alike.
 *
 * @param confidence the two-sided coverage the interval aims at, in (0, 1)
 * @param buckets the number of hash buckets of the jackknife, from 2 to 1000
 */
public record IntervalOptions(double confidence, int buckets) implements Serializable {
  /** Option name of the confidence level. */
  public static final String CONFIDENCE = "confidence";

  /** Option name of the bucket count. */
  public static final String BUCKETS = "buckets";

  /** The smallest bucket count: one degree of freedom. */
  public static final int MIN_BUCKETS = 2;

  /**
   * The largest bucket count. A group keeps a loss state per bucket, so memory and the cost of the
   * result grow with it, while the t critical value hardly moves past a few dozen degrees of
   * freedom (2.093 for 19, 2.010 for 49, 1.962 for 999).
   */
  public static final int MAX_BUCKETS = 1000;

  /** The interval's options, in the order they are listed after a loss's own. */
  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.number(
                  CONFIDENCE,
                  0.95,
                  "the two-sided level: the probability that the interval covers the population "
                      + "value (the loss's, or in a comparison the difference's)")
              .allowing(new Range(0, false, 1, false)),
          OptionSpec.integer(
                  BUCKETS,
                  20,
                  "hash buckets of rows for the delete-a-bucket jackknife (buckets - 1 degrees of "
                      + "freedom)")
              .allowing(Range.between(MIN_BUCKETS, MAX_BUCKETS)));

  /** 95% over 20 buckets. */
  public static final IntervalOptions DEFAULT = new IntervalOptions(0.95, 20);

  public IntervalOptions {
    if (!(confidence > 0 && confidence < 1) || buckets < MIN_BUCKETS || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "confidence "
              + confidence
              + " must be in (0, 1) and "
              + "buckets "
              + buckets
              + " from "
              + MIN_BUCKETS
              + " to "
              + MAX_BUCKETS);
    }
  }

  /**
   * The options an interval of a loss with options {@code lossSpecs} accepts: the loss's, then
   * these.
   */
  public static List<OptionSpec> specs(List<OptionSpec> lossSpecs) {
    List<OptionSpec> all = new ArrayList<>(lossSpecs);
    for (OptionSpec s : SPECS) {
      if (lossSpecs.stream().anyMatch(o -> o.name().equals(s.name()))) {
        throw new IllegalStateException(
            "a loss option is named '" + s.name() + "', as an interval option is");
      }
      all.add(s);
    }
    return all;
  }

  /**
   * A call's raw options split into the loss's and the interval's, after every option was checked
   * (names, types, ranges) against {@link #specs}: unknown names, wrong types and values out of
   * range fail with a message naming {@code function}, the option, the value and what is allowed.
   *
   * @param lossOptions the options that belong to the loss, as given (raw)
   * @param interval the interval's options, defaults filled in
   */
  public record Split(Map<String, Object> lossOptions, IntervalOptions interval) {}

  /** Checks {@code raw} against the loss's and the interval's options and splits it. */
  public static Split split(String function, List<OptionSpec> lossSpecs, Map<String, ?> raw) {
    LossOptions all = LossOptions.parse(function, specs(lossSpecs), raw);
    Map<String, Object> loss = new LinkedHashMap<>();
    if (raw != null) {
      raw.forEach(
          (k, v) -> {
            if (!k.equals(CONFIDENCE) && !k.equals(BUCKETS)) {
              loss.put(k, v);
            }
          });
    }
    return new Split(
        loss, new IntervalOptions(all.getDouble(CONFIDENCE), (int) all.getLong(BUCKETS)));
  }
}
