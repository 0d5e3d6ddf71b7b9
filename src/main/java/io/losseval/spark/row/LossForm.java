package io.losseval.spark.row;

import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import io.losseval.core.interval.IntervalOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL functions each loss {@code L} has, in one place: {@code L} (the aggregate), {@code
 * L_none} (per row), {@code L_ci} (the aggregate with a confidence interval) and {@code L_compare}
 * (two models' losses over the same rows, with the interval of the difference): their names,
 * argument lists and options.
 */
public enum LossForm {
  AGGREGATE(""),
  PER_ROW("_none"),
  INTERVAL("_ci"),
  COMPARISON("_compare");

  /** The name of the option that gives an interval's or a comparison's bucketing key. */
  public static final String KEY = "key";

  private final String suffix;

  LossForm(String suffix) {
    this.suffix = suffix;
  }

  /** The SQL name of this form of {@code d}. */
  public String name(LossDefinition d) {
    return d.name() + suffix;
  }

  public String suffix() {
    return suffix;
  }

  /** Tensor arguments in a call: the loss's, twice (candidate, then baseline) for a comparison. */
  public int tensors(LossDefinition d) {
    return d.arguments().size() * (this == COMPARISON ? 2 : 1);
  }

  /**
   * The tensor arguments' names: for a comparison, {@code candidate_input, ..., baseline_input,
   * ...}.
   */
  public List<String> tensorNames(LossDefinition d) {
    if (this != COMPARISON) {
      return d.arguments();
    }
    List<String> names = new ArrayList<>();
    d.arguments().forEach(a -> names.add("candidate_" + a));
    d.arguments().forEach(a -> names.add("baseline_" + a));
    return names;
  }

  /** Whether a reduction may follow the tensors (all but the per-row form). */
  public boolean takesReduction() {
    return this != PER_ROW;
  }

  /** Whether this form estimates an interval by hash buckets (and so takes their options). */
  public boolean bucketed() {
    return this == INTERVAL || this == COMPARISON;
  }

  /** The options a call of this form accepts: the loss's, and for intervals theirs. */
  public List<OptionSpec> options(LossDefinition d) {
    return bucketed() ? IntervalOptions.specs(d.options()) : d.options();
  }

  /** {@code name(t1, t2 [, reduction] [, named_struct(options...)])}. */
  public String usage(LossDefinition d) {
    return name(d)
        + "("
        + String.join(", ", tensorNames(d))
        + (takesReduction() ? " [, reduction]" : "")
        + " [, named_struct(options...)])";
  }
}
