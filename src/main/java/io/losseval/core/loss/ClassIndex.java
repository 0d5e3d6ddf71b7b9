package io.losseval.core.loss;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;

/** Reads a class-index target (an integer label, or a whole-valued double like MLlib's label). */
final class ClassIndex {
  /** Marks a target equal to {@code ignore_index}, or a padding entry. */
  static final int IGNORED = -1;

  private ClassIndex() {}

  /**
   * The class index of {@code label} among {@code classes}; fails with the value and the allowed
   * range when the label is not a whole number in [0, classes).
   */
  static int of(LossKernel kernel, int argument, String name, double label, int classes) {
    if (!valid(label, classes)) {
      throw invalid(kernel, argument, name, label, classes, "");
    }
    return (int) label;
  }

  /**
   * As {@link #of(LossKernel, int, String, double, int)}, but {@link #IGNORED} for {@code
   * ignoreIndex}.
   */
  static int of(
      LossKernel kernel, int argument, String name, double label, int classes, long ignoreIndex) {
    if (label == ignoreIndex) {
      return IGNORED;
    }
    if (!valid(label, classes)) {
      throw invalid(
          kernel, argument, name, label, classes, " (ignore_index = " + ignoreIndex + ")");
    }
    return (int) label;
  }

  /** An entry of a -1-padded list of class indices: the index, or {@link #IGNORED} for -1. */
  static int padded(LossKernel kernel, int argument, String name, double label, int classes) {
    if (label == -1.0) {
      return IGNORED;
    }
    if (!valid(label, classes)) {
      throw invalid(kernel, argument, name, label, classes, " or -1 (padding)");
    }
    return (int) label;
  }

  private static boolean valid(double label, int classes) {
    return label == Math.rint(label) && label >= 0 && label < classes;
  }

  private static LossDataException invalid(
      LossKernel kernel, int argument, String name, double label, int classes, String alsoAllowed) {
    if (label != Math.rint(label)) {
      return kernel.dataError(
          argument, name + " value " + label + " is not a whole-number class index");
    }
    // A whole number prints as one. Beyond 2^53 a double no longer holds every integer, so the
    // label read may be the column's value rounded: "about" says so.
    String value =
        Math.abs(label) < 0x1p53
            ? Long.toString((long) label)
            : Math.abs(label) < 0x1p63
                ? "about " + (long) label
                : "about " + new java.math.BigDecimal(label).toPlainString();
    return kernel.dataError(
        argument,
        name
            + " value "
            + value
            + " is out of range [0, "
            + classes
            + ")"
            + alsoAllowed
            + " for a row with "
            + classes
            + " classes");
  }

  /** Fails unless a per-class weight has one value per class. */
  static void checkWeight(LossKernel kernel, double[] weight, int classes) {
    if (weight != null && weight.length != classes) {
      throw kernel.dataError(
          0,
          "input has "
              + classes
              + " classes but option 'weight' has "
              + weight.length
              + " values; give one weight per class");
    }
  }
}
