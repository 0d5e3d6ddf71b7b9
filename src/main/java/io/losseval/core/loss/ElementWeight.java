package io.losseval.core.loss;

import io.losseval.core.LossKernel;
import io.losseval.core.LossOptions;
import java.io.Serializable;

/**
 * An option that scales each element's loss (BCE's {@code weight} and {@code pos_weight}): absent,
 * one number for every element, or, for array rows, one value per position of a row (PyTorch's
 * broadcast along the last axis). The one place these options are checked against rows.
 */
final class ElementWeight implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final double[] values;

  private ElementWeight(String name, double[] values) {
    this.name = name;
    this.values = values;
  }

  /** The option {@code name}, checked at analysis time against the shape of the rows. */
  static ElementWeight of(LossOptions options, String name, boolean arrayRows) {
    double[] values = options.getDoubles(name);
    if (values != null && values.length != 1 && !arrayRows) {
      throw options.invalid(name, "for rows of single numbers it must be a single number");
    }
    if (values != null && values.length == 0) {
      throw options.invalid(
          name, "it must have one value per element of a row, or be a single number");
    }
    return new ElementWeight(name, values);
  }

  /** Whether the option was given. */
  boolean given() {
    return values != null;
  }

  /** Fails unless the option fits a row of {@code n} elements. */
  void check(LossKernel kernel, int n) {
    if (values != null && values.length != 1 && values.length != n) {
      throw kernel.dataError(
          0,
          "input has "
              + n
              + " elements but option '"
              + name
              + "' has "
              + values.length
              + "; the "
              + name
              + " must have one value per element of a row, or be "
              + "a single number");
    }
  }

  /** The value at position {@code i} of a row (1 when absent); call {@link #check} first. */
  double at(int i) {
    return values == null ? 1.0 : values[values.length == 1 ? 0 : i];
  }
}
