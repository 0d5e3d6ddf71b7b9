package io.losseval.core.loss;

import io.losseval.core.OptionSpec;
import io.losseval.core.OptionSpec.Range;

/** Options several losses share, with PyTorch's defaults, and a shared argument description. */
final class SharedOptions {
  private SharedOptions() {}

  static final OptionSpec CLASS_WEIGHT =
      OptionSpec.doubles("weight", "a weight per class (C numbers); none weighs every class 1");
  static final OptionSpec IGNORE_INDEX =
      OptionSpec.integer(
          "ignore_index", -100, "a target value that adds nothing and is left out of 'mean'");
  static final OptionSpec ELEMENT_WEIGHT =
      OptionSpec.doubles(
          "weight",
          "scales each element's loss: one number, or D numbers (one per position) for array rows");
  static final OptionSpec HINGE_MARGIN =
      OptionSpec.number("margin", 1.0, "the margin of the hinge for target -1")
          .allowing(Range.notNaN());
  static final OptionSpec TRIPLET_MARGIN =
      OptionSpec.number("margin", 1.0, "how much closer the positive must be than the negative")
          .allowing(Range.greaterThan(0));
  static final OptionSpec TRIPLET_SWAP =
      OptionSpec.bool(
          "swap",
          false,
          "use the smaller of d(anchor, negative) and d(positive, negative) as the negative distance");
  static final String ELEMENTWISE_ROWS = "a number, or an array of D numbers";
}
