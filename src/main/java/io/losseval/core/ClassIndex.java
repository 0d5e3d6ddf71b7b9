package io.losseval.core;

/** Reads a class-index target (an integer label, or a whole-valued double like MLlib's label). */
final class ClassIndex {
  /** Marks a target equal to {@code ignore_index}. */
  static final int IGNORED = -1;

  private ClassIndex() {}

  /**
   * The class index of {@code label} among {@code classes}, or {@link #IGNORED}; fails with the
   * value and the allowed range when the label is not a whole number in [0, classes).
   */
  static int of(LossKernel kernel, int argument, String name, double label, int classes,
      long ignoreIndex) {
    if (label == ignoreIndex) {
      return IGNORED;
    }
    if (label != Math.rint(label)) {
      throw kernel.dataError(argument, name + " value " + label + " is not a whole-number class index");
    }
    if (label < 0 || label >= classes) {
      throw kernel.dataError(argument, name + " value " + (long) label + " is out of range [0, "
          + classes + ") for a row with " + classes + " classes (ignore_index = " + ignoreIndex + ")");
    }
    return (int) label;
  }

  /** Fails unless a per-class weight has one value per class. */
  static void checkWeight(LossKernel kernel, double[] weight, int classes) {
    if (weight != null && weight.length != classes) {
      throw kernel.dataError(0, "input has " + classes + " classes but option 'weight' has "
          + weight.length + " values; give one weight per class");
    }
  }
}
